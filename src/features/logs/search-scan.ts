// The whole-log search: scans a spool file from disk for a query, line by line, with the page's
// rules (the text it shows, its level filter, its match count). Runs synchronously inside the
// search worker (search-worker.ts), which the host terminates to cancel it or when one line takes
// too long, so nothing here needs to be interruptible. Memory stays bounded: one read buffer and
// at most `maxHits` line offsets.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { compile, HEADER, POD_TAG, visibleText, type SearchQuery } from './line-text';
import { MARKER_PREFIX, type LogLevel } from './protocol';

export interface ScanRequest {
  path: string;
  /** Bytes of the spool to scan (its visible size when the search started). */
  size: number;
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
}

const LEVEL_OF: Record<string, LogLevel> = {
  ERROR: 'ERROR',
  FATAL: 'ERROR',
  WARN: 'WARN',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  TRACE: 'DEBUG',
};
const MAX_LINE = 64 << 20;
/** HEADER at a given index (sticky, without its `^`). */
const HEADER_AT = new RegExp(HEADER.source.slice(1), 'y');
/** Text the page's line rules can add (control pictures, `⟨U+…⟩`): such queries take the line-by-line path. */
const MADE_BY_RULES = /[\u2400-\u2421⟨⟩]|U\+/;
/** Characters the page's line rules replace: a query holding one takes the line-by-line path. */
// eslint-disable-next-line no-control-regex
const CHANGED_BY_RULES = /[\x00-\x08\x0b-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How to find candidate lines in a whole block at once, or undefined when only the line-by-line path
 * gives the page's answer. Every candidate line is then checked with the page's rules, so the block
 * search may report lines that do not match, but must never skip one that does: lookarounds could
 * see the neighbouring lines, and a query that matches text the rules add would find nothing raw.
 */
function blockFinder(q: SearchQuery, re: RegExp | undefined): RegExp | string | undefined {
  if (MADE_BY_RULES.test(q.text) || CHANGED_BY_RULES.test(q.text)) return undefined;
  if (re) return /\(\?<?[=!]/.test(q.text) ? undefined : new RegExp(re.source, `${re.flags}m`);
  if (q.caseSensitive) return q.text;
  // toLowerCase and the regex `i` flag fold some non-ASCII letters differently.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(q.text) ? new RegExp(escapeRegExp(q.text), 'gi') : undefined;
}

/** Scans [0, size) of the file; `report` is called about every `reportMs` and at the end. */
export function scanSpool(req: ScanRequest, report: (p: ScanProgress) => void, reportMs = 100): ScanResult {
  const c = compile(req.query);
  if (c === undefined) return { scanned: req.size, matches: 0, hitLines: 0, truncated: false };
  if (typeof c === 'string' && req.query.regex) throw new Error(c);
  const maxHits = req.maxHits ?? 100_000;
  const filter = req.levels && req.levels.length < 4 ? new Set(req.levels) : undefined;
  const needle = typeof c === 'string' ? (req.query.caseSensitive ? c : c.toLowerCase()) : '';
  const re = typeof c === 'string' ? undefined : c;
  const finder = req.tagged ? undefined : blockFinder(req.query, re);
  /** Level of the current record per pod tag ('' untagged): continuation lines take their head's. */
  const recordLevel = new Map<string, LogLevel | undefined>();

  let matches = 0;
  let hitLines = 0;
  let fresh: number[] = [];
  let scanned = 0;
  let lastReport = Date.now();
  let linesSinceCheck = 0;

  const hit = (offset: number, n: number) => {
    matches += n;
    hitLines++;
    if (hitLines <= maxHits) fresh.push(offset);
  };
  const maybeReport = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < reportMs) return;
    lastReport = now;
    report({ scanned, matches, hits: fresh });
    fresh = [];
  };

  /** Counts the matches of one line as the page does (non-overlapping, empty matches skipped). */
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
    if (n) hit(offset, n);
    if (++linesSinceCheck >= 512) {
      linesSinceCheck = 0;
      scanned = offset;
      maybeReport();
    }
  };

  /** Counts one line found by the block search (its text from the block), if the level filter shows it. */
  const candidate = (raw: string, offset: number, level: LogLevel | undefined) => {
    if (level && filter && !filter.has(level)) return;
    const text = visibleText(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    const n = countIn(text);
    if (n) hit(offset, n);
  };

  // The level of the record a line belongs to, for the block path: the nearest header line at or
  // above it (markers are skipped, as the page does), else the level carried from the previous block.
  let carry: LogLevel | undefined;
  let known = { at: -1, level: undefined as LogLevel | undefined };
  const levelAt = (s: string, ls: number): LogLevel | undefined => {
    for (let p = ls; ; p = p <= 1 ? 0 : s.lastIndexOf('\n', p - 2) + 1) {
      if (p === known.at) return known.level;
      if (!s.startsWith(MARKER_PREFIX, p)) {
        HEADER_AT.lastIndex = p;
        const m = HEADER_AT.exec(s);
        if (m) return LEVEL_OF[m[1] ?? ''];
      }
      if (p === 0) return carry;
    }
  };

  /**
   * The block path: one search over the block's text finds candidate lines; each is checked alone.
   * `s` is the block decoded so that its indices map to bytes through `byteAt`.
   */
  const fastBlock = (s: string, base: number, byteAt: (i: number) => number, direct: boolean) => {
    known = { at: -1, level: undefined };
    let from = 0;
    // The line being counted directly: [ls, le), its matches so far, whether the filter shows it.
    let ls = -1;
    let le = -1;
    let n = 0;
    let shown = true;
    const flush = () => {
      if (n && shown) hit(base + byteAt(ls), n);
      n = 0;
    };
    while (from < s.length) {
      let p: number;
      let len: number;
      if (typeof finder === 'string') {
        p = s.indexOf(finder, from);
        len = finder.length;
      } else {
        finder!.lastIndex = from;
        const m = finder!.exec(s);
        p = m ? m.index : -1;
        len = m ? m[0].length : 0;
      }
      if (p < 0) break;
      if (p >= le) {
        flush();
        ls = s.lastIndexOf('\n', p - 1) + 1;
        const nl = s.indexOf('\n', p);
        le = nl < 0 ? s.length : nl;
        // A marker line always shows; it does not start a record (the lines after it keep their level).
        const level = filter && !s.startsWith(MARKER_PREFIX, ls) ? levelAt(s, ls) : undefined;
        if (filter && level !== undefined) known = { at: ls, level };
        shown = !level || !filter || filter.has(level);
        if (!direct) {
          if (shown) candidate(s.slice(ls, le), base + byteAt(ls), undefined);
          from = le + 1;
          continue;
        }
      }
      // Plain text with the page's rules changing nothing it could match: count here, as the page does.
      n++;
      from = p + Math.max(1, len);
    }
    flush();
    if (filter && s.length) {
      const last = s.lastIndexOf('\n', s.length - 2) + 1;
      carry = levelAt(s, last);
    }
  };

  /** The line-by-line path over whole lines of bytes: exact for any bytes, slower. */
  const slowBlock = (bytes: Buffer, base: number, ascii: boolean) => {
    if (ascii) {
      const s = bytes.toString('latin1');
      for (let from = 0; from < s.length;) {
        const nl = s.indexOf('\n', from);
        const to = nl < 0 ? s.length : nl;
        onLine(s.slice(from, to), base + from);
        from = to + 1;
      }
      return;
    }
    for (let from = 0; from < bytes.length;) {
      const nl = bytes.indexOf(0x0a, from);
      const to = nl < 0 ? bytes.length : nl;
      onLine(bytes.toString('utf8', from, to), base + from);
      from = to + 1;
    }
  };

  const block = (buf: Buffer, end: number, base: number) => {
    const bytes = buf.subarray(0, end);
    const ascii = isAscii(bytes);
    // Escape sequences are removed from what the page shows (so text can join across them), and
    // a CR before the newline is not part of a line: both need the line-by-line path.
    if (!finder || bytes.indexOf(0x1b) >= 0 || (re && bytes.indexOf(0x0d) >= 0)) {
      // The line-by-line path tracks record levels itself; the block path's carry restarts after it.
      slowBlock(bytes, base, ascii);
      carry = recordLevel.get('');
      return;
    }
    // Plain text is counted in the block when the line rules cannot change its matches: always for a
    // case-sensitive needle, for any case only over ASCII (toLowerCase and the `i` flag differ beyond).
    const direct = !re && (typeof finder === 'string' || ascii);
    if (ascii) {
      fastBlock(bytes.toString('latin1'), base, (i) => i, direct);
    } else {
      const s = bytes.toString('utf8');
      if (s.includes('\ufffd')) {
        slowBlock(bytes, base, false);
        carry = recordLevel.get('');
        return;
      }
      // Character index to byte offset, moving forward only (candidates come in order).
      let ci = 0;
      let bi = 0;
      fastBlock(
        s,
        base,
        (i) => {
          bi += Buffer.byteLength(s.slice(ci, i));
          ci = i;
          return bi;
        },
        direct,
      );
    }
    recordLevel.set('', carry);
  };

  const fd = openSync(req.path, 'r');
  try {
    let buf = Buffer.allocUnsafe(req.readBytes ?? 4 << 20);
    let base = 0; // file offset of buf[0]
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
      block(buf, end, base);
      buf.copy(buf, 0, end, filled);
      base += end;
      filled -= end;
      scanned = base;
      maybeReport();
      if (atEnd && filled === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  scanned = req.size;
  maybeReport(true);
  return { scanned, matches, hitLines, truncated: hitLines > maxHits };
}
