// The whole-log search worker (dist/log-search-worker.js, built from src/features/logs/search-worker.ts)
// over real spool files on disk: counts over a 200 MB log, the page's rules (same counts as the page's
// own search on hostile lines), cancel, refused regexes, and a line that holds the worker too long.
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LogModel } from '../../media/src/logs/model';
import { findMatches } from '../../media/src/logs/search';
import type { LogLevel } from '../../src/features/logs/protocol';
import { searchWholeLog } from '../../src/features/logs/search-all';
import { scanSpool, type ScanRequest } from '../../src/features/logs/search-scan';

const workerFile = join(__dirname, '..', '..', 'dist', 'log-search-worker.js');
const ALL: LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG'];

function readLine(path: string, offset: number): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4096);
    const n = readSync(fd, b, 0, b.length, offset);
    const s = b.subarray(0, n).toString('utf8');
    return s.slice(0, s.indexOf('\n'));
  } finally {
    closeSync(fd);
  }
}

describe('whole-log search worker', () => {
  let dir: string;
  let big: string;
  let bigSize = 0;
  const BLOCKS = 200;
  // One 1 MiB block, written 200 times: 2 ERROR records with "Checkpoint 42 expired" (one with a
  // stack trace line mentioning it too), the rest INFO lines; one non-ASCII line per block.
  let block = '';
  before(() => {
    assert.ok(existsSync(workerFile), `${workerFile} is missing: run node scripts/build.mjs`);
    dir = mkdtempSync(join(tmpdir(), 'whole-search-'));
    const lines: string[] = [];
    let bytes = 0;
    let i = 0;
    const add = (l: string) => {
      lines.push(l);
      bytes += Buffer.byteLength(l) + 1;
    };
    add(
      '2026-12-01 10:00:00,000 ERROR org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - Checkpoint 42 expired before completing.',
    );
    add(
      '\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.onExpired(CheckpointCoordinator.java:42) checkpoint 42 expired',
    );
    add(
      '2026-12-01 10:00:00,001 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - Größe der Puffer: 32 KiB',
    );
    while (bytes < (1 << 20) - 400) {
      add(
        `2026-12-01 10:00:${String(i % 60).padStart(2, '0')},000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - heartbeat ${i++}`,
      );
    }
    add(
      '2026-12-01 10:01:00,000 ERROR org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - checkpoint 42 EXPIRED again',
    );
    block = lines.join('\n') + '\n';
    big = join(dir, 'big.log');
    const fd = openSync(big, 'w');
    const b = Buffer.from(block);
    for (let k = 0; k < BLOCKS; k++) writeSync(fd, b);
    closeSync(fd);
    bigSize = b.length * BLOCKS;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const req = (query: Partial<ScanRequest['query']>, extra: Partial<ScanRequest> = {}): ScanRequest => ({
    path: big,
    size: bigSize,
    query: { text: '', regex: false, caseSensitive: false, ...query },
    tagged: false,
    ...extra,
  });

  it('counts every match of a 200 MB log, with progress, and every hit is a line start that matches', async () => {
    let reports = 0;
    const hits: number[] = [];
    const t0 = performance.now();
    const o = await searchWholeLog(
      req({ text: 'checkpoint 42 expired' }),
      (p) => {
        reports++;
        hits.push(...p.hits);
      },
      { workerFile, stallMs: 20_000 },
    );
    const ms = performance.now() - t0;
    assert.equal(o.error, undefined);
    assert.equal(o.stopped, undefined);
    assert.equal(o.scanned, bigSize);
    assert.equal(o.matches, 3 * BLOCKS); // case-insensitive: "Checkpoint 42 expired", the frame, "EXPIRED"
    assert.equal(o.hitLines, 3 * BLOCKS);
    assert.equal(hits.length, 3 * BLOCKS);
    assert.ok(reports >= 1);
    assert.deepEqual(
      hits,
      [...hits].sort((a, b) => a - b),
      'hits ascending',
    );
    for (const h of [hits[0]!, hits[1]!, hits[2]!, hits.at(-1)!]) {
      assert.match(readLine(big, h), /checkpoint 42 expired/i, `line at ${h}`);
      if (h > 0) assert.equal(readLine(big, h - 1), '', `${h} is a line start`);
    }
    console.log(`# 200 MB plain search: ${ms.toFixed(0)} ms`);
  });

  it('applies case, regex and the level filter as the page does', async () => {
    const run = async (r: ScanRequest) => searchWholeLog(r, () => undefined, { workerFile, stallMs: 20_000 });
    assert.equal((await run(req({ text: 'Checkpoint 42', caseSensitive: true }))).matches, BLOCKS);
    const re = await run(req({ text: 'Gr(ö|oe)ße \\w+', regex: true }));
    assert.equal(re.matches, BLOCKS);
    // Only ERROR shown: the stack frame belongs to its ERROR record, INFO lines are hidden.
    const errors = await run(req({ text: 'checkpoint 42' }, { levels: ['ERROR'] }));
    assert.equal(errors.hitLines, 3 * BLOCKS);
    const info = await run(req({ text: 'checkpoint 42' }, { levels: ['INFO', 'DEBUG', 'WARN'] }));
    assert.equal(info.matches, 0);
  });

  it('is cancelled through its signal, before it has read the log', async () => {
    const ctrl = new AbortController();
    const t0 = performance.now();
    const o = await searchWholeLog(
      req({ text: 'heartbeat \\d+', regex: true }),
      () => ctrl.abort(), // at the first progress report
      { workerFile, signal: ctrl.signal, stallMs: 20_000 },
    );
    assert.equal(o.stopped, 'cancelled');
    assert.ok(o.scanned < bigSize, `stopped at ${o.scanned} of ${bigSize}`);
    assert.ok(performance.now() - t0 < 15_000);
  });

  it('split between two workers: the same counts, and the hits in file order within maxHits', async () => {
    // About 3 MB: "alert" on every 7th line in the first half (about 4,500), every 3rd in the second
    // (about 10,000): maxHits 3000 ends in the first half, 8000 in the second.
    const lines: string[] = [];
    for (let i = 0, bytes = 0; bytes < 3 << 20; i++) {
      const l = `2026-12-01 10:00:00,000 INFO  x [] - line ${i}${i % (bytes < 3 << 19 ? 7 : 3) === 0 ? ' Alert alert' : ''}`;
      lines.push(l);
      bytes += l.length + 1;
    }
    const path = join(dir, 'split.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const size = Buffer.byteLength(lines.join('\n') + '\n');
    const run = async (workers: number, query: ScanRequest['query'], maxHits?: number) => {
      const hits: number[] = [];
      const o = await searchWholeLog(
        { path, size, query, tagged: false, ...(maxHits ? { maxHits } : {}) },
        (p) => hits.push(...p.hits),
        { workerFile, stallMs: 20_000, workers, splitMin: 1 },
      );
      return { o, hits };
    };
    const queries = [
      { text: 'Alert', regex: false, caseSensitive: true },
      { text: 'line \\d+7 ', regex: true, caseSensitive: false },
    ];
    for (const q of queries) {
      for (const maxHits of [undefined, 3000, 8000]) {
        const one = await run(1, q, maxHits);
        const two = await run(2, q, maxHits);
        const what = `${JSON.stringify(q)} maxHits ${maxHits}`;
        assert.equal(one.o.workers, 1, what);
        assert.equal(two.o.workers, 2, what);
        assert.equal(two.o.matches, one.o.matches, what);
        assert.equal(two.o.hitLines, one.o.hitLines, what);
        assert.equal(two.o.truncated, one.o.truncated, what);
        assert.equal(two.o.scanned, size, what);
        assert.deepEqual(two.hits, one.hits, what);
        assert.equal(one.hits.length, Math.min(one.o.hitLines ?? 0, maxHits ?? 100_000), what);
      }
    }
  });

  it('split between two workers inside a record: the level filter reads its level before the split', async () => {
    // Half INFO lines, an ERROR record of 3,000 stack-trace lines around the middle, half INFO again.
    const info = (i: number) => `2026-12-01 10:00:00,000 INFO  x [] - line ${i}${i % 5 === 0 ? ' Alert' : ''}`;
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(info(i));
    lines.push('2026-12-01 10:00:01,000 ERROR x [] - boom Alert');
    for (let i = 0; i < 3000; i++) lines.push(`\tat org.acme.X.y${i}(X.java:${i})${i % 3 === 0 ? ' Alert' : ''}`);
    for (let i = 0; i < 40_000; i++) lines.push(info(i));
    const body = lines.join('\n') + '\n';
    const path = join(dir, 'split-record.log');
    writeFileSync(path, body);
    const size = Buffer.byteLength(body);
    const mid = body.indexOf('\n', size >> 1) + 1;
    assert.ok(body.startsWith('\tat ', mid), 'the split falls inside the ERROR record');
    for (const levels of [['ERROR'], ['INFO', 'WARN'], ['ERROR', 'INFO']] as LogLevel[][]) {
      for (const text of ['Alert', 'X\\.y\\d*7\\(']) {
        const query = { text, regex: text !== 'Alert', caseSensitive: true };
        const runs = [];
        for (const workers of [1, 2]) {
          const hits: number[] = [];
          const o = await searchWholeLog({ path, size, query, levels, tagged: false }, (p) => hits.push(...p.hits), {
            workerFile,
            stallMs: 20_000,
            workers,
            splitMin: 1,
          });
          runs.push({ o, hits });
        }
        const [one, two] = runs;
        const what = `${levels.join()} ${text}`;
        assert.equal(two!.o.workers, 2, what);
        assert.equal(two!.o.matches, one!.o.matches, what);
        if (levels.includes('ERROR') || text === 'Alert') assert.ok((one!.o.matches ?? 0) > 0, what);
        assert.deepEqual(two!.hits, one!.hits, what);
      }
    }
  });

  it('refuses a regex that can backtrack exponentially, with the reason', async () => {
    const o = await searchWholeLog(req({ text: '(a+)+$', regex: true }), () => undefined, { workerFile });
    assert.match(o.error ?? '', /exponential time/);
    const bad = await searchWholeLog(req({ text: '(unclosed', regex: true }), () => undefined, { workerFile });
    assert.match(bad.error ?? '', /Invalid regular expression/);
  });

  it('stops a regex that holds the worker on one long line, and says so', async () => {
    const path = join(dir, 'long.log');
    writeFileSync(path, `first line\n${'a'.repeat(200_000)}\nlast line\n`);
    const t0 = performance.now();
    const o = await searchWholeLog(
      { path, size: 200_022, query: { text: 'a*a*a*b', regex: true, caseSensitive: false }, tagged: false },
      () => undefined,
      { workerFile, stallMs: 500 },
    );
    assert.equal(o.stopped, 'stalled');
    assert.ok(performance.now() - t0 < 10_000);
  });

  it('counts what the page counts on hostile lines (ANSI, controls, CRLF, bad UTF-8, pod tags, markers)', async () => {
    // Without escape sequences the worker takes its block path (one search per 4 MiB, candidate
    // lines checked alone); with them, the line-by-line path. Both must count what the page counts.
    for (const [esc, bad] of [
      [true, true],
      [false, true],
      [false, false],
    ])
      await hostile(esc, bad);
    await hostile(false, false, true);
  });
  async function hostile(esc: boolean, bad: boolean, ascii = false) {
    const parts: (string | Buffer)[] = [
      '\n',
      'before any header: alert\n',
      esc
        ? '2026-12-01 10:00:00,000 WARN  x [] - \x1b[31mred\x1b[0m alert alert\r\n'
        : '2026-12-01 10:00:00,000 WARN  x [] - red alert alert\r\n',
      'continuation alert\n',
      bad ? Buffer.from([0x61, 0x6c, 0x65, 0x72, 0x74, 0xff, 0xfe, 0x0a]) : 'alert\n',
      '2026-12-01 10:00:01,000 DEBUG y [] - ALERT\x00alert\n',
      '──── stream resumed: alert ────\n',
      ascii ? 'al\x01ert and alert\n' : 'al\u200bert and alert\n',
      ascii
        ? '2026-12-01 10:00:02,000 ERROR z [] - Grosse alert\n'
        : '2026-12-01 10:00:02,000 ERROR z [] - Größe alert\n',
      ascii ? '\tat Grosse.alert(Grosse.java:1) alertalert\n' : '\tat Größe.alert(Größe.java:1)\n',
    ];
    const text = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    for (const tagged of [false, true]) {
      const body = tagged
        ? Buffer.from(
            text
              .toString('latin1')
              .split('\n')
              .map((l, i) => (l ? `[pod/tm-${i % 2}/flink] ${l}` : l))
              .join('\n'),
            'latin1',
          )
        : text;
      const path = join(dir, `hostile-${tagged}.log`);
      writeFileSync(path, body);
      for (const levels of [ALL, ['ERROR', 'INFO', 'DEBUG'] as LogLevel[], ['WARN'] as LogLevel[]]) {
        for (const q of [
          { text: 'alert', regex: false, caseSensitive: false },
          { text: 'ALERT', regex: false, caseSensitive: true },
          { text: 'al.rt', regex: true, caseSensitive: false },
          { text: '^alert', regex: true, caseSensitive: false },
          { text: 'alert$', regex: true, caseSensitive: false },
          { text: 'e\\s+a', regex: true, caseSensitive: false },
          { text: 'größe', regex: false, caseSensitive: false },
          { text: 'Größe', regex: false, caseSensitive: true },
        ]) {
          const model = new LogModel(tagged);
          model.replace(0, body.length, body.toString('utf8'));
          const set = new Set(levels);
          const names = ['', 'ERROR', 'WARN', 'INFO', 'DEBUG'] as const;
          const visible = (i: number) => {
            const l = model.level(i);
            return l === 0 || model.isMarker(i) || set.has(names[l] as LogLevel);
          };
          const page = findMatches(model, q, visible).matches.length;
          // In this process (the worker runs this same function; spawning 486 workers is slow).
          const o = scanSpool({ path, size: body.length, query: q, levels, tagged }, () => undefined);
          assert.equal(
            o.matches,
            page,
            `esc=${esc} bad=${bad} ascii=${ascii} tagged=${tagged} levels=${levels.join()} query=${JSON.stringify(q)}`,
          );
        }
      }
    }
  }
});
