// flink-lint cold start: the built CLI (dist/cli.js) on one manifest file, against a bare `node -e 0`
// started by the same Node binary in the same run, interleaved so machine load hits both alike.
//   node bench/cli-cold-start.bench.mjs [--runs N] [--no-cache] [--cli path/to/cli.js]
// Prints median wall and CPU (user+system) times and their ratios. Target (issue 16): <= 2x bare
// node. The exit code judges the CPU ratio: on a shared 2-core machine wall time mostly measures
// the scheduler, CPU time what the process itself does; both are printed.
// The first CLI run writes flink-lint's code cache (src/cli/code-cache.ts, here in a fresh folder) and
// is not counted, as on a CI runner that lints more than once; `--no-cache` measures without it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(flag('runs') ?? 21);
const noCache = process.argv.includes('--no-cache');
const cli = resolve(flag('cli') ?? join(root, 'dist', 'cli.js'));
const file = join(root, 'test', 'fixtures', 'manifests', 'seeds', 'aks-streaming-job-cluster.yaml');

if (!flag('cli') && !existsSync(join(root, 'dist', 'validators', 'index.json'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed: run `npm run build` and look at its errors');
}
const work = mkdtempSync(join(tmpdir(), 'flink-lint-bench-'));
const cpuFile = join(work, 'cpu');
// Preloaded into both the CLI and bare node: writes the process's total CPU time when it exits.
const preload = join(work, 'cpu.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });`,
);
const env = { ...process.env, FLINK_LINT_CODE_CACHE: noCache ? '0' : join(work, 'code-cache') };

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { cwd: root, env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')) };
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
try {
  const first = time([cli, file]);
  const bare = [],
    lint = [];
  for (let n = 0; n < RUNS; n++) {
    bare.push(time(['-e', '0']));
    lint.push(time([cli, file]));
  }
  const m = (runs, k) => median(runs.map((r) => r[k]));
  const wallRatio = m(lint, 'wall') / m(bare, 'wall');
  const cpuRatio = m(lint, 'cpu') / m(bare, 'cpu');
  console.log(`node ${process.version}, ${RUNS} runs each, code cache ${noCache ? 'off' : 'on'}, ${cli}`);
  console.log(`first run (empty cache): wall ${first.wall.toFixed(0)} ms, cpu ${first.cpu.toFixed(0)} ms`);
  console.log(
    `bare node -e 0:      wall ${m(bare, 'wall').toFixed(0)} ms, cpu ${m(bare, 'cpu').toFixed(0)} ms (medians)`,
  );
  console.log(
    `flink-lint one file: wall ${m(lint, 'wall').toFixed(0)} ms, cpu ${m(lint, 'cpu').toFixed(0)} ms (medians)`,
  );
  console.log(`ratio: wall ${wallRatio.toFixed(2)}x, cpu ${cpuRatio.toFixed(2)}x (target <= 2x, judged on cpu)`);
  process.exitCode = cpuRatio <= 2 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
