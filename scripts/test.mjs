// Runs every test suite and ends with one line `N passed, N failed` that sums them all.
//
//   node scripts/test.mjs                 all suites
//   node scripts/test.mjs unit webview    only these
//
// Suites: static (typecheck, lint), unit, webview (log page in Chromium), integration (real
// test bed, once per Flink version), vscode (extension tests inside code-server), e2e (user
// flows in code-server with Playwright), faults (kills and restarts test bed processes: runs last
// on the first Flink version, after which that test bed is stopped). Suites that need the test bed
// share one start of it per Flink version; it is stopped at the end, on failure, and on Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testNode } from './node-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, 'test-results');
const ALL = ['static', 'unit', 'webview', 'integration', 'vscode', 'e2e', 'faults'];
const NEEDS_TESTBED = new Set(['integration', 'vscode', 'e2e', 'faults']);
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = requested.length ? requested : ALL;
for (const s of suites)
  if (!ALL.includes(s)) {
    console.error(`unknown suite "${s}"; known: ${ALL.join(', ')}`);
    process.exit(2);
  }

const totals = { passed: 0, failed: 0, skipped: 0, todo: 0 };
const lines = [];
const record = (name, r) => {
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped ?? 0;
  totals.todo += r.todo ?? 0;
  const extra = [r.skipped ? `${r.skipped} skipped` : '', r.todo ? `${r.todo} todo` : ''].filter(Boolean);
  lines.push(`${name}: ${r.passed} passed, ${r.failed} failed${extra.length ? `, ${extra.join(', ')}` : ''}`);
};

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (e) => {
      console.error(`${cmd}: ${e.message}`);
      resolve(127);
    });
  });
}

function findTests(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.(ts|mts|mjs)$/.test(e.name)) out.push(relative(root, p));
    }
  };
  walk(abs);
  return out.sort();
}

// node:test writes TAP to a file beside the human-readable spec output; its summary has the counts.
async function nodeSuite(name, dir, env = {}) {
  const files = findTests(dir);
  if (!files.length) return;
  mkdirSync(resultsDir, { recursive: true });
  const tap = join(resultsDir, `${name.replace(/[^\w.-]+/g, '_')}.tap`);
  rmSync(tap, { force: true });
  const code = await run(
    testNode(),
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  const cancelled = Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  const skipped = Number(/^# skipped (\d+)/m.exec(text)?.[1] ?? 0);
  const todo = Number(/^# todo (\d+)/m.exec(text)?.[1] ?? 0);
  // A runner that crashed before reporting counts as one failure, never as a pass.
  record(name, {
    passed: pass,
    failed: fail + cancelled + (code !== 0 && fail + cancelled === 0 ? 1 : 0),
    skipped,
    todo,
  });
}

async function staticChecks() {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const tc = Math.max(
    await run(process.execPath, [tsc, '--noEmit', '-p', '.']),
    await run(process.execPath, [tsc, '--noEmit', '-p', 'test']),
  );
  const tcMedia = existsSync(join(root, 'media/src'))
    ? await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'media'])
    : 0;
  const lint = await run(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  const format = await run(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);
  const codes = [tc, tcMedia, lint, format];
  record('static', { passed: codes.filter((c) => c === 0).length, failed: codes.filter((c) => c !== 0).length });
}

async function vscodeSuite(env) {
  const runner = join(root, 'test/vscode/run.mjs');
  if (!existsSync(runner)) return;
  const summary = join(resultsDir, 'vscode-summary.json');
  rmSync(summary, { force: true });
  const code = await run(testNode(), [runner], { env });
  const r = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 0 };
  record('vscode', { passed: r.passed, failed: r.failed + (code !== 0 && r.failed === 0 ? 1 : 0) });
  // Again with FAKE Red Hat YAML and Kubernetes Tools installed (test/vscode/fake-extensions): the
  // integrations tests only, which check the other case in the run above.
  rmSync(summary, { force: true });
  const fakeCode = await run(testNode(), [runner, '--extensions-dir', 'test/vscode/fake-extensions'], {
    env: { ...env, VSCODE_SUITE_GREP: 'Integrations' },
  });
  const f = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 0 };
  record('vscode-fake-extensions', {
    passed: f.passed,
    failed: f.failed + (fakeCode !== 0 && f.failed === 0 ? 1 : 0),
  });
}

let testbed;
async function stopTestbed() {
  if (!testbed) return;
  const t = testbed;
  testbed = undefined;
  await t.down().catch((e) => console.error(`testbed down: ${e.message}`));
}
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stopTestbed().finally(() => process.exit(130));
  });

async function main() {
  // Every suite runs the built extension: a failed build fails the run instead of testing stale output.
  const build = await run(process.execPath, [join(root, 'scripts/build.mjs')]);
  if (build !== 0) {
    record('build', { passed: 0, failed: 1 });
    return;
  }
  if (suites.includes('static')) await staticChecks();
  if (suites.includes('unit')) await nodeSuite('unit', 'test/unit');
  if (suites.includes('webview')) await nodeSuite('webview', 'test/webview');

  const bedSuites = suites.filter((s) => NEEDS_TESTBED.has(s));
  if (bedSuites.length) {
    const versions = (process.env.FLINK_VERSIONS ?? '1.20,2')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const { up, down } = await import('../test/testbed/index.mjs');
    for (const [i, flinkVersion] of versions.entries()) {
      // Only the integration suite runs on the later Flink versions: start no test bed for nothing.
      if (i > 0 && !bedSuites.includes('integration')) break;
      try {
        const state = await up({ flinkVersion });
        testbed = { down };
        const env = { TESTBED_STATE: state.statePath, FLINK_VERSION: state.flinkVersion };
        if (bedSuites.includes('integration'))
          await nodeSuite(`integration (Flink ${state.flinkVersion})`, 'test/integration', env);
        // The VS Code suites are slow; they run against the first (default) Flink version only.
        if (i === 0 && bedSuites.includes('vscode')) await vscodeSuite(env);
        if (i === 0 && bedSuites.includes('e2e')) await nodeSuite('e2e', 'test/e2e', env);
        // Everything the VS Code suites wrote (output channel, host logs, screenshots' pages) must not
        // hold the test bed's token, password or client key.
        if (i === 0 && (bedSuites.includes('vscode') || bedSuites.includes('e2e'))) {
          const scan = await run(testNode(), ['--import', 'tsx', join(root, 'test/support/secret-scan-cli.ts')], {
            env,
          });
          record('secret scan', { passed: scan === 0 ? 1 : 0, failed: scan === 0 ? 0 : 1 });
        }
        // Last: it kills and restarts the test bed's processes (Flink loses its jobs), so nothing
        // else runs on this test bed after it; it is stopped in `finally`.
        if (i === 0 && bedSuites.includes('faults')) await nodeSuite('faults', 'test/faults', env);
      } catch (e) {
        console.error(`test bed for Flink ${flinkVersion} failed: ${e.message}`);
        record(`testbed (Flink ${flinkVersion})`, { passed: 0, failed: 1 });
      } finally {
        await stopTestbed();
      }
    }
  }
}

main()
  .catch((e) => {
    console.error(e);
    record('runner', { passed: 0, failed: 1 });
  })
  .finally(() => {
    console.log('\n' + lines.join('\n'));
    if (totals.todo) console.log(`${totals.todo} todo`);
    // CI reads this last line: `N passed, N failed` (and `, N skipped` when there are any).
    console.log(
      `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
    );
    process.exitCode = totals.failed ? 1 : 0;
  });
