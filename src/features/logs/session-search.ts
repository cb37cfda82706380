// The whole-log search of one log session: runs the search worker (search-all.ts) over the
// session's spool for the page's query, posts progress to the page, keeps the offsets of the lines
// that match, and answers "which hit comes next from here".
import type { HostMessage, LogLevel, WholeQuery } from './protocol';
import { searchWholeLog } from './search-all';
import type { Spool } from './spool';

interface Running {
  id: number;
  query: WholeQuery;
  levels: LogLevel[];
  ctrl: AbortController;
  /** Offsets of the lines with a match, ascending. */
  hits: number[];
}

export interface WholeLogSearchOptions {
  spool: () => Spool;
  tagged: boolean;
  post: (m: HostMessage) => void;
  error: (message: string) => void;
  /** The bundled worker; without it there is no whole-log search (the page counts its own lines). */
  workerFile?: string;
  stallMs?: number;
}

export class WholeLogSearch {
  private current?: Running;
  private disposed = false;

  constructor(private readonly o: WholeLogSearchOptions) {}

  /** Starts a search (an empty query just stops the current one). */
  start(id: number, query: WholeQuery, levels: LogLevel[]): void {
    this.current?.ctrl.abort();
    this.current = undefined;
    const workerFile = this.o.workerFile;
    if (!query.text || !workerFile || this.disposed) return;
    const s: Running = { id, query, levels, ctrl: new AbortController(), hits: [] };
    this.current = s;
    // The worker reads the file: wait until the lines the page may show are on disk (a first load
    // still being written), so the count covers them.
    const spool = this.o.spool();
    void spool.drained().then(() => {
      if (this.current === s && !s.ctrl.signal.aborted && spool === this.o.spool()) this.run(s, spool, workerFile);
    });
  }

  private run(s: Running, spool: Spool, workerFile: string): void {
    const { id, query, levels } = s;
    const total = spool.onDisk;
    const progress = (p: { scanned: number; matches: number }, done: boolean, extra: object = {}) =>
      this.o.post({
        type: 'searchProgress',
        id,
        scanned: p.scanned,
        total,
        matches: p.matches,
        hitLines: s.hits.length,
        done,
        ...extra,
      });
    void searchWholeLog(
      { path: spool.path, size: total, query, levels, tagged: this.o.tagged },
      (p) => {
        if (s.ctrl.signal.aborted) return;
        for (const h of p.hits) s.hits.push(h);
        progress(p, false);
      },
      {
        workerFile,
        signal: s.ctrl.signal,
        ...(this.o.stallMs ? { stallMs: this.o.stallMs } : {}),
      },
    ).then((r) => {
      if (r.stopped === 'cancelled' || this.current !== s) return;
      if (r.error) this.o.error(`whole-log search: ${r.error}`);
      progress({ scanned: r.scanned, matches: r.matches ?? 0 }, true, {
        ...(r.stopped ? { stopped: r.stopped } : {}),
        ...(r.truncated ? { truncated: true } : {}),
        ...(r.error ? { error: r.error } : {}),
      });
    });
  }

  /** The spool was replaced (earlier lines put in front): every offset moved, search it again. */
  restart(): void {
    const s = this.current;
    if (s) this.start(s.id, s.query, s.levels);
  }

  /** The offset of the next (previous) hit at or after (before) `from`, wrapping around; undefined if none. */
  hitFrom(id: number, from: number, direction: 'next' | 'prev'): number | undefined {
    const s = this.current;
    if (!s || s.id !== id || !s.hits.length) return undefined;
    const hits = s.hits;
    let lo = 0;
    let hi = hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((hits[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    // lo: the first hit at or after `from`.
    const at = direction === 'next' ? (lo < hits.length ? lo : 0) : lo > 0 ? lo - 1 : hits.length - 1;
    return hits[at];
  }

  dispose(): void {
    this.disposed = true;
    this.current?.ctrl.abort();
    this.current = undefined;
  }
}
