// What the page holds of the spool, and the messages that keep it so: the tail in two parts (a first
// screenful, the rest once the page says it drew it), chunks before and after its window, appends
// while it is attached to the end of the spool, and the lines around a whole-log search hit.
// LogSession decides when; this sends, and gates every message on the page being there.
import type { HostMessage } from './protocol';
import type { Spool } from './spool';

const APPEND_MAX = 1 << 20;
/** Background reads start this long after the tail was sent if the page never says it drew it. */
const TAIL_SHOWN_FALLBACK_MS = 3_000;

export interface WindowSizes {
  /** Bytes shown first: the tail of the log. */
  tailBytes: number;
  /** Of those, the bytes sent in the first message. */
  firstTailBytes: number;
  /** Bytes per "load more". */
  chunkBytes: number;
}

type ChunkMode = 'tail' | 'at' | 'before' | 'after' | 'append';

export class PageWindow {
  /** The page said `ready` and has not gone away since. */
  ready = false;
  /** Where the first part of the last tail sent starts: the rest goes before it once it is drawn. */
  private tailRestBefore = -1;
  /** End of what the page has when it is attached to the end of the spool. */
  private appendedUpTo = -1;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;
  /** Resolves once the page drew its first lines (or after the fallback, or on dispose). */
  readonly tailShown: Promise<void>;
  private markTailShown: () => void = () => undefined;
  private tailShownTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly spool: () => Spool,
    private readonly post: (m: HostMessage) => void,
    private readonly sizes: WindowSizes,
  ) {
    this.tailShown = new Promise((resolve) => {
      this.markTailShown = () => {
        clearTimeout(this.tailShownTimer);
        resolve();
      };
    });
  }

  /** Posts `m` unless disposed; before `ready` only init, status and error get through. */
  send(m: HostMessage): void {
    if (this.disposed) return;
    if (m.type !== 'init' && m.type !== 'status' && m.type !== 'error' && !this.ready) return;
    this.post(m);
  }

  sendTail(): void {
    const first = this.spool().readBefore(this.spool().size, this.sizes.firstTailBytes);
    this.sendChunk('tail', first);
    const { firstTailBytes, tailBytes } = this.sizes;
    this.tailRestBefore = this.ready && firstTailBytes < tailBytes ? first.start : -1;
  }

  /** A restored page: the lines from its saved position on. */
  sendAt(offset: number): void {
    this.sendChunk('at', this.spool().readAfter(offset, this.sizes.chunkBytes * 2));
  }

  sendBefore(offset: number): void {
    this.sendChunk('before', this.spool().readBefore(offset, this.sizes.chunkBytes));
  }

  sendAfter(offset: number): void {
    this.sendChunk('after', this.spool().readAfter(offset, this.sizes.chunkBytes));
  }

  /** The page drew its first lines: background reads may start, and the rest of the tail goes out. */
  drawnTail(): void {
    this.markTailShown();
    if (this.tailRestBefore > 0) {
      const before = this.tailRestBefore;
      this.tailRestBefore = -1;
      this.sendChunk('before', this.spool().readBefore(before, this.sizes.tailBytes - this.sizes.firstTailBytes));
    }
  }

  /** Sends the lines around `offset` (a whole-log search hit), marking the hit's line. */
  sendAround(offset: number, direction: 'next' | 'prev'): void {
    if (!this.ready) return;
    const spool = this.spool();
    const before = spool.readBefore(offset, this.sizes.chunkBytes / 2);
    const after = spool.readAfter(offset, this.sizes.chunkBytes);
    let focusLine = 0;
    for (let p = before.text.indexOf('\n'); p >= 0; p = before.text.indexOf('\n', p + 1)) focusLine++;
    const size = spool.size;
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

  /** Earlier lines went in front of the spool: every offset moved by `cut`. */
  shift(cut: number, size: number): void {
    if (this.appendedUpTo >= 0) this.appendedUpTo += cut;
    if (this.tailRestBefore >= 0) this.tailRestBefore += cut;
    this.send({ type: 'shift', by: cut, size });
  }

  /** The page went away: stop posting until it is ready again. */
  gone(): void {
    this.ready = false;
    this.appendedUpTo = -1;
  }

  private sendChunk(mode: ChunkMode, c: { start: number; end: number; text: string }): void {
    if (!this.ready) return;
    const size = this.spool().size;
    this.send({ type: 'chunk', mode, start: c.start, end: c.end, text: c.text, size });
    // The page's first lines are on their way: background reads wait for it to draw them, not longer.
    if (mode === 'at') this.tailRestBefore = -1; // the page left the tail
    if (mode === 'tail' || mode === 'at')
      this.tailShownTimer ??= setTimeout(this.markTailShown, TAIL_SHOWN_FALLBACK_MS);
    if (mode === 'append') this.appendedUpTo = c.end;
    else if (mode !== 'before') this.appendedUpTo = c.end === size ? size : -1;
  }

  /** New bytes in the spool (call once the first load is done): sent in 50 ms batches. */
  scheduleAppend(): void {
    if (this.flushTimer || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushAppend();
    }, 50);
  }

  private flushAppend(): void {
    if (!this.ready || this.appendedUpTo < 0) return;
    const size = this.spool().size;
    if (size <= this.appendedUpTo) return;
    if (size - this.appendedUpTo > 4 * APPEND_MAX) {
      // Far behind (a burst): jump to the tail rather than stream megabytes through the page.
      this.sendTail();
      return;
    }
    this.sendChunk('append', this.spool().readAfter(this.appendedUpTo, APPEND_MAX));
    if (this.spool().size > this.appendedUpTo) this.scheduleAppend();
  }

  dispose(): void {
    this.disposed = true;
    this.markTailShown();
    clearTimeout(this.flushTimer);
  }
}
