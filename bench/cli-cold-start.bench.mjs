// flink-lint cold start: the built CLI (dist/cli.js) on one manifest file, against a bare `node -e 0`
// started by the same Node binary in the same run, interleaved so machine load hits both alike.
//   node bench/cli-cold-start.bench.mjs [--runs N]
// Prints median and minimum wall times and the ratio. Target (issue 16): median ratio <= 2.
// The first CLI run (which fills Node's compile cache on Node >= 22.1) is a warm-up and not counted,
// as in CI where the same runner lints many times; `--no-cache` measures with the cache disabled.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 21;
const noCache = process.argv.includes('--no-cache');
const cli = join(root, 'dist', 'cli.js');
const file = join(root, 'test', 'fixtures', 'manifests', 'seeds', 'aks-streaming-job-cluster.yaml');

if (!existsSync(join(root, 'dist', 'validators', 'index.json'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed: run `npm run build` and look at its errors');
}
const cacheDir = mkdtempSync(join(tmpdir(), 'flink-lint-cache-'));
const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir, ...(noCache ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {}) };

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
try {
  const lint = time([cli, file]); // warm-up: fills the compile cache
  const bare = [],
    cold = [];
  for (let n = 0; n < RUNS; n++) {
    bare.push(time(['-e', '0']));
    cold.push(time([cli, file]));
  }
  const ratio = median(cold) / median(bare);
  console.log(`node ${process.version}, ${RUNS} runs each, compile cache ${noCache ? 'off' : 'on'}`);
  console.log(`first run (empty cache): ${lint.toFixed(0)} ms`);
  console.log(`bare node -e 0: median ${median(bare).toFixed(0)} ms, min ${Math.min(...bare).toFixed(0)} ms`);
  console.log(`flink-lint one file: median ${median(cold).toFixed(0)} ms, min ${Math.min(...cold).toFixed(0)} ms`);
  console.log(`ratio (medians): ${ratio.toFixed(2)}x (target <= 2x)`);
  process.exitCode = ratio <= 2 ? 0 : 1;
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
