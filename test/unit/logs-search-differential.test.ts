// The whole-log search's block-at-once paths (search-scan.ts, search-direct.ts) against the page's own
// per-line search (media/src/logs/model.ts + search.ts) on generated hostile logs: ANSI sequences,
// controls, CRLF and lone CRs, invalid UTF-8, invisible characters, 1 MB lines, mixed case,
// non-ASCII letters (İ and the Kelvin sign lower-case to ASCII), every level, markers, pod tags.
// Small read sizes put block edges everywhere, so clean and hostile blocks alternate. Every query
// must give the page's match count, hit-line count and the offsets of the hit lines.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LogModel } from '../../media/src/logs/model';
import { findMatches } from '../../media/src/logs/search';
import type { SearchQuery } from '../../src/features/logs/line-text';
import type { LogLevel } from '../../src/features/logs/protocol';
import { scanSpool } from '../../src/features/logs/search-scan';
import { controlBlind } from '../../src/features/logs/search-plan';
import { recordBefore } from '../../src/features/logs/search-split';

/** A small seeded generator (mulberry32), so a failure names a log that can be made again. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const LEVELS = ['ERROR', 'WARN ', 'INFO ', 'DEBUG', 'TRACE', 'FATAL'];
const WORDS = [
  'alert',
  'ALERT',
  'Alert',
  'aLeRt',
  'heartbeat 17 from',
  'heartbeat 1234 from',
  'Größe',
  'GRÖSSE',
  'straße',
  '\u212aafka',
  'kafka',
  'KAFKA',
  'İstanbul',
  'istanbul',
  '200B',
  'U+200b',
  'u',
  'résumé',
  '日本語 alert',
  'checkpoint 42',
  'a\tb',
  'x',
  'e  a',
  'ab',
  'alertalert',
  '42',
];
// eslint-disable-next-line no-control-regex
const ASCII_WORDS = WORDS.filter((w) => /^[\x00-\x7f]*$/.test(w));
/** Pieces that make a line look different on the page than in the file. */
const HOSTILE: (string | Buffer)[] = [
  '\x1b[31m',
  '\x1b[0m',
  'al\x1b[1mert',
  '\x1b]0;title\x07',
  '\x01',
  '\x7f',
  '\x00',
  'a\rlert',
  '\r',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u061c',
  '\u2401',
  '⟨U+200B⟩',
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]),
];

/** A log of about `bytes`: clean stretches and hostile ones, records of every level, markers, a 1 MB line. */
function makeLog(seed: number, bytes: number, tagged: boolean): Buffer {
  const r = random(seed);
  const parts: Buffer[] = [];
  let size = 0;
  let hostile = false;
  // Stretches of ASCII words only (hostile pieces may still come).
  let ascii = false;
  let n = 0;
  const push = (line: (string | Buffer)[], crlf: boolean) => {
    const tag = tagged ? `[pod/tm-${n % 3}/flink] ` : '';
    const b = Buffer.concat(
      [tag, ...line, crlf ? '\r\n' : '\n'].map((p) => (typeof p === 'string' ? Buffer.from(p) : p)),
    );
    parts.push(b);
    size += b.length;
    n++;
  };
  push(['before any header: alert'], false);
  let long = false;
  while (size < bytes) {
    if (!long && size > bytes / 2) {
      // A 1 MB line, with matches near its end.
      push(['continued ', 'z'.repeat(1 << 20), ' alert Größe 200B'], false);
      long = true;
    }
    if (r.next() < 0.02) hostile = !hostile;
    if (r.next() < 0.02) ascii = !ascii;
    const words: (string | Buffer)[] = [];
    for (let k = Math.floor(r.next() * 6); k > 0; k--) {
      words.push(r.next() < 0.5 ? ' ' : '', r.pick(ascii ? ASCII_WORDS : WORDS));
      if (hostile && r.next() < 0.3) words.push(r.pick(HOSTILE));
    }
    const kind = r.next();
    if (kind < 0.5) {
      const sec = String(n % 60).padStart(2, '0');
      // Inside hostile stretches the space before the level may be one the page shows differently.
      const space = hostile ? r.pick([' ', ' ', '\t', '\x0b', '\x0c', '\r', '\ufeff', '\u00a0', '\x01']) : ' ';
      const head = `2026-12-01 10:00:${sec},${String(n % 1000).padStart(3, '0')}${space}${r.pick(LEVELS)}`;
      push([head, ' org.acme.X [] -', ...words], hostile && r.next() < 0.3);
    } else if (kind < 0.9) {
      push([r.next() < 0.5 ? '\tat org.acme.X.y(X.java:1)' : 'continued', ...words], hostile && r.next() < 0.3);
    } else if (kind < 0.93) {
      push(['──── stream resumed: ', ...words, ' ────'], false);
    } else {
      push(words, false);
    }
  }
  return Buffer.concat(parts);
}

const QUERIES: SearchQuery[] = [
  ...[
    'alert',
    'kafka',
    'istanbul',
    'größe',
    '200b',
    'u',
    'x',
    'heartbeat',
    'e  a',
    'a\tb',
    'alertalert',
    'straße',
    'İstanbul',
    'résumé',
  ].map((text) => ({ text, regex: false, caseSensitive: false })),
  ...['Alert', 'ALERT', 'Größe', '200B', 'U', 'ab', '\u212aafka', 'x', '42', 'GRÖSSE'].map((text) => ({
    text,
    regex: false,
    caseSensitive: true,
  })),
  ...[
    'al.rt',
    '^alert',
    'alert$',
    'alert\\s*$',
    'e\\s+a',
    '\\d{3}',
    '[^a-z0-9 ]{2}',
    'a[^x]',
    'heartbeat \\d+7 from',
    '\\u2401',
    '[\\u2400-\\u24ff]',
    'x*',
    '$',
    '^',
    'kafka',
    'Gr(ö|oe)ße',
    'rt\\n',
    't\\s',
    '\\bal',
    '\\Brt',
    '[A-F0-9]{4}',
    'ß|İ',
    'a(?=l)',
    '(?<=al)ert',
    '(?<=^)al',
    'rt(?=\\s*$)',
    '(?<=\\n)a',
    'a(?=[^]*z)',
    'a(?!l)',
    'a(?![^])',
    '(?<![^])a',
    'x{3,}',
    'l.r',
  ].map((text) => ({ text, regex: true, caseSensitive: false })),
  ...['Alert|ALERT', '[a-z]+', 'U\\+'].map((text) => ({ text, regex: true, caseSensitive: true })),
];
const LEVEL_SETS: LogLevel[][] = [
  ['ERROR', 'WARN', 'INFO', 'DEBUG'],
  ['ERROR'],
  ['INFO', 'DEBUG'],
  ['WARN', 'ERROR', 'DEBUG'],
];
const NAMES = ['', 'ERROR', 'WARN', 'INFO', 'DEBUG'] as const;

/** Byte offsets of the lines of a log, as the page splits it. */
function lineStarts(body: Buffer): number[] {
  const starts = [0];
  for (let p = body.indexOf(0x0a); p >= 0 && p + 1 < body.length; p = body.indexOf(0x0a, p + 1)) starts.push(p + 1);
  return starts;
}

/** The page's answer: matches, and the byte offsets of the lines that have one. */
function pageSearch(starts: number[], model: LogModel, q: SearchQuery, levels: LogLevel[]) {
  const set = new Set(levels);
  const visible = (i: number) => {
    const l = model.level(i);
    return l === 0 || model.isMarker(i) || set.has(NAMES[l] as LogLevel);
  };
  const matches = findMatches(model, q, visible, 0, model.length, [], Infinity).matches;
  const lines = [...new Set(matches.map((m) => m.line))];
  return { matches: matches.length, hits: lines.map((l) => starts[l]!) };
}

describe('whole-log search: block paths against the page (fake-free, generated logs)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'search-diff-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [seed, readBytes] of [
    [1, 512],
    [2, 4096],
    [3, 1 << 16],
  ] as const) {
    for (const tagged of [false, true]) {
      it(`log ${seed} (${tagged ? 'pod tags' : 'plain'}), ${readBytes}-byte reads: every query and level filter as the page`, async () => {
        const body = makeLog(seed, tagged ? 200_000 : 400_000, tagged);
        const path = join(dir, `log-${seed}-${tagged}.log`);
        writeFileSync(path, body);
        const model = new LogModel(tagged);
        model.replace(0, body.length, body.toString('utf8'));
        const starts = lineStarts(body);
        const mid = body.indexOf(0x0a, body.length >> 1) + 1;
        const fh = await open(path, 'r');
        const openRecord = await recordBefore(fh, mid).finally(() => fh.close());
        assert.ok(openRecord, 'the level at the middle is found');
        const used = { lines: 0, text: 0, bytes: 0, skipped: 0 };
        for (const levels of LEVEL_SETS) {
          for (const q of QUERIES) {
            const want = pageSearch(starts, model, q, levels);
            const hits: number[] = [];
            const got = scanSpool({ path, size: body.length, query: q, levels, tagged, readBytes }, (p) =>
              hits.push(...p.hits),
            );
            const what = `query ${JSON.stringify(q)} levels ${levels.join()}`;
            assert.equal(got.matches, want.matches, `matches: ${what}`);
            assert.equal(got.hitLines, want.hits.length, `hit lines: ${what}`);
            assert.deepEqual(hits, want.hits, `hit offsets: ${what}`);
            if (levels.length === 4 || !tagged) {
              // In two ranges split at a line start, as two workers search a large log.
              const halves: number[] = [];
              const a = scanSpool({ path, size: mid, query: q, levels, tagged, readBytes }, (p) =>
                halves.push(...p.hits),
              );
              const b = scanSpool(
                { path, size: body.length, start: mid, openRecord, query: q, levels, tagged, readBytes },
                (p) => halves.push(...p.hits),
              );
              assert.equal(a.matches + b.matches, want.matches, `two ranges: ${what}`);
              assert.deepEqual(halves, want.hits, `two ranges: ${what}`);
            }
            used.lines += got.blocks.lines;
            used.text += got.blocks.text;
            used.bytes += got.blocks.bytes;
            used.skipped += got.blocks.skipped;
          }
        }
        // The comparison covers the fast paths, not only the line-by-line one.
        if (tagged) assert.equal(used.text + used.bytes + used.skipped, 0);
        else {
          assert.ok(used.text > 0 && used.bytes > 0 && used.lines > 0, JSON.stringify(used));
          // Small blocks of ASCII only are skipped for a query whose lower case is not ASCII.
          if (readBytes === 512) assert.ok(used.skipped > 0, JSON.stringify(used));
        }
      });
    }
  }

  it('keeps the first maxHits offsets and counts the rest, on every path', () => {
    const body = makeLog(4, 300_000, false);
    const path = join(dir, 'max.log');
    writeFileSync(path, body);
    const model = new LogModel(false);
    model.replace(0, body.length, body.toString('utf8'));
    const starts = lineStarts(body);
    for (const q of QUERIES.slice(0, 30)) {
      const want = pageSearch(starts, model, q, LEVEL_SETS[0]!);
      const hits: number[] = [];
      const got = scanSpool({ path, size: body.length, query: q, tagged: false, maxHits: 7, readBytes: 2048 }, (p) =>
        hits.push(...p.hits),
      );
      assert.equal(got.matches, want.matches, JSON.stringify(q));
      assert.deepEqual(hits, want.hits.slice(0, 7), JSON.stringify(q));
      assert.equal(got.truncated, want.hits.length > 7);
    }
  });

  it('a query no ASCII line can hold skips ASCII blocks and still follows the record levels across them', () => {
    const lines = ['2026-12-01 10:00:00,000 INFO  x [] - Größe at the start'];
    for (let i = 0; i < 20; i++) lines.push(`2026-12-01 10:00:01,000 INFO  x [] - ascii filler line ${i}`);
    lines.push('2026-12-01 10:00:02,000 ERROR x [] - boom');
    for (let i = 0; i < 10; i++) lines.push(`\tat org.acme.X.y${i}(X.java:${i})`);
    lines.push('continued: Größe of the ERROR record', '2026-12-01 10:00:03,000 WARN  x [] - größe');
    const body = Buffer.from(lines.join('\n') + '\n');
    const path = join(dir, 'levels.log');
    writeFileSync(path, body);
    const model = new LogModel(false);
    model.replace(0, body.length, body.toString('utf8'));
    for (const levels of LEVEL_SETS) {
      const q = { text: 'größe', regex: false, caseSensitive: false };
      const want = pageSearch(lineStarts(body), model, q, levels);
      const got = scanSpool(
        { path, size: body.length, query: q, levels, tagged: false, readBytes: 256 },
        () => undefined,
      );
      assert.equal(got.matches, want.matches, levels.join());
      assert.ok(got.blocks.skipped > 0);
    }
  });

  it('tells regexes that cannot see a control character from those that can', () => {
    for (const blind of ['heartbeat \\d+7 from', '[a-z]+', '[^x]+', 'a|b', '\\w+\\.\\w+', '(ERROR|WARN)\\b', '[a\\-z]'])
      assert.equal(controlBlind(blind), true, blind);
    for (const sees of [
      'a.b',
      '^x',
      'x$',
      '\\x01',
      '\\u2401',
      'a\\sb',
      '\\S',
      '[ -~]',
      '[\\d-z]',
      '\\0',
      '\\cA',
      '[!-z]',
    ])
      assert.equal(controlBlind(sees), false, sees);
  });
});
