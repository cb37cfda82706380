// Issue 18's done-when for the validator: on any input up to 1 MB the editor path (validate(), which
// flink-lint also runs) stays under 2 s of CPU and 200 MB of memory. Each input runs in a fresh
// process, so its peak RSS (Node and the loader included) is its own; CPU time, not wall time, is
// compared, because this box is shared.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(__dirname, 'fuzz-limits-child.ts');
const LIMIT_MS = 2000;
const LIMIT_MB = 200;

interface Result {
  tried: number;
  worstCpuMs: number;
  worstInput: string;
  peakRssMb: number;
}

function runChild(arg: string): Result {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, arg], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result;
}

describe('fuzz: resource limits on inputs up to 1 MB', () => {
  it('every input stays under 2 s CPU and 200 MB peak RSS', { timeout: 900_000 }, () => {
    const names = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', CHILD, 'list'], { encoding: 'utf8' }));
    assert.ok(Array.isArray(names) && names.length > 10);
    const results = [
      ...(names as string[]),
      ...[1806, 1807, 1808, 1809, 1810, 1811, 1812, 1813].map((seed) => `mutations:${seed}`),
    ].map((n) => ({ n, r: runChild(n) }));
    const tried = results.reduce((s, x) => s + x.r.tried, 0);
    const slow = results.reduce((a, b) => (b.r.worstCpuMs > a.r.worstCpuMs ? b : a));
    const fat = results.reduce((a, b) => (b.r.peakRssMb > a.r.peakRssMb ? b : a));
    console.log(
      `fuzz-limits: ${tried} inputs tried; worst CPU ${slow.r.worstCpuMs} ms (${slow.r.worstInput}); worst peak RSS ${fat.r.peakRssMb} MB (${fat.n})`,
    );
    for (const { n, r } of results) {
      assert.ok(r.tried > 0, n);
      assert.ok(r.worstCpuMs < LIMIT_MS, `${r.worstInput}: ${r.worstCpuMs} ms CPU`);
      assert.ok(r.peakRssMb < LIMIT_MB, `${n}: peak RSS ${r.peakRssMb} MB`);
    }
  });
});
