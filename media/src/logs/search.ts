// Text and regex search over the lines of the window that pass the level filter.
import type { LogModel } from './model';

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface Match {
  line: number;
  start: number;
  end: number;
}

const MAX_MATCHES = 100_000;

export function compile(q: SearchQuery): RegExp | string | undefined {
  if (!q.text) return undefined;
  if (!q.regex) return q.text;
  try {
    return new RegExp(q.text, q.caseSensitive ? 'g' : 'gi');
  } catch (e) {
    return (e as Error).message;
  }
}

/** All matches in lines [from, to) accepted by `visible`; an invalid regex throws its message. */
export function findMatches(
  model: LogModel,
  q: SearchQuery,
  visible: (i: number) => boolean,
  from = 0,
  to = model.length,
  out: Match[] = [],
): Match[] {
  const c = compile(q);
  if (c === undefined) return out;
  if (typeof c === 'string' && q.regex) throw new Error(c);
  if (typeof c === 'string') {
    const needle = q.caseSensitive ? c : c.toLowerCase();
    for (let i = from; i < to && out.length < MAX_MATCHES; i++) {
      if (!visible(i)) continue;
      const t = q.caseSensitive ? model.texts[i] : model.texts[i].toLowerCase();
      for (let p = t.indexOf(needle); p >= 0 && out.length < MAX_MATCHES; p = t.indexOf(needle, p + needle.length)) {
        out.push({ line: i, start: p, end: p + needle.length });
      }
    }
    return out;
  }
  const re = c;
  for (let i = from; i < to && out.length < MAX_MATCHES; i++) {
    if (!visible(i)) continue;
    const t = model.texts[i];
    re.lastIndex = 0;
    for (let m = re.exec(t); m && out.length < MAX_MATCHES; m = re.exec(t)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ line: i, start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

/** The page's search: the query, its matches in the window, and the current one. */
export class SearchState {
  readonly query: SearchQuery = { text: '', regex: false, caseSensitive: false };
  matches: Match[] = [];
  byLine = new Map<number, Match[]>();
  current = -1;
  error = '';

  get currentMatch(): Match | undefined {
    return this.current >= 0 ? this.matches[this.current] : undefined;
  }

  /** Recomputes over the window; the current match survives if its line is still there. */
  recompute(model: LogModel, visible: (i: number) => boolean): void {
    const cur = this.currentMatch;
    const keep = cur ? { abs: model.base + cur.line, start: cur.start } : undefined;
    this.error = '';
    try {
      this.matches = this.query.text ? findMatches(model, this.query, visible) : [];
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

  /** "3 of 12", "No results", "Invalid regex", or '' without a query. */
  countText(partialWindow: boolean): string {
    if (this.error) return 'Invalid regex';
    if (!this.query.text) return '';
    if (!this.matches.length) return 'No results';
    return `${this.current >= 0 ? this.current + 1 : '?'} of ${this.matches.length}${partialWindow ? ' (loaded lines)' : ''}`;
  }
}
