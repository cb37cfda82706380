// Benchmark: the log spool on a log without newlines (binary, CR-only, one huge JSON line), 32 and
// 128 MiB in 64 KiB chunks, against the previous algorithm (re-concatenating the pending bytes on
// every chunk) measured in the same run. The previous one is measured at 8 and 32 MiB only by
// default (128 MiB took about 3 minutes); --old-128 adds it.
//
//   node --import tsx bench/spool.bench.mjs [--old-128]
import { performance } from 'node:perf_hooks';
import { Spool } from '../src/features/logs/spool.ts';

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** The spool's append before the fix, kept here as the peer (memory only, no disk writes). */
class QuadraticPending {
  pending = Buffer.alloc(0);
  append(data) {
    const buf = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const nl = buf.lastIndexOf(0x0a);
    if (nl < 0) {
      this.pending = Buffer.from(buf);
      return 0;
    }
    this.pending = Buffer.from(buf.subarray(nl + 1));
    return nl + 1;
  }
  dispose() {}
}

function run(make, mib) {
  const s = make();
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  for (let i = 0; i < mib * 16; i++) s.append(CHUNK);
  const ms = performance.now() - t0;
  const held = process.memoryUsage().arrayBuffers - before;
  s.dispose();
  return { ms, held };
}

const fmt = (r) => `${r.ms.toFixed(0).padStart(7)} ms, ${(r.held / 2 ** 20).toFixed(1).padStart(6)} MiB held in memory`;
const rows = [];
for (const mib of [8, 32, 128]) {
  const now = run(() => new Spool(), mib);
  const old = mib < 128 || process.argv.includes('--old-128') ? run(() => new QuadraticPending(), mib) : undefined;
  rows.push({ mib, now, old });
  console.log(
    `${String(mib).padStart(4)} MiB  spool: ${fmt(now)}   before: ${old ? fmt(old) : 'not measured'}${old ? `   ratio ${(old.ms / now.ms).toFixed(1)}x` : ''}`,
  );
}
const r32 = rows.find((r) => r.mib === 32);
const r128 = rows.find((r) => r.mib === 128);
const growth = r128.now.ms / r32.now.ms;
console.log(`spool 128 MiB / 32 MiB time: ${growth.toFixed(1)}x (linear = 4x, quadratic = 16x)`);
// Target: linear growth, and faster than before at 32 MiB.
const met = growth < 8 && r32.old && r32.old.ms > r32.now.ms;
console.log(met ? 'target met' : 'target NOT met');
process.exitCode = met ? 0 : 1;
