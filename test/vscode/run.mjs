// Runs the extension tests (test/vscode/suite) inside a real VS Code: code-server with the
// smoke-test driver, the extension loaded from this checkout (extensionDevelopmentPath) and the
// mocha suite as extensionTestsPath, opened in Debian's Chromium through playwright-core.
//
//   node test/vscode/run.mjs            (npm test runs it as the `vscode` suite)
//
//   node test/vscode/run.mjs --extensions-dir test/vscode/fake-extensions
//                                       (other extensions, one folder each, installed for this run only;
//                                        their ids reach the suite as FLINK_TEST_EXTENSIONS)
//
// Env: TESTBED_STATE (test bed state JSON; its kubeconfig and Flink URL reach the extension host),
// VSCODE_SUITE_GREP (mocha grep), VSCODE_RUN_TIMEOUT_MS (whole run, default 15 min).
// Writes test-results/vscode-summary.json = {"passed":N,"failed":N}; on failure keeps a
// screenshot, code-server's output and the extension host logs under test-results/vscode/.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, startCodeServer, testPayload, workbenchUrl } from './code-server.mjs';
import { chromiumPath } from './install.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const suiteSrc = join(root, 'test/vscode/suite');
export const suiteOut = join(root, 'out/test/suite');
const results = join(root, 'test-results');
// A run with other extensions keeps its artifacts apart, so it never erases the main run's.
const artifacts = join(results, process.argv.includes('--extensions-dir') ? 'vscode-extensions' : 'vscode');
const summaryPath = join(results, 'vscode-summary.json');
const suiteSummaryPath = join(artifacts, 'suite-summary.json');
export const workspaceFixture = join(root, 'test/fixtures/demo-workspace');
const runTimeoutMs = Number(process.env.VSCODE_RUN_TIMEOUT_MS ?? 15 * 60_000);

export function sh(cmd, args) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

function suiteEntries(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...suiteEntries(p));
    else if (e.name.endsWith('.test.ts') || p === join(suiteSrc, 'index.ts')) out.push(p);
  }
  return out;
}

/** Bundles index.ts and each *.test.ts into out/test/suite as CommonJS; vscode and mocha stay external. */
export async function compileSuite() {
  rmSync(suiteOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: suiteEntries(suiteSrc),
    outdir: suiteOut,
    outbase: suiteSrc,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** The environment the extension host gets: the test bed's kubeconfig and Flink URL. */
export function testbedEnv() {
  const statePath = process.env.TESTBED_STATE ?? join(root, '.testbed', 'state.json');
  if (!existsSync(statePath)) {
    console.warn(
      `vscode: no test bed state at ${statePath}; tests that need the test bed will fail (start it with npm run testbed:up).`,
    );
    return {};
  }
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  return {
    TESTBED_STATE: statePath,
    ...(state.kubeconfig ? { KUBECONFIG: state.kubeconfig } : {}),
    ...(state.flinkRestUrl ? { FLINK_REST_URL: state.flinkRestUrl } : {}),
  };
}

/**
 * Copies each extension folder of `src` into a fresh extensions directory with the extensions.json
 * VS Code keeps there, so code-server loads them as installed. Returns the directory and the ids.
 */
export function installedExtensionsDir(src) {
  const dir = mkdtempSync(join(tmpdir(), 'flink-vscode-ext-'));
  const entries = [];
  for (const e of readdirSync(src, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const pkg = JSON.parse(readFileSync(join(src, e.name, 'package.json'), 'utf8'));
    const id = `${pkg.publisher}.${pkg.name}`;
    const rel = `${id}-${pkg.version}`;
    cpSync(join(src, e.name), join(dir, rel), { recursive: true });
    entries.push({
      identifier: { id },
      version: pkg.version,
      location: { $mid: 1, path: join(dir, rel), scheme: 'file' },
      relativeLocation: rel,
      metadata: { installedTimestamp: Date.now(), source: 'vsix' },
    });
  }
  writeFileSync(join(dir, 'extensions.json'), JSON.stringify(entries));
  return { dir, ids: entries.map((x) => x.identifier.id) };
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function writeSummary(passed, failed) {
  mkdirSync(results, { recursive: true });
  writeFileSync(summaryPath, JSON.stringify({ passed, failed }) + '\n');
}

async function main() {
  const started = Date.now();
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  rmSync(summaryPath, { force: true });

  await sh(process.execPath, [join(root, 'scripts/build.mjs')]);
  await compileSuite();

  const workspace = mkdtempSync(join(tmpdir(), 'flink-vscode-ws-'));
  const extraSrc = argValue('--extensions-dir');
  const extra = extraSrc ? installedExtensionsDir(resolve(extraSrc)) : undefined;
  if (extra) console.log(`vscode: with the extensions ${extra.ids.join(', ')} (from ${extraSrc})`);
  if (existsSync(workspaceFixture)) cpSync(workspaceFixture, workspace, { recursive: true });

  let server, browser, page;
  let cleaning;
  const cleanup = async (keep) => {
    if (cleaning) return cleaning;
    cleaning = (async () => {
      if (keep && page) {
        await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
      }
      await browser?.close().catch(() => {});
      if (keep && server) {
        // The extension host log and the rest of VS Code's server-side logs.
        const logs = join(server.dirs.userData, 'logs');
        if (existsSync(logs)) cpSync(logs, join(artifacts, 'logs'), { recursive: true });
      }
      await server?.stop();
      rmSync(workspace, { recursive: true, force: true });
      if (extra) rmSync(extra.dir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      console.error(`vscode: ${sig}, stopping`);
      cleanup(true).finally(() => process.exit(130));
    });
  }

  let exitCode = 1;
  try {
    server = await startCodeServer({
      workspace,
      // The last --extensions-dir wins over the server's own (empty) one.
      args: ['--vscode-option', 'enable-smoke-test-driver', ...(extra ? ['--extensions-dir', extra.dir] : [])],
      env: {
        ...testbedEnv(),
        VSCODE_SUITE_SUMMARY: suiteSummaryPath,
        FLINK_TEST_EXTENSIONS: extra ? extra.ids.join(',') : '',
      },
      logFile: join(artifacts, 'code-server.log'),
    });
    console.log(`vscode: code-server at ${server.url} (${Math.round((Date.now() - started) / 1000)} s)`);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The extension host's console reaches the page's console: show the suite's own lines.
    page.on('console', (msg) => {
      const text = msg.text();
      const at = text.indexOf('[suite] ');
      if (at >= 0) console.log(`  ${text.slice(at + 8)}`);
    });
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = (Array.isArray(args) ? args : [args])
          .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
          .join(' ');
        if (type === 'error') console.log(`[workbench ${type}] ${text}`);
      });
      page.exposeFunction('codeAutomationExit', (code, logs) => {
        if (Array.isArray(logs)) {
          for (const l of logs) {
            const p = join(artifacts, 'browser-logs', l.relativePath);
            mkdirSync(join(p, '..'), { recursive: true });
            writeFileSync(p, l.contents);
          }
        }
        resolve(code);
      });
    });
    const payload = testPayload(server.port, root.replace(/\/$/, ''), join(suiteOut, 'index.js'));
    // A loaded machine can take minutes to serve the workbench: the run timeout bounds it, not goto's 30 s.
    await page.goto(workbenchUrl(server.url, workspace, payload), { timeout: runTimeoutMs });
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), runTimeoutMs).unref());
    const crashed = new Promise((resolve) => page.on('crash', () => resolve('crash')));
    const code = await Promise.race([done, timeout, crashed]);
    if (code === 'timeout' || code === 'crash') {
      console.error(
        `vscode: the extension tests did not finish (${code} after ${Math.round((Date.now() - started) / 1000)} s)`,
      );
      exitCode = 1;
    } else {
      exitCode = Number(code);
    }
  } catch (e) {
    console.error(`vscode: ${e.stack ?? e.message}`);
    exitCode = 1;
  }

  const suite = existsSync(suiteSummaryPath) ? JSON.parse(readFileSync(suiteSummaryPath, 'utf8')) : undefined;
  const passed = suite?.passed ?? 0;
  // No counts, or a non-zero exit without counted failures (a crash outside mocha): one failure.
  const failed = (suite?.failed ?? 0) + (exitCode !== 0 && !suite?.failed ? 1 : 0);
  for (const f of suite?.failures ?? [])
    console.error(`  FAILED ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
  if (exitCode !== 0 && !suite) {
    // The suite never ran: show the server's tail to say why.
    const logPath = join(artifacts, 'code-server.log');
    if (existsSync(logPath)) console.error(readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n'));
  }
  writeSummary(passed, failed);
  await cleanup(failed > 0);
  const secs = Math.round((Date.now() - started) / 1000);
  console.log(
    `vscode: ${passed} passed, ${failed} failed in ${secs} s${failed ? ` (artifacts: ${relative(root, artifacts)})` : ''}`,
  );
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    writeSummary(0, 1);
    process.exit(1);
  });
}
