// The whole-log search: scans a spool file from disk for a query with the page's rules (the text it
// shows, its level filter, its match count). Runs synchronously inside the search worker
// (search-worker.ts), which the host terminates to cancel it or when one line takes too long, so
// nothing here needs to be interruptible. Memory stays bounded: one read buffer and at most
// `maxHits` line offsets.
//
// Speed: a block of whole lines (4 MiB) is searched at once whenever the page would show its raw
// text unchanged for the query (search-plan.ts says when), and matches are counted where they are
// found (search-direct.ts); other blocks go line by line through the page's own rules.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { compile, HEADER, POD_TAG, visibleText, type SearchQuery } from './line-text';
import { MARKER_PREFIX, type LogLevel } from './protocol';
import {
  countBytesBlock,
  countTextBlock,
  fixedFinder,
  regexFinder,
  textFinder,
  type Finder,
  type Levels,
} from './search-direct';
import { controlsIn, headerSpacesChange } from './search-bytes';
import { INVISIBLE, LOWER_TO_ASCII_LATIN1, planFor } from './search-plan';
import { LEVEL_OF, Tally } from './search-tally';

export interface ScanRequest {
  path: string;
  /** Scan [start, size) of the spool (`size`: its visible size when the search started). */
  size: number;
  /** A line start (default 0). */
  start?: number;
  /** With a level filter and a start after 0: the record open at `start` (search-split.ts finds it). */
  openRecord?: { level?: LogLevel };
  query: SearchQuery;
  /** Levels shown (undefined: all); lines without a level and markers always count, as on the page. */
  levels?: LogLevel[];
  /** Lines start with a `[pod/…] ` tag, which the page does not search. */
  tagged: boolean;
  /** Line offsets kept (default 100,000); matches are counted past it. */
  maxHits?: number;
  readBytes?: number;
}

export interface ScanProgress {
  /** Bytes of the range scanned so far. */
  scanned: number;
  matches: number;
  /** Offsets of the lines with a match found since the previous report, ascending. */
  hits: number[];
}

export interface ScanResult {
  scanned: number;
  matches: number;
  hitLines: number;
  /** More lines matched than `maxHits`: the later ones are counted, not kept. */
  truncated: boolean;
  /** Blocks searched line by line, as one string, as bytes, and skipped (for the tests and the bench). */
  blocks: { lines: number; text: number; bytes: number; skipped: number };
}

const MAX_LINE = 64 << 20;
/** Blocks with fewer matches than this are searched as bytes (no string of the block is made). */
const FEW_MATCHES = 64;

/** Scans [start, size) of the file; `report` is called about every `reportMs` and at the end. */
export function scanSpool(req: ScanRequest, report: (p: ScanProgress) => void, reportMs = 100): ScanResult {
  const start = req.start ?? 0;
  const c = compile(req.query);
  const blocks = { lines: 0, text: 0, bytes: 0, skipped: 0 };
  if (c === undefined) return { scanned: req.size - start, matches: 0, hitLines: 0, truncated: false, blocks };
  if (typeof c === 'string' && req.query.regex) throw new Error(c);
  const filter = req.levels && req.levels.length < 4 ? new Set(req.levels) : undefined;
  if (filter && start > 0 && !req.openRecord)
    throw new Error('a range after the start of the log needs the record open there for a level filter');
  const tally = new Tally(req.maxHits ?? 100_000);
  const needle = typeof c === 'string' ? (req.query.caseSensitive ? c : c.toLowerCase()) : '';
  const re = typeof c === 'string' ? undefined : c;
  const plan = planFor(req.query, req.tagged);
  const finder: Finder | undefined =
    plan.kind === 'bytes'
      ? textFinder(plan.latin1)
      : plan.kind === 'lower'
        ? fixedFinder(plan.re, plan.len)
        : plan.kind === 'regex'
          ? regexFinder(plan.re)
          : undefined;
  // The same query over text decoded from UTF-8 (the latin1 needle only fits bytes read as Latin-1).
  const decodedFinder = plan.kind === 'bytes' ? textFinder(needle) : finder;
  /** Level of the current record per pod tag ('' untagged): continuation lines take their head's. */
  const recordLevel = new Map<string, LogLevel | undefined>();
  const levels: Levels = { filter, carry: req.openRecord?.level };
  if (start > 0 && req.openRecord) recordLevel.set('', req.openRecord.level);

  let scanned = 0;
  let lastReport = Date.now();
  let linesSinceCheck = 0;
  let lastFound = 0;

  const maybeReport = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < reportMs) return;
    lastReport = now;
    report({ scanned, matches: tally.matches, hits: tally.fresh });
    tally.fresh = [];
  };

  /** Counts the matches of one shown line as the page does (non-overlapping, empty matches skipped). */
  const countIn = (text: string): number => {
    let n = 0;
    if (!re) {
      const t = req.query.caseSensitive ? text : text.toLowerCase();
      for (let p = t.indexOf(needle); p >= 0; p = t.indexOf(needle, p + needle.length)) n++;
      return n;
    }
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      else n++;
    }
    return n;
  };
  /** A line's raw text (no tag, a CR at its end allowed) counted with the page's rules. */
  const countLine = (raw: string) => countIn(visibleText(raw.endsWith('\r') ? raw.slice(0, -1) : raw));

  const onLine = (raw: string, offset: number) => {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let tag = '';
    if (req.tagged) {
      const m = POD_TAG.exec(text);
      if (m) {
        tag = m[0];
        text = text.slice(tag.length);
      }
    }
    text = visibleText(text);
    if (filter && !text.startsWith(MARKER_PREFIX)) {
      const h = HEADER.exec(text);
      if (h) recordLevel.set(tag, LEVEL_OF[h[1] ?? '']);
      else if (!recordLevel.has(tag)) recordLevel.set(tag, undefined);
      const level = recordLevel.get(tag);
      if (level && !filter.has(level)) return;
    }
    const n = countIn(text);
    if (n) tally.hit(n, offset);
    if (++linesSinceCheck >= 512) {
      linesSinceCheck = 0;
      scanned = offset - start;
      maybeReport();
    }
  };

  /** The line-by-line path over whole lines of bytes: exact for any bytes, slower. */
  const slowBlock = (bytes: Buffer, base: number) => {
    blocks.lines++;
    if (isAscii(bytes)) {
      const s = bytes.toString('latin1');
      for (let from = 0; from < s.length;) {
        const nl = s.indexOf('\n', from);
        const to = nl < 0 ? s.length : nl;
        onLine(s.slice(from, to), base + from);
        from = to + 1;
      }
    } else {
      for (let from = 0; from < bytes.length;) {
        const nl = bytes.indexOf(0x0a, from);
        const to = nl < 0 ? bytes.length : nl;
        onLine(bytes.toString('utf8', from, to), base + from);
        from = to + 1;
      }
    }
    // The block path's record level continues from here.
    levels.carry = recordLevel.get('');
  };

  /** The level of the record open at the end of an ASCII block (no markers), from the text the page shows. */
  const lastLevel = (bytes: Buffer, carry: LogLevel | undefined): LogLevel | undefined => {
    const s = bytes.toString('latin1');
    for (let to = s.endsWith('\n') ? s.length - 1 : s.length; ;) {
      const from = to === 0 ? 0 : s.lastIndexOf('\n', to - 1) + 1;
      const line = s.slice(from, to);
      const h = HEADER.exec(visibleText(line.endsWith('\r') ? line.slice(0, -1) : line));
      if (h) return LEVEL_OF[h[1] ?? ''];
      if (from === 0) return carry;
      to = from - 1;
    }
  };

  /** Counts a block as one string: its bytes read as Latin-1 (indices are byte offsets) or decoded. */
  const textBlock = (s: string, base: number, find: Finder, recheck: boolean, decoded: boolean) => {
    blocks.text++;
    let byteAt = (i: number) => i;
    if (decoded) {
      // Character index to byte offset, moving forward only (hits come in order).
      let ci = 0;
      let bi = 0;
      byteAt = (i) => {
        bi += Buffer.byteLength(s.slice(ci, i));
        ci = i;
        return bi;
      };
    }
    const before = tally.matches;
    countTextBlock({ s, base, byteAt, recheck }, find, tally, levels, countLine);
    lastFound = tally.matches - before;
    recordLevel.set('', levels.carry);
  };

  const block = (bytes: Buffer, base: number) => {
    if (plan.kind === 'foreign') {
      // No ASCII line holds the query; the record levels still move on.
      if (!isAscii(bytes)) return slowBlock(bytes, base);
      if (filter) levels.carry = lastLevel(bytes, levels.carry);
      recordLevel.set('', levels.carry);
      blocks.skipped++;
      return;
    }
    // Escape sequences are removed from what the page shows (text can join across them).
    if (!finder || !decodedFinder || bytes.indexOf(0x1b) >= 0) return slowBlock(bytes, base);
    // A header's spaces that the page shows as pictures: its level is found line by line.
    if (filter && headerSpacesChange(bytes)) return slowBlock(bytes, base);
    const ascii = isAscii(bytes);
    let utf8: string | undefined;
    const decode = () => (utf8 ??= bytes.toString('utf8'));
    // A query that can match inside the `⟨U+200B⟩` the page shows for an invisible character.
    if (!ascii && (plan.kind === 'regex' || ('hexish' in plan && plan.hexish)) && INVISIBLE.test(decode()))
      return slowBlock(bytes, base);
    switch (plan.kind) {
      case 'bytes':
        // Byte matches of the needle's UTF-8 are its matches in the decoded text, even around bad bytes.
        if (!filter && lastFound < FEW_MATCHES) {
          blocks.bytes++;
          lastFound = countBytesBlock(bytes, base, plan.needle, tally);
          return;
        }
        break;
      case 'lower': {
        // Only İ and K lower-case to ASCII: elsewhere the `i` flag over the bytes finds what toLowerCase does.
        if (!ascii && LOWER_TO_ASCII_LATIN1.some((t) => bytes.includes(t, 0, 'latin1'))) return slowBlock(bytes, base);
        break;
      }
      case 'regex': {
        // A regex blind to controls only needs to know of CRs (a CR at a line's end is not shown).
        const controls = plan.blind ? (bytes.indexOf(0x0d) >= 0 ? 1 : 0) : controlsIn(bytes);
        if (controls === 2) return slowBlock(bytes, base);
        const recheck = plan.recheck || controls === 1;
        if (ascii) return textBlock(bytes.toString('latin1'), base, finder, recheck, false);
        const s = decode();
        if (s.includes('\ufffd')) return slowBlock(bytes, base);
        // With the `m` flag, `^` and `$` also match at U+2028/U+2029 inside a line.
        return textBlock(s, base, finder, recheck || /[\u2028\u2029]/.test(s), true);
      }
    }
    // Text: the bytes as Latin-1 unless the level filter needs the decoded headers and markers.
    if (ascii || !filter) return textBlock(bytes.toString('latin1'), base, finder, false, false);
    const s = decode();
    if (s.includes('\ufffd')) return slowBlock(bytes, base);
    textBlock(s, base, decodedFinder, false, true);
  };

  const fd = openSync(req.path, 'r');
  try {
    let buf = Buffer.allocUnsafe(req.readBytes ?? 4 << 20);
    let base = start; // file offset of buf[0]
    let filled = 0;
    while (base + filled < req.size || filled > 0) {
      const want = Math.min(buf.length - filled, req.size - base - filled);
      const n = want > 0 ? readSync(fd, buf, filled, want, base + filled) : 0;
      filled += n;
      const atEnd = base + filled >= req.size || n === 0;
      let end = atEnd ? filled : buf.lastIndexOf(0x0a, filled - 1) + 1;
      if (end === 0) {
        // One line longer than the buffer: grow up to MAX_LINE, then search it in pieces.
        if (buf.length < MAX_LINE) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
          continue;
        }
        end = filled;
      }
      block(buf.subarray(0, end), base);
      buf.copy(buf, 0, end, filled);
      base += end;
      filled -= end;
      scanned = base - start;
      maybeReport();
      if (atEnd && filled === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  scanned = req.size - start;
  maybeReport(true);
  const truncated = tally.hitLines > tally.maxHits;
  return { scanned, matches: tally.matches, hitLines: tally.hitLines, truncated, blocks };
}
