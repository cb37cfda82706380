// The host side of one log view, without VS Code: runs a feed into a spool and answers the page's
// typed messages with windows of whole lines. panel.ts wires it to a WebviewPanel; the webview
// tests and the benchmark wire it to Chromium through a harness, so both run this same code.
import type { FeedSink, LogFeed } from './feeds';
import type { LineLink } from './line-links';
import type { HostMessage, PageMessage, StreamState } from './protocol';
import { WholeLogSearch } from './session-search';
import { Spool } from './spool';

export interface SessionActions {
  copy(text: string): void | Promise<void>;
  openInEditor(text: string): void | Promise<void>;
  /** A stack frame or an id clicked in a line (checked by the protocol guard). */
  openLink?(link: LineLink): void | Promise<void>;
  /** Open the whole log (the spool file at `path`) in an editor. */
  openWholeLog?(path: string): void | Promise<void>;
  /** Save the whole log (the spool file at `path`). */
  saveToFile(path: string): void | Promise<void>;
  /** Errors that reach the user (the page shows them too). */
  error?(message: string): void;
}

export interface SessionOptions {
  spoolDir?: string;
  /** Bytes shown first: the tail of the log (default 256 KiB). */
  tailBytes?: number;
  /**
   * Of those, the bytes sent in the first message (default 32 KiB, a few screens): the page draws
   * them at once and the rest of the tail follows when it says it drew them.
   */
  firstTailBytes?: number;
  /** Bytes per "load more" (default 512 KiB). */
  chunkBytes?: number;
  /** Most bytes the page keeps (default 8 MiB). */
  maxWindowBytes?: number;
  follow?: boolean;
  /** The `flink.openLogs` argument that reopens the source (the page keeps it for a window reload). */
  reopen?: Record<string, unknown>;
  /** The bundled whole-log search worker (dist/log-search-worker.js); without it search covers the page's lines only. */
  searchWorkerFile?: string;
  /** Longest one line may hold the search worker (default 3 s). */
  searchStallMs?: number;
}

const APPEND_MAX = 1 << 20;
/** Background reads start this long after the tail was sent if the page never says it drew it. */
const TAIL_SHOWN_FALLBACK_MS = 3_000;

/** Spool offsets from the page are whole non-negative byte counts; anything else is ignored. */
function isOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export class LogSession {
  private _spool: Spool;
  private readonly tailBytes: number;
  private readonly firstTailBytes: number;
  /** Where the first part of the last tail sent starts: the rest goes before it once it is drawn. */
  private tailRestBefore = -1;
  private readonly chunkBytes: number;
  private readonly maxWindowBytes: number;
  private following: boolean;
  private run?: AbortController;
  private running?: Promise<void>;
  private pageReady = false;
  private initialDone = false;
  /** The first load is complete and its last bytes are being written (see Spool.beginBulk). */
  private draining = false;
  /** End of what the page has when it is attached to the end of the spool. */
  private appendedUpTo = -1;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private state: { state: StreamState; message?: string } = { state: 'loading' };
  private disposed = false;
  private readonly reopen?: Record<string, unknown>;
  private readonly search: WholeLogSearch;
  private readonly tailShown: Promise<void>;
  private markTailShown: () => void = () => undefined;
  private tailShownTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly feed: LogFeed,
    private readonly post: (m: HostMessage) => void,
    private readonly actions: SessionActions,
    opts: SessionOptions = {},
  ) {
    this._spool = new Spool(opts.spoolDir);
    // The first load is written in the background; initialDone waits until it is on disk.
    this._spool.beginBulk();
    this.tailBytes = opts.tailBytes ?? 256 * 1024;
    this.firstTailBytes = Math.min(opts.firstTailBytes ?? 32 * 1024, this.tailBytes);
    this.chunkBytes = opts.chunkBytes ?? 512 * 1024;
    this.maxWindowBytes = opts.maxWindowBytes ?? 8 * 1024 * 1024;
    this.following = (opts.follow ?? true) && feed.source.canFollow;
    this.reopen = opts.reopen;
    this.tailShown = new Promise((resolve) => {
      this.markTailShown = () => {
        clearTimeout(this.tailShownTimer);
        resolve();
      };
    });
    this.search = new WholeLogSearch({
      spool: () => this._spool,
      tagged: feed.source.tagged,
      post: (m) => this.send(m),
      error: (m) => this.actions.error?.(m),
      ...(opts.searchWorkerFile ? { workerFile: opts.searchWorkerFile } : {}),
      ...(opts.searchStallMs ? { stallMs: opts.searchStallMs } : {}),
    });
  }

  /** The local copy of the log (replaced when earlier lines are put in front of it). */
  get spool(): Spool {
    return this._spool;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Starts reading the source (call once). */
  start(): void {
    this.restart();
  }

  // A feed's inner streams may still call the sink after dispose (a pod that ends late): those
  // calls must not touch the spool, whose file is closed by then.
  private readonly sink: FeedSink = {
    data: (b) => {
      if (!this.disposed && this.spool.append(b) > 0) this.scheduleAppend();
    },
    line: (t) => {
      if (this.disposed) return;
      this.spool.appendLine(t);
      this.scheduleAppend();
    },
    marker: (t) => {
      if (this.disposed) return;
      this.spool.appendLine(t);
      this.scheduleAppend();
    },
    status: (state, message, progress) => {
      this.state = { state, ...(message ? { message } : {}) };
      this.send({
        type: 'status',
        state,
        ...(message ? { message } : {}),
        ...(progress ? { loadedBytes: progress.loaded, totalBytes: progress.total } : {}),
      });
    },
    initialDone: () => {
      if (this.initialDone || this.disposed || this.draining) return;
      this.draining = true;
      void this.spool.endBulk().then(() => {
        this.draining = false;
        if (this.initialDone || this.disposed) return;
        this.initialDone = true;
        if (!this.following) this.spool.flush();
        if (this.pageReady) this.sendTail();
      });
    },
    tailShown: () => this.tailShown,
    prepend: (earlier, cut) => {
      if (this.disposed) {
        earlier.dispose();
        return;
      }
      const old = this._spool;
      earlier.spliceBefore(cut, old);
      this._spool = earlier;
      old.dispose();
      if (this.appendedUpTo >= 0) this.appendedUpTo += cut;
      if (this.tailRestBefore >= 0) this.tailRestBefore += cut;
      this.send({ type: 'shift', by: cut, size: earlier.size });
      // Every offset moved and the lines in front are new: search the whole spool again.
      this.search.restart();
    },
  };

  private restart(): void {
    this.run?.abort();
    const ctrl = new AbortController();
    this.run = ctrl;
    const previous = this.running ?? Promise.resolve();
    this.running = previous
      .then(() => this.feed.run(this.sink, this.following, ctrl.signal))
      .catch((e: Error) => {
        if (ctrl.signal.aborted) return;
        this.sink.status('broken', e.message);
        this.send({ type: 'error', message: e.message });
        this.actions.error?.(e.message);
        this.sink.initialDone();
      });
  }

  /** Resolves when the current run of the feed has stopped (tests, dispose). */
  async idle(): Promise<void> {
    await this.running;
  }

  handle(msg: PageMessage): void {
    switch (msg.type) {
      case 'ready':
        this.pageReady = true;
        if (msg.follow !== undefined && msg.follow !== this.following && this.feed.source.canFollow) {
          this.following = msg.follow;
          if (this.initialDone || this.run) this.restart();
        }
        this.send({
          type: 'init',
          source: this.feed.source,
          following: this.following,
          maxWindowBytes: this.maxWindowBytes,
          ...(this.reopen ? { reopen: this.reopen } : {}),
        });
        this.send({ type: 'status', ...this.state });
        if (!this.initialDone) return;
        if (isOffset(msg.restoreOffset) && msg.restoreOffset < this.spool.size) {
          const c = this.spool.readAfter(msg.restoreOffset, this.chunkBytes * 2);
          this.sendChunk('at', c);
        } else {
          this.sendTail();
        }
        return;
      case 'loadBefore': {
        if (!isOffset(msg.offset) || msg.offset <= 0) return;
        this.sendChunk('before', this.spool.readBefore(msg.offset, this.chunkBytes));
        return;
      }
      case 'loadAfter':
        if (!isOffset(msg.offset)) return;
        this.sendChunk('after', this.spool.readAfter(msg.offset, this.chunkBytes));
        return;
      case 'loadTail':
        this.sendTail();
        return;
      case 'tailShown':
        this.markTailShown();
        if (this.tailRestBefore > 0) {
          const before = this.tailRestBefore;
          this.tailRestBefore = -1;
          this.sendChunk('before', this.spool.readBefore(before, this.tailBytes - this.firstTailBytes));
        }
        return;
      case 'setFollow':
        if (msg.follow === this.following || !this.feed.source.canFollow) return;
        this.following = msg.follow;
        // Pausing during the first load restarts the feed without follow, so the load completes.
        if (this.following || !this.initialDone) this.restart();
        else this.run?.abort();
        return;
      case 'copy':
        void this.actions.copy(msg.text);
        return;
      case 'openInEditor':
        if (msg.text !== undefined) void this.actions.openInEditor(msg.text);
        else if (this.actions.openWholeLog) void this.actions.openWholeLog(this.spool.path);
        return;
      case 'openLink':
        void this.actions.openLink?.(msg.link);
        return;
      case 'searchAll':
        this.search.start(msg.id, msg.query, msg.levels);
        return;
      case 'searchJump':
        this.jump(msg.id, msg.from, msg.direction);
        return;
      case 'saveToFile':
        void this.actions.saveToFile(this.spool.path);
        return;
    }
  }

  /** Sends the lines around the next (previous) whole-log hit at or after (before) `from`. */
  private jump(id: number, from: number, direction: 'next' | 'prev'): void {
    const offset = isOffset(from) ? this.search.hitFrom(id, from, direction) : undefined;
    if (offset === undefined || !this.pageReady) return;
    const before = this.spool.readBefore(offset, this.chunkBytes / 2);
    const after = this.spool.readAfter(offset, this.chunkBytes);
    let focusLine = 0;
    for (let p = before.text.indexOf('\n'); p >= 0; p = before.text.indexOf('\n', p + 1)) focusLine++;
    const size = this.spool.size;
    this.send({
      type: 'chunk',
      mode: 'around',
      start: before.start,
      end: after.end,
      text: before.text + after.text,
      size,
      focusLine,
      direction,
    });
    this.appendedUpTo = after.end === size ? after.end : -1;
    this.tailRestBefore = -1; // the page left the tail
  }

  /** The page went away (panel hidden without retained context): stop posting until it is ready again. */
  pageGone(): void {
    this.pageReady = false;
    this.appendedUpTo = -1;
  }

  private sendTail(): void {
    const first = this.spool.readBefore(this.spool.size, this.firstTailBytes);
    this.sendChunk('tail', first);
    this.tailRestBefore = this.pageReady && this.firstTailBytes < this.tailBytes ? first.start : -1;
  }

  private sendChunk(
    mode: 'tail' | 'at' | 'before' | 'after' | 'append',
    c: { start: number; end: number; text: string },
  ): void {
    if (!this.pageReady) return;
    const size = this.spool.size;
    this.send({ type: 'chunk', mode, start: c.start, end: c.end, text: c.text, size });
    // The page's first lines are on their way: background reads wait for it to draw them, not longer.
    if (mode === 'at') this.tailRestBefore = -1; // the page left the tail
    if (mode === 'tail' || mode === 'at')
      this.tailShownTimer ??= setTimeout(this.markTailShown, TAIL_SHOWN_FALLBACK_MS);
    if (mode === 'append') this.appendedUpTo = c.end;
    else if (mode !== 'before') this.appendedUpTo = c.end === size ? size : -1;
  }

  private scheduleAppend(): void {
    if (this.flushTimer || !this.initialDone || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushAppend();
    }, 50);
  }

  private flushAppend(): void {
    if (!this.pageReady || this.appendedUpTo < 0) return;
    const size = this.spool.size;
    if (size <= this.appendedUpTo) return;
    if (size - this.appendedUpTo > 4 * APPEND_MAX) {
      // Far behind (a burst): jump to the tail rather than stream megabytes through the page.
      this.sendTail();
      return;
    }
    this.sendChunk('append', this.spool.readAfter(this.appendedUpTo, APPEND_MAX));
    if (this.spool.size > this.appendedUpTo) this.scheduleAppend();
  }

  private send(m: HostMessage): void {
    if (this.disposed) return;
    if (m.type !== 'init' && m.type !== 'status' && m.type !== 'error' && !this.pageReady) return;
    this.post(m);
  }

  dispose(): void {
    this.disposed = true;
    this.markTailShown();
    this.search.dispose();
    this.run?.abort();
    this.feed.dispose?.();
    clearTimeout(this.flushTimer);
    void this.running?.finally(() => this._spool.dispose());
    if (!this.running) this._spool.dispose();
  }
}
