// What the whole-log search keeps while it scans (search-scan.ts, search-direct.ts): the match and
// hit-line counts, the offsets of the first `maxHits` hit lines, and the level of the current record.
import { HEADER } from './line-text';
import type { LogLevel } from './protocol';

export const LEVEL_OF: Record<string, LogLevel> = {
  ERROR: 'ERROR',
  FATAL: 'ERROR',
  WARN: 'WARN',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  TRACE: 'DEBUG',
};
/** HEADER at a given index (sticky, without its `^`). */
export const HEADER_AT = new RegExp(HEADER.source.slice(1), 'y');
/** The level word of a header that ends at `end` (where HEADER_AT stopped): the last letters differ. */
const BY_LAST: Record<string, LogLevel> = { R: 'ERROR', N: 'WARN', O: 'INFO', G: 'DEBUG', E: 'DEBUG', L: 'ERROR' };
export const levelEndingAt = (s: string, end: number): LogLevel | undefined => BY_LAST[s[end - 1] ?? ''];

export class Tally {
  matches = 0;
  hitLines = 0;
  /** Offsets of the hit lines found since the last report, ascending. */
  fresh: number[] = [];

  constructor(readonly maxHits: number) {}

  /** A line with `n` matches at file offset `offset`. */
  hit(n: number, offset: number): void {
    this.matches += n;
    if (++this.hitLines <= this.maxHits) this.fresh.push(offset);
  }
}
