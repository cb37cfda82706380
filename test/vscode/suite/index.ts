// The @vscode/test-electron contract: VS Code loads this module (extensionTestsPath) inside the
// extension host and awaits run(). It runs every *.test.js bundled beside it (one per
// test/vscode/suite/*.test.ts) with mocha, prints one `[suite] ` line per test (preformatted:
// code-server hands console arguments to the page unformatted), and reports the counts:
//   - one line `VSCODE_SUITE_SUMMARY {"passed":N,"failed":N}` on the console, and
//   - the same JSON written to $VSCODE_SUITE_SUMMARY when set (test/vscode/run.mjs reads it).
// It works unchanged under @vscode/test-electron (test/vscode/run-electron.mjs) and code-server.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';

export interface SuiteSummary {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const say = (text: string) => console.log(`[suite] ${text}`);

/** Prints each result on its own complete line; counts are kept by run(). */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let depth = 0;
    runner.on('suite', (s) => {
      if (s.title) say(`${'  '.repeat(depth)}${s.title}`);
      depth++;
    });
    runner.on('suite end', () => {
      depth--;
    });
    runner.on('pass', (t) => say(`${'  '.repeat(depth)}ok ${t.title} (${t.duration ?? 0} ms)`));
    runner.on('pending', (t) => say(`${'  '.repeat(depth)}- ${t.title} (pending)`));
    runner.on('fail', (t, err: Error) =>
      say(
        `${'  '.repeat(depth)}FAIL ${t.title}: ${(err?.stack ?? String(err)).split('\n').slice(0, 8).join('\n    ')}`,
      ),
    );
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: LineReporter,
    // Real servers on 2 shared cores: generous, tests that wait poll with their own deadlines.
    timeout: Number(process.env.VSCODE_SUITE_TIMEOUT_MS ?? 60_000),
    grep: process.env.VSCODE_SUITE_GREP,
  });
  for (const f of testFiles(__dirname)) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    const summary: SuiteSummary = { passed: 0, failed: 0, failures: [] };
    const runner = mocha.run(() => {
      const line = JSON.stringify({ passed: summary.passed, failed: summary.failed });
      console.log(`VSCODE_SUITE_SUMMARY ${line}`);
      const file = process.env.VSCODE_SUITE_SUMMARY;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(summary, null, 2));
      }
      if (summary.failed > 0)
        reject(new Error(`${summary.failed} of ${summary.passed + summary.failed} VS Code tests failed`));
      else resolve();
    });
    runner.on('pass', () => {
      summary.passed++;
    });
    // 'fail' also fires for failing hooks: each counts as one failure, so a broken before() is seen.
    runner.on('fail', (test, err: Error) => {
      summary.failed++;
      summary.failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) });
    });
  });
}
