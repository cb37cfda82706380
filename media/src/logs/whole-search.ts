// The page's side of the whole-log search, which the host runs over its spool: the id of the
// current query (progress of an earlier query is dropped), its progress, and the texts it adds to
// the match count.
import type { HostMessage, LogLevel, PageMessage, WholeQuery } from '../../../src/features/logs/protocol';
import { fmtCount } from './status';

type Progress = Extract<HostMessage, { type: 'searchProgress' }>;

export class WholeSearch {
  private id = 0;
  private progress: Progress | undefined;

  constructor(private readonly post: (m: PageMessage) => void) {}

  /** Asks the host to search the whole log (an empty query stops the running search). */
  start(query: WholeQuery, levels: Iterable<LogLevel>): void {
    this.progress = undefined;
    this.id++;
    this.post({ type: 'searchAll', id: this.id, query, levels: [...levels] });
  }

  /** Takes the host's progress; false when it belongs to an earlier query. */
  update(m: Progress): boolean {
    if (m.id !== this.id) return false;
    this.progress = m;
    return true;
  }

  /** Whether the whole log has hits (the page may hold none of them). */
  get hasHits(): boolean {
    return !!this.progress && this.progress.hitLines > 0;
  }

  get stalled(): boolean {
    return this.progress?.stopped === 'stalled';
  }

  /** The whole log's match count once the search is done ('' before). */
  get doneCount(): string {
    return this.progress?.done ? String(this.progress.matches) : '';
  }

  /** What the count adds for the whole log ('' without a query, or when the page's search failed). */
  text(hasQuery: boolean): string {
    const w = this.progress;
    if (!w || w.error || !hasQuery) return '';
    const n = fmtCount(w.matches);
    if (!w.done) {
      const pct = w.total ? Math.floor((w.scanned / w.total) * 100) : 100;
      return ` · whole log: ${n} so far (${pct}%)`;
    }
    if (w.stopped === 'stalled') return ` · whole log: ${n} (stopped: one line took too long)`;
    return ` · ${n} in the whole log`;
  }

  /** Asks for the lines around the next (previous) hit after (before) the window [start, end). */
  jump(delta: number, start: number, end: number): void {
    this.post({
      type: 'searchJump',
      id: this.id,
      from: delta > 0 ? end : start,
      direction: delta > 0 ? 'next' : 'prev',
    });
  }
}
