// Issue 18's done-when: flink-lint and the editor stay under 2 s of CPU and 200 MB on any input up to
// 1 MB. Hostile and mutated inputs (fuzz-limits-child.ts) go through the built flink-lint, one process
// per input so each peak RSS is that input's own, and through validate() in-process as the extension
// host runs it. CPU time, not wall time, is compared: the box is shared. Figures are printed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const CHILD = join(__dirname, 'fuzz-limits-child.ts');
const CLI = join(__dirname, 'fuzz-limits-cli.mjs');
const LIMIT_MS = 2000;
const LIMIT_MB = 200;
const dir = mkdtempSync(join(tmpdir(), 'fuzz-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz: resource limits on inputs up to 1 MB', () => {
  it('flink-lint stays under 2 s CPU and 200 MB peak RSS on every input', { timeout: 600_000 }, () => {
    assert.ok(existsSync(join(__dirname, '..', '..', 'dist', 'cli.js')), 'dist/cli.js is built (npm run build)');
    execFileSync(process.execPath, ['--import', 'tsx', CHILD, 'dump', dir], { encoding: 'utf8' });
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).size <= 1 << 20);
    assert.ok(files.length > 20, `${files.length} inputs`);
    let worstCpu = { ms: 0, f: '' };
    let worstRss = { mb: 0, f: '' };
    for (const f of files) {
      const r = spawnSync(process.execPath, [CLI, '--format', 'json', join(dir, f)], {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 256 << 20,
      });
      const m = /STAT (\d+) (\d+)/.exec(r.stderr);
      assert.ok(m, `${f}: flink-lint did not finish (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-500)}`);
      // Findings (1) or none (0); 2 is a usage error, anything else a crash.
      assert.ok(r.status === 0 || r.status === 1, `${f}: exit ${r.status}: ${r.stderr.slice(-500)}`);
      const ms = Number(m[1]);
      const mb = Number(m[2]);
      if (ms > worstCpu.ms) worstCpu = { ms, f };
      if (mb > worstRss.mb) worstRss = { mb, f };
    }
    console.log(
      `fuzz-limits flink-lint: ${files.length} inputs up to 1 MB; worst CPU ${worstCpu.ms} ms (${worstCpu.f}); worst peak RSS ${worstRss.mb} MB (${worstRss.f})`,
    );
    assert.ok(worstCpu.ms < LIMIT_MS, `${worstCpu.f}: ${worstCpu.ms} ms CPU`);
    assert.ok(worstRss.mb < LIMIT_MB, `${worstRss.f}: ${worstRss.mb} MB peak RSS`);
  });

  it(
    'the editor path (validate() in-process) stays under 2 s CPU and 200 MB growth per input',
    { timeout: 600_000 },
    () => {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, 'editor'], {
        encoding: 'utf8',
        timeout: 540_000,
      });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        tried: number;
        worstCpuMs: number;
        worstInput: string;
        growthMb: number;
      };
      console.log(
        `fuzz-limits editor: ${r.tried} inputs; worst CPU ${r.worstCpuMs} ms (${r.worstInput}); RSS growth at most ${r.growthMb} MB`,
      );
      assert.ok(r.tried > 20);
      assert.ok(r.worstCpuMs < LIMIT_MS, `${r.worstInput}: ${r.worstCpuMs} ms CPU`);
      assert.ok(r.growthMb < LIMIT_MB, `RSS grew ${r.growthMb} MB`);
    },
  );
});
