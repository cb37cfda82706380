// Benchmark: the log viewer's whole-log search (the workers, dist/log-search-worker.js, through
// searchWholeLog as the host runs it: a large log split between two workers) against GNU grep
// counting the same matches in the same file, in the same run, and against the same search in one
// worker. The target: a whole-file search of 1 GB in under 3 s.
//
//   node --import tsx bench/logs-view-search.bench.mjs [--sizes 200,1024] [--rounds 3] [--keep]
//
// The log is generated (Flink's log4j layout, INFO lines with a rare ERROR record and stack trace)
// into a temporary file; each query runs `rounds` times and the best time is kept for every side.
// Queries: a case-insensitive word on every line (8.8M matches at 1 GB), a rare case-sensitive
// phrase, a regex. "cpu" is the viewer's CPU time (all threads): on a loaded machine the wall time
// follows the load, the CPU time much less.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { searchWholeLog } from '../src/features/logs/search-all.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const workerFile = join(root, 'dist', 'log-search-worker.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sizes = String(arg('sizes', '200,1024'))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const rounds = Number(arg('rounds', '3'));
const keep = process.argv.includes('--keep');
if (!existsSync(workerFile)) {
  console.error(`${workerFile} is missing: run node scripts/build.mjs first.`);
  process.exit(1);
}

function generate(path, mb) {
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < 1 << 20; i++) {
    const l =
      i % 5000 === 17
        ? `2026-12-01 10:00:${String(i % 60).padStart(2, '0')},000 ERROR org.apache.flink.runtime.taskmanager.Task [] - Task failed: checkpoint ${i} expired\njava.lang.IllegalStateException: boom\n\tat com.acme.Job.map(Job.java:42)`
        : `2026-12-01 10:00:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - heartbeat ${i} from ResourceManager`;
    lines.push(l);
    bytes += l.length + 1;
  }
  const block = Buffer.from(lines.join('\n') + '\n');
  const fd = openSync(path, 'w');
  for (let written = 0; written < mb * (1 << 20); written += block.length) writeSync(fd, block);
  closeSync(fd);
  return statSync(path).size;
}

const QUERIES = [
  {
    name: 'word, any case',
    query: { text: 'resourcemanager', regex: false, caseSensitive: false },
    grep: ['-i', '-F', '-o'],
  },
  {
    name: 'phrase, case',
    query: { text: 'checkpoint 17 expired', regex: false, caseSensitive: true },
    grep: ['-F', '-o'],
  },
  {
    name: 'regex',
    query: { text: 'heartbeat \\d+7 from', regex: true, caseSensitive: false },
    grep: ['-i', '-P', '-o'],
  },
];

function grepCount(args, text, path) {
  const t0 = performance.now();
  // -o prints each match: count lines of output (matches, as the viewer counts them).
  const r = spawnSync('sh', ['-c', `LC_ALL=C grep ${args.join(' ')} -e "$0" "$1" | wc -l`, text, path], {
    encoding: 'utf8',
  });
  return { ms: performance.now() - t0, count: Number(r.stdout.trim()) };
}

/** Best of `rounds` of one viewer search: wall and CPU ms, matches, workers used. */
async function viewer(path, size, query, workers) {
  let best = { ms: Infinity, cpu: Infinity, matches: -1, workers: 0 };
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const o = await searchWholeLog({ path, size, query, tagged: false }, () => undefined, {
      workerFile,
      stallMs: 60_000,
      workers,
    });
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (o.error || o.stopped) throw new Error(`the search ${o.error ?? o.stopped}`);
    if (ms < best.ms) best = { ms, cpu: (c.user + c.system) / 1000, matches: o.matches ?? -1, workers: o.workers ?? 0 };
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'logs-search-bench-'));
console.log(`logs-view-search: ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}; best of ${rounds} rounds`);
try {
  for (const mb of sizes) {
    const path = join(dir, `log-${mb}.log`);
    const size = generate(path, mb);
    console.log(`\n${(size / (1 << 20)).toFixed(0)} MB (load ${loadavg()[0].toFixed(1)})`);
    for (const q of QUERIES) {
      const two = await viewer(path, size, q.query, 2);
      const one = await viewer(path, size, q.query, 1);
      let g = { ms: Infinity, count: -1 };
      for (let r = 0; r < rounds; r++) {
        const gr = grepCount(q.grep, q.query.text, path);
        if (gr.ms < g.ms) g = gr;
      }
      const same =
        two.matches === g.count && one.matches === g.count
          ? 'same count'
          : `COUNTS DIFFER (grep ${g.count}, one worker ${one.matches})`;
      const verdict = mb >= 1024 ? (two.ms < 3000 ? ' · < 3 s' : ' · OVER 3 s') : '';
      console.log(
        `  ${q.name.padEnd(16)} viewer ${two.ms.toFixed(0).padStart(5)} ms (workers: ${two.workers}, cpu ${two.cpu.toFixed(0)} ms) · one worker ${one.ms.toFixed(0).padStart(5)} ms (cpu ${one.cpu.toFixed(0)} ms) · grep ${g.ms.toFixed(0).padStart(5)} ms · viewer/grep ${(two.ms / g.ms).toFixed(2)}x · ${two.matches} matches, ${same}${verdict}`,
      );
    }
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
