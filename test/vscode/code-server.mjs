// Starts and stops code-server (VS Code in the browser) for the VS Code suites, the end-to-end
// flows and the demo: fresh temp dirs per start, loopback only, its own process group so that
// stopping it leaves no child behind. See ../../../shared/TESTBED.md section 1 and README.md here.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { node24Path } from '../../scripts/node-runtime.mjs';
import { chromiumPath, codeServerBin } from './install.mjs';

export { chromiumPath };

// Settings that keep a test run quiet and deterministic: no welcome page, no trust prompt,
// no update or telemetry traffic, no recommendations popping up over the UI under test.
export const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

const live = new Set();
// Last resort (a crash, process.exit): never leave a code-server behind.
process.on('exit', () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/**
 * For processes with no signal handling of their own (node:test files): on SIGINT/SIGTERM/SIGHUP
 * kill every code-server this process started, then exit. Runners that clean up themselves skip it.
 */
export function stopAllOnSignals() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const pgid of live) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]);
    });
  }
}

function checkInstalled() {
  if (!existsSync(node24Path) || !existsSync(codeServerBin)) {
    throw new Error(
      'code-server is not installed: run `node scripts/setup.mjs vscode` (or `node test/vscode/install.mjs`).',
    );
  }
}

function baseArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function makeDirs(settings) {
  const tmp = mkdtempSync(join(tmpdir(), 'flink-vscode-cs-'));
  const dirs = {
    tmp,
    config: join(tmp, 'config.yaml'),
    userData: join(tmp, 'user-data'),
    extensions: join(tmp, 'extensions'),
    data: join(tmp, 'xdg-data'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.data, join(dirs.userData, 'User')])
    mkdirSync(d, { recursive: true });
  // Always pass --config: without it code-server writes one into ~/.config.
  writeFileSync(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...settings }, null, 2),
  );
  return dirs;
}

/** Installs a .vsix into the extensions dir (offline: the file is all it needs). */
function installVsix(dirs, vsix, env) {
  const r = spawnSync(node24Path, [codeServerBin, ...baseArgs(dirs), '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(
      `code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`,
    );
}

/**
 * Starts code-server on a free loopback port with `workspace` open.
 * @param {object} o
 * @param {string} o.workspace folder to open
 * @param {Record<string,string>} [o.env] added to the environment (reaches the extension host)
 * @param {string[]} [o.args] extra code-server flags
 * @param {string} [o.vsix] a packaged extension to install first
 * @param {object} [o.settings] user settings on top of defaultSettings
 * @param {string} [o.logFile] where code-server's stdout/stderr go
 * @param {number} [o.timeoutMs] how long to wait for the listening line
 * @param {number} [o.port] a fixed port on 127.0.0.1 (default: a free one)
 * @param {boolean} [o.workspaceTrust] keep VS Code's workspace trust on (default: off, no prompt)
 */
export async function startCodeServer(o) {
  checkInstalled();
  const dirs = makeDirs(o.settings ?? {});
  // XDG_DATA_HOME: code-server keeps its own logs there; keep them out of ~.
  // EXTENSIONS_GALLERY={}: no marketplace, so VS Code never tries to reach open-vsx.org.
  const env = {
    ...process.env,
    XDG_DATA_HOME: dirs.data,
    NO_PROXY: '127.0.0.1,localhost',
    EXTENSIONS_GALLERY: '{}',
    ...o.env,
  };
  if (o.vsix) installVsix(dirs, o.vsix, env);

  const args = [
    codeServerBin,
    ...baseArgs(dirs),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${o.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(o.args ?? []),
    o.workspace,
  ];
  const child = spawn(node24Path, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child.pid);
  let log;
  if (o.logFile) {
    mkdirSync(dirname(o.logFile), { recursive: true });
    log = createWriteStream(o.logFile);
  }
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child.pid);
      resolve({ code, signal });
    }),
  );

  const stop = async ({ keepDirs = false } = {}) => {
    if (live.has(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(t);
      // The group may hold children (extension host, pty host) that outlive the server.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    log?.end();
    if (!keepDirs) rmSync(dirs.tmp, { recursive: true, force: true });
  };

  try {
    const url = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(
        () => reject(new Error(`code-server did not start listening within ${o.timeoutMs ?? 120_000} ms`)),
        o.timeoutMs ?? 120_000,
      );
      const onData = (chunk) => {
        log?.write(chunk);
        buf += chunk.toString();
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
        if (buf.length > 1e6) buf = buf.slice(-1e5);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${buf.slice(-4000)}`));
      });
    });
    const port = Number(new URL(url).port);
    return { url, port, pid: child.pid, dirs, stop, exited };
  } catch (e) {
    await stop({ keepDirs: false });
    throw e;
  }
}

/**
 * The URL that opens `folder` and, with `payload`, runs extension tests in the browser
 * (needs code-server started with `--vscode-option enable-smoke-test-driver`).
 */
export function workbenchUrl(base, folder, payload) {
  const u = new URL(base + '/');
  u.searchParams.set('folder', folder);
  if (payload) u.searchParams.set('payload', JSON.stringify(payload));
  return u.toString();
}

/** The extension-test payload: paths on the server, as vscode-remote URIs of this server. */
export function testPayload(port, extensionDevelopmentPath, extensionTestsPath) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  return [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
