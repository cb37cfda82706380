// Text and regex search over the lines of the window that pass the level filter.
// It runs on the page's UI thread, so it is bounded: a time budget over the lines (the count says
// "search stopped"), and regexes that can backtrack exponentially on one line (nested unbounded
// repetition like `(a+)+$`) are refused before they run, since one exec cannot be interrupted.
import { compile, type SearchQuery } from '../../../src/features/logs/line-text';
import type { LogModel } from './model';

export { catastrophicReason, compile, type SearchQuery } from '../../../src/features/logs/line-text';

export interface Match {
  line: number;
  start: number;
  end: number;
}

const MAX_MATCHES = 100_000;
/** Longest a search may hold the UI thread, in ms. */
export const SEARCH_BUDGET_MS = 250;

/** Matches found, and whether the time budget stopped the search before `to`. */
export interface MatchResult {
  matches: Match[];
  /** Lines searched before the budget ran out (undefined: all of them). */
  stoppedAt?: number;
}

/** All matches in lines [from, to) accepted by `visible`; an invalid or refused regex throws its message. */
export function findMatches(
  model: LogModel,
  q: SearchQuery,
  visible: (i: number) => boolean,
  from = 0,
  to = model.length,
  out: Match[] = [],
  budgetMs = SEARCH_BUDGET_MS,
): MatchResult {
  const c = compile(q);
  if (c === undefined) return { matches: out };
  if (typeof c === 'string' && q.regex) throw new Error(c);
  const deadline = performance.now() + budgetMs;
  const needle = typeof c === 'string' ? (q.caseSensitive ? c : c.toLowerCase()) : '';
  for (let i = from; i < to && out.length < MAX_MATCHES; i++) {
    // Checked between lines (cheap): a window of short lines stops within a few ms of the budget.
    if ((i & 63) === 0 && i > from && performance.now() > deadline) return { matches: out, stoppedAt: i };
    if (!visible(i)) continue;
    const text = model.texts[i] ?? '';
    if (typeof c === 'string') {
      const t = q.caseSensitive ? text : text.toLowerCase();
      for (let p = t.indexOf(needle); p >= 0 && out.length < MAX_MATCHES; p = t.indexOf(needle, p + needle.length))
        out.push({ line: i, start: p, end: p + needle.length });
      continue;
    }
    c.lastIndex = 0;
    for (let m = c.exec(text); m && out.length < MAX_MATCHES; m = c.exec(text)) {
      if (m[0].length === 0) {
        c.lastIndex++;
        continue;
      }
      out.push({ line: i, start: m.index, end: m.index + m[0].length });
    }
  }
  return { matches: out };
}

/** The page's search: the query, its matches in the window, and the current one. */
export class SearchState {
  readonly query: SearchQuery = { text: '', regex: false, caseSensitive: false };
  matches: Match[] = [];
  byLine = new Map<number, Match[]>();
  current = -1;
  error = '';
  /** The time budget ran out: matches cover lines before this one only. */
  stoppedAt: number | undefined;

  get currentMatch(): Match | undefined {
    return this.current >= 0 ? this.matches[this.current] : undefined;
  }

  /** Recomputes over the window; the current match survives if its line is still there. */
  recompute(model: LogModel, visible: (i: number) => boolean): void {
    const cur = this.currentMatch;
    const keep = cur ? { abs: model.base + cur.line, start: cur.start } : undefined;
    this.error = '';
    this.stoppedAt = undefined;
    try {
      const r = this.query.text ? findMatches(model, this.query, visible) : { matches: [] };
      this.matches = r.matches;
      this.stoppedAt = r.stoppedAt;
    } catch (e) {
      this.matches = [];
      this.error = (e as Error).message;
    }
    this.byLine = new Map();
    for (const m of this.matches) {
      const list = this.byLine.get(m.line);
      if (list) list.push(m);
      else this.byLine.set(m.line, [m]);
    }
    this.current = keep
      ? this.matches.findIndex((m) => model.base + m.line === keep.abs && m.start === keep.start)
      : -1;
  }

  /** "3 of 12", "No results", "Invalid regex", "Regex refused", "search stopped", or '' without a query. */
  countText(partialWindow: boolean): string {
    if (this.error) return this.error.startsWith('This regex can take') ? 'Regex refused' : 'Invalid regex';
    if (!this.query.text) return '';
    const stopped = this.stoppedAt !== undefined ? ` (search stopped after ${SEARCH_BUDGET_MS} ms)` : '';
    if (!this.matches.length) return stopped ? `No results${stopped}` : 'No results';
    return `${this.current >= 0 ? this.current + 1 : '?'} of ${this.matches.length}${stopped || (partialWindow ? ' (loaded lines)' : '')}`;
  }
}
