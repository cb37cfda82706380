// The host side of one log view, without VS Code: runs a feed into a spool and answers the page's
// typed messages with windows of whole lines. panel.ts wires it to a WebviewPanel; the webview
// tests and the benchmark wire it to Chromium through a harness, so both run this same code.
import type { FeedSink, LogFeed } from './feeds';
import type { HostMessage, PageMessage, StreamState } from './protocol';
import { WholeLogSearch } from './session-search';
import type { SessionActions, SessionOptions } from './session-options';
import { PageWindow } from './session-window';
import { Spool } from './spool';

export type { SessionActions, SessionOptions } from './session-options';

/** Spool offsets from the page are whole non-negative byte counts; anything else is ignored. */
function isOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export class LogSession {
  private _spool: Spool;
  private readonly maxWindowBytes: number;
  private following: boolean;
  private run?: AbortController;
  private running?: Promise<void>;
  private initialDone = false;
  private state: { state: StreamState; message?: string } = { state: 'loading' };
  /** Earlier lines being read (sent again to a page that comes back). */
  private earlier: Extract<HostMessage, { type: 'earlier' }> | undefined;
  private disposed = false;
  private readonly reopen?: Record<string, unknown>;
  private readonly search: WholeLogSearch;
  /** What the page holds and the messages that keep it so. */
  private readonly page: PageWindow;
  /** Init went to a fresh page before its `ready` (freshPage): that `ready` needs no answer. */
  private presumedReady = false;

  constructor(
    readonly feed: LogFeed,
    post: (m: HostMessage) => void,
    private readonly actions: SessionActions,
    opts: SessionOptions = {},
  ) {
    this._spool = new Spool(opts.spoolDir);
    // The first load is written in the background; its tail is read back from memory if need be.
    this._spool.beginBulk();
    const tailBytes = opts.tailBytes ?? 256 * 1024;
    this.page = new PageWindow(() => this._spool, post, {
      tailBytes,
      firstTailBytes: Math.min(opts.firstTailBytes ?? 32 * 1024, tailBytes),
      chunkBytes: opts.chunkBytes ?? 512 * 1024,
    });
    this.maxWindowBytes = opts.maxWindowBytes ?? 8 * 1024 * 1024;
    this.following = (opts.follow ?? true) && feed.source.canFollow;
    this.reopen = opts.reopen;
    this.search = new WholeLogSearch({
      spool: () => this._spool,
      tagged: feed.source.tagged,
      post: (m) => this.page.send(m),
      error: (m) => this.actions.error?.(m),
      ...(opts.searchWorkerFile ? { workerFile: opts.searchWorkerFile } : {}),
      ...(opts.searchStallMs ? { stallMs: opts.searchStallMs } : {}),
    });
    if (opts.freshPage) {
      this.presumedReady = this.page.ready = true;
      this.sendInit();
    }
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
      if (!this.disposed && this.spool.append(b, true) > 0) this.scheduleAppend();
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
      this.page.send({
        type: 'status',
        state,
        ...(message ? { message } : {}),
        ...(progress ? { loadedBytes: progress.loaded, totalBytes: progress.total } : {}),
      });
    },
    initialDone: () => {
      if (this.initialDone || this.disposed) return;
      // The queued writes go on in the background: the tail is sent now, from memory if need be.
      void this.spool.endBulk();
      this.initialDone = true;
      if (!this.following) this.spool.flush();
      if (this.page.ready) this.page.sendTail();
    },
    tailShown: () => this.page.tailShown,
    earlier: (reading, bytes, from) => {
      this.earlier = reading ? { type: 'earlier', reading, bytes, from } : undefined;
      this.page.send({ type: 'earlier', reading, bytes, from });
    },
    prepend: (earlier, cut) => {
      if (this.disposed) {
        void earlier.dispose();
        return;
      }
      const old = this._spool;
      earlier.spliceBefore(cut, old);
      this._spool = earlier;
      void old.dispose();
      this.page.shift(cut, earlier.size);
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
        this.page.send({ type: 'error', message: e.message });
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
        if (this.presumedReady) {
          this.presumedReady = false;
          // It has init and what followed, or gets them once loaded: unless it restores a state.
          if (msg.restoreOffset === undefined && msg.follow === undefined) return;
        }
        this.page.ready = true;
        if (msg.follow !== undefined && msg.follow !== this.following && this.feed.source.canFollow) {
          this.following = msg.follow;
          if (this.initialDone || this.run) this.restart();
        }
        this.sendInit();
        if (!this.initialDone) return;
        if (isOffset(msg.restoreOffset) && msg.restoreOffset < this.spool.size) this.page.sendAt(msg.restoreOffset);
        else this.page.sendTail();
        return;
      case 'loadBefore': {
        if (!isOffset(msg.offset) || msg.offset <= 0) return;
        this.page.sendBefore(msg.offset);
        return;
      }
      case 'loadAfter':
        if (!isOffset(msg.offset)) return;
        this.page.sendAfter(msg.offset);
        return;
      case 'loadTail':
        this.page.sendTail();
        return;
      case 'tailShown':
        this.page.drawnTail();
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
        else if (this.actions.openWholeLog) this.withFileOnDisk((path) => this.actions.openWholeLog?.(path));
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
        this.withFileOnDisk((path) => this.actions.saveToFile(path));
        return;
    }
  }

  /** Sends the lines around the next (previous) whole-log hit at or after (before) `from`. */
  private jump(id: number, from: number, direction: 'next' | 'prev'): void {
    const offset = isOffset(from) ? this.search.hitFrom(id, from, direction) : undefined;
    if (offset !== undefined) this.page.sendAround(offset, direction);
  }

  /** Hands the spool's file to `use` once every line received is written to it. */
  private withFileOnDisk(use: (path: string) => unknown): void {
    const spool = this.spool;
    void spool.drained().then(() => {
      if (!this.disposed) void use(spool.path);
    });
  }

  /** The page went away (panel hidden without retained context): stop posting until it is ready again. */
  pageGone(): void {
    this.presumedReady = false;
    this.page.gone();
  }

  private sendInit(): void {
    this.page.send({
      type: 'init',
      source: this.feed.source,
      following: this.following,
      maxWindowBytes: this.maxWindowBytes,
      ...(this.reopen ? { reopen: this.reopen } : {}),
    });
    this.page.send({ type: 'status', ...this.state });
    if (this.earlier) this.page.send(this.earlier);
  }

  /** New bytes in the spool: the page gets them once the first load is done. */
  private scheduleAppend(): void {
    if (this.initialDone && !this.disposed) this.page.scheduleAppend();
  }

  dispose(): void {
    this.disposed = true;
    this.page.dispose();
    this.search.dispose();
    this.run?.abort();
    this.feed.dispose?.();
    void this.running?.finally(() => void this._spool.dispose());
    if (!this.running) void this._spool.dispose();
  }
}
