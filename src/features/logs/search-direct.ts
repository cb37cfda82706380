// The block-at-once counting of the whole-log search: one search over a block of whole lines, each
// match counted where it is, without splitting the block into lines or building their shown text.
// search-scan.ts calls these only for blocks whose raw text the page shows unchanged for the query
// (search-plan.ts); a regex match that runs over a newline sends its line to the page's rules.
import { MARKER_PREFIX, type LogLevel } from './protocol';
import { HEADER_AT, levelEndingAt, type Tally } from './search-tally';

/** The next match in a block at or after `from`: its index, or -1; `len` is then its length. */
export interface Finder {
  next(s: string, from: number): number;
  len: number;
}

export function textFinder(needle: string): Finder {
  return { len: needle.length, next: (s, from) => s.indexOf(needle, from) };
}

/** A global regex whose matches all have `len` characters (an escaped ASCII needle with `gi`). */
export function fixedFinder(re: RegExp, len: number): Finder {
  return {
    len,
    next(s, from) {
      re.lastIndex = from;
      return re.test(s) ? re.lastIndex - len : -1;
    },
  };
}

export function regexFinder(re: RegExp): Finder {
  const f: Finder = {
    len: 0,
    next(s, from) {
      re.lastIndex = from;
      const m = re.exec(s);
      if (!m) return -1;
      f.len = m[0].length;
      return m.index;
    },
  };
  return f;
}

const lineStart = (s: string, p: number) => (p === 0 ? 0 : s.lastIndexOf('\n', p - 1) + 1);
const MARKER_FIRST = MARKER_PREFIX.charCodeAt(0);
/** A marker line starts at `p` (its first character is not ASCII: most blocks are ruled out by one comparison). */
const markerAt = (s: string, p: number) => s.charCodeAt(p) === MARKER_FIRST && s.startsWith(MARKER_PREFIX, p);

/** The level filter and the level of the record open at the end of the previous block. */
export interface Levels {
  filter: Set<LogLevel> | undefined;
  carry: LogLevel | undefined;
}

export interface TextBlock {
  s: string;
  /** File offset of the block's first byte. */
  base: number;
  /** Byte offset in the block of index `i` of `s`; called with ascending `i` only. */
  byteAt: (i: number) => number;
  /** Every line with a match is counted again by the page's rules (a CR or a line separator in the block). */
  recheck: boolean;
}

/**
 * Counts the matches of a block of whole lines. `countLine` counts one line's raw text with the
 * page's rules; it is used for a line a match ran past the end of, and for every line in `recheck` mode.
 */
export function countTextBlock(
  b: TextBlock,
  find: Finder,
  tally: Tally,
  levels: Levels,
  countLine: (raw: string) => number,
): void {
  const s = b.s;
  const filter = levels.filter;
  // The level of the record a line belongs to: the nearest header line at or above it (markers are
  // skipped, as the page does), else the level carried from the previous block.
  let knownAt = -1;
  let knownLevel: LogLevel | undefined;
  const levelAt = (ls: number): LogLevel | undefined => {
    for (let p = ls; ; p = p <= 1 ? 0 : s.lastIndexOf('\n', p - 2) + 1) {
      if (p === knownAt) return knownLevel;
      if (!markerAt(s, p)) {
        HEADER_AT.lastIndex = p;
        if (HEADER_AT.test(s)) return levelEndingAt(s, HEADER_AT.lastIndex);
      }
      if (p === 0) return levels.carry;
    }
  };

  // The current line is [ls, le) (le: its newline, or the end); n: its matches so far.
  let ls = 0;
  let le = -1;
  let n = 0;
  let shown = true;
  // Line starts are looked for only while they are needed: for an offset kept, or a level.
  let lsKnown = true;
  const flush = () => {
    if (n > 0 && shown) {
      tally.matches += n;
      if (++tally.hitLines <= tally.maxHits) {
        if (!lsKnown) ls = lineStart(s, ls);
        tally.fresh.push(b.base + b.byteAt(ls));
      }
    }
    n = 0;
  };
  for (let from = 0; from <= s.length;) {
    const p = find.next(s, from);
    if (p < 0) break;
    if (p > le) {
      flush();
      // Until the line start is needed, `ls` holds a position in the line.
      lsKnown = filter !== undefined || b.recheck;
      ls = lsKnown ? lineStart(s, p) : p;
      le = s.indexOf('\n', p);
      if (le < 0) le = s.length;
      if (filter) {
        // A marker line always shows; it does not start a record (the lines after it keep their level).
        const level = markerAt(s, ls) ? undefined : levelAt(ls);
        if (level !== undefined) {
          knownAt = ls;
          knownLevel = level;
        }
        shown = !level || filter.has(level);
      }
    }
    const len = find.len;
    if (!shown) {
      from = le + 1;
    } else if (len === 0) {
      // Empty matches are not counted, as on the page.
      from = p + 1;
    } else if (b.recheck || p + len > le) {
      if (!lsKnown) {
        ls = lineStart(s, ls);
        lsKnown = true;
      }
      n = countLine(s.slice(ls, le));
      from = le + 1;
    } else {
      n++;
      from = p + len;
    }
  }
  flush();
  if (filter && s.length) levels.carry = levelAt(s.lastIndexOf('\n', s.length - 2) + 1);
}

/**
 * Counts a case-sensitive needle in raw bytes (no level filter): few matches are found fastest this
 * way, without a string of the block. Returns the matches found.
 */
export function countBytesBlock(bytes: Buffer, base: number, needle: Buffer, tally: Tally): number {
  let ls = 0;
  let le = -1;
  let n = 0;
  let found = 0;
  const flush = () => {
    if (n > 0) tally.hit(n, base + ls);
    n = 0;
  };
  for (let p = bytes.indexOf(needle); p >= 0; p = bytes.indexOf(needle, p + needle.length)) {
    found++;
    if (p > le) {
      flush();
      ls = p === 0 ? 0 : bytes.lastIndexOf(0x0a, p - 1) + 1;
      le = bytes.indexOf(0x0a, p);
      if (le < 0) le = bytes.length;
    }
    n++;
  }
  flush();
  return found;
}
