// A local copy of one log source, on disk: the page keeps only a window of lines and asks for
// more by byte offset, so the whole log never sits in the webview (nor in the extension host's
// memory). Only whole lines are visible; a trailing partial line waits for its newline.
// Partial bytes go to disk at once (after the visible end) so a log without newlines (binary,
// CR-only, one huge JSON line) costs linear time and no memory: nothing is re-concatenated.
// In bulk mode (a first load) bytes are written in the background, in order, so the disk writes
// overlap the network reads; reads of bytes not yet on disk are served from the queue in memory, so
// the tail can be shown the moment the download ends. Readers of the file itself (the whole-log
// search, "Save", "Open in editor") see only the lines on disk (`onDisk`).
import {
  close,
  closeSync,
  copyFileSync,
  fstatSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readSync,
  writev,
  writeSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Buffers per writev (the kernel's limit). */
const IOV_MAX = 1024;
/** Slabs that borrowed bytes are copied into while queued, and how many are kept for reuse. */
const SLAB_BYTES = 4 << 20;
const MAX_FREE_SLABS = 4;
interface Queued {
  buf: Buffer;
  pos: number;
  /** `target` once this entry is written. */
  visible: number;
}

export class Spool {
  readonly path: string;
  private readonly dir: string;
  private fd: number;
  /** End of the last whole line on disk: what readers of the file see. */
  private _onDisk = 0;
  /** End of the last whole line accepted: what `read` serves (from disk or the queue). */
  private target = 0;
  /** Bytes accepted: `target` plus the partial line that waits for its newline. */
  private written = 0;
  /** Bulk mode: appends are queued and written in the background (see beginBulk). */
  private bulk = false;
  /** Accepted bytes not yet on disk, in order; `visible` is `target` once that entry is written. */
  private queue: Queued[] = [];
  /** Entries at the head of the queue in the write under way (0: none). */
  private inFlight = 0;
  private drainWaiters: (() => void)[] = [];
  /** Descriptors dropped during a background write: that write's callback closes them. */
  private readonly closeAfterWrite = new Set<number>();
  /** Slabs holding copies of borrowed bytes (keep), oldest first, with the position their bytes end at. */
  private slabs: { buf: Buffer; end: number }[] = [];
  private slabUsed = 0;
  private freeSlabs: Buffer[] = [];

  constructor(parentDir: string = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, 'flink-log-'));
    this.path = join(this.dir, 'log.txt');
    this.fd = openSync(this.path, 'w+');
  }

  /** End of the last whole line: what reads see (some bytes may still be on their way to disk). */
  get size(): number {
    return this.target;
  }

  /** End of the last whole line in the file on disk (for readers of `path`). */
  get onDisk(): number {
    return this._onDisk;
  }

  /** Bytes received but not yet visible (a line without its newline). */
  get pendingBytes(): number {
    return this.written - this.target;
  }

  /**
   * Appends raw bytes; returns the number of bytes that became visible (whole lines). `borrowed`:
   * `data` is valid only during the call (a reused read buffer), so bytes queued are copied.
   */
  append(data: Buffer, borrowed = false): number {
    if (!data.length) return 0;
    const before = this.target;
    // Only the new bytes are searched: earlier pending bytes are known to hold no newline.
    const nl = data.lastIndexOf(0x0a);
    this.write(borrowed && (this.bulk || this.queue.length) ? this.keep(data) : data);
    if (nl >= 0) this.target = this.written - (data.length - nl - 1);
    this.settle();
    return this.target - before;
  }

  /** Writes one line (a newline is added). Flushes a pending partial line first. */
  appendLine(line: string): void {
    this.flush();
    this.write(Buffer.from(`${line}\n`, 'utf8'));
    this.target = this.written;
    this.settle();
  }

  /** Makes a trailing partial line visible as a line (the source ended). */
  flush(): void {
    if (this.written === this.target) return;
    this.write(Buffer.from('\n'));
    this.target = this.written;
    this.settle();
  }

  /**
   * From now on appends are written in the background (a first load: the disk writes then overlap
   * the network reads instead of pausing them). Call endBulk before reset, spliceBefore or copyTo.
   */
  beginBulk(): void {
    this.bulk = true;
  }

  /** Back to writing at once; resolves when every queued byte is on disk. */
  endBulk(): Promise<void> {
    this.bulk = false;
    return this.drained();
  }

  /** Resolves when no write is queued (at once if none; also on reset or dispose). */
  drained(): Promise<void> {
    if (!this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** After a write was accepted: the lines on disk now (written at once), or when they are written. */
  private settle(): void {
    const last = this.queue.at(-1);
    if (last) {
      last.visible = this.target;
      this.kick();
      return;
    }
    this._onDisk = this.target;
  }

  /** Starts the next background write: every queued entry not yet in one, in one writev. */
  private kick(): void {
    if (this.inFlight || !this.queue.length || this.fd < 0) return;
    const batch = this.queue.slice(0, IOV_MAX);
    this.inFlight = batch.length;
    const fd = this.fd;
    writev(
      fd,
      batch.map((e) => e.buf),
      batch[0]!.pos,
      (err, n) => {
        if (this.closeAfterWrite.delete(fd)) {
          close(fd, () => undefined);
          return;
        }
        if (this.fd !== fd) return; // reset or disposed meanwhile
        const bytes = batch.reduce((a, e) => a + e.buf.length, 0);
        let written = true;
        if (err || n < bytes) {
          // Not on disk (disk full, short write): write the rest at once so nothing is lost or shown twice.
          const rest = Buffer.concat(batch.map((e) => e.buf)).subarray(err ? 0 : n);
          let off = 0;
          try {
            while (off < rest.length)
              off += writeSync(fd, rest, off, rest.length - off, batch[0]!.pos + (err ? 0 : n) + off);
          } catch {
            written = false; // the spool cannot be written: what is visible stays as it was
          }
        }
        this.queue.splice(0, batch.length);
        this.inFlight = 0;
        if (written) this._onDisk = Math.max(this._onDisk, batch.at(-1)!.visible);
        this.freeSlabsUpTo(batch.at(-1)!.pos + batch.at(-1)!.buf.length);
        if (this.queue.length) this.kick();
        else for (const w of this.drainWaiters.splice(0)) w();
      },
    );
  }

  /** Forgets everything (the source was rotated and is read again from its start). */
  reset(): void {
    if (this.fd < 0) return;
    this.dropQueue();
    this.fd = openSync(this.path, 'w+');
    this._onDisk = 0;
    this.target = 0;
    this.written = 0;
  }

  /**
   * Keeps the first `cut` bytes (a line boundary) and appends every byte of `tail` after them,
   * its pending partial line included: this spool then holds the earlier lines of a log in front
   * of what `tail` has, and `tail`'s offsets are this spool's minus `cut`.
   */
  spliceBefore(cut: number, tail: Spool): void {
    if (this.fd < 0) return;
    cut = Math.min(Math.max(0, Math.floor(cut)), this.target);
    ftruncateSync(this.fd, cut);
    this._onDisk = this.target = this.written = cut;
    // From disk and from `tail`'s queue alike: `tail` may still be writing its first load.
    for (let off = 0; off < tail.written && tail.fd >= 0;) {
      const b = tail.readRaw(off, Math.min(tail.written, off + (1 << 20)));
      if (!b.length) break;
      this.write(b);
      off += b.length;
    }
    this.target = cut + tail.target;
    this.settle();
  }

  /**
   * A copy of `view` in a slab: slabs are reused once their bytes are on disk, so a download read
   * into one reused buffer allocates a few slabs, not a buffer per read (whose growth of external
   * memory starts full collections of the heap).
   */
  private keep(view: Buffer): Buffer {
    let cur = this.slabs.at(-1);
    if (!cur || cur.buf.length - this.slabUsed < view.length) {
      const size = Math.max(SLAB_BYTES, view.length);
      cur = { buf: (size === SLAB_BYTES ? this.freeSlabs.pop() : undefined) ?? Buffer.allocUnsafe(size), end: 0 };
      this.slabs.push(cur);
      this.slabUsed = 0;
    }
    view.copy(cur.buf, this.slabUsed);
    const out = cur.buf.subarray(this.slabUsed, this.slabUsed + view.length);
    this.slabUsed += view.length;
    cur.end = this.written + view.length;
    return out;
  }

  /** The bytes before `upTo` are on disk: the slabs (but the one being filled) that held them are free. */
  private freeSlabsUpTo(upTo: number): void {
    while (this.slabs.length > 1 && this.slabs[0]!.end <= upTo) {
      const { buf } = this.slabs.shift()!;
      if (buf.length === SLAB_BYTES && this.freeSlabs.length < MAX_FREE_SLABS) this.freeSlabs.push(buf);
    }
  }

  private write(b: Buffer): void {
    if (this.fd < 0) return; // disposed: the number may already name another file
    if (this.bulk || this.queue.length) {
      // Queued behind earlier background writes, so bytes reach the file in order.
      // (Copying them into reused slabs, so the network's buffers die young, was slower here.)
      this.queue.push({ buf: b, pos: this.written, visible: this.target });
    } else {
      let off = 0;
      while (off < b.length) off += writeSync(this.fd, b, off, b.length - off, this.written + off);
    }
    this.written += b.length;
  }

  /** Closes the descriptor now, or after the background write under way (it still uses it). */
  private dropQueue(): void {
    if (this.inFlight) this.closeAfterWrite.add(this.fd);
    else closeSync(this.fd);
    this.queue = [];
    // A write under way may still read them: these slabs are not reused.
    this.slabs = [];
    this.slabUsed = 0;
    this.inFlight = 0;
    for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Any number to a byte offset in [0, size]: page messages may carry negative or fractional ones. */
  private clamp(n: number): number {
    if (Number.isNaN(n)) return 0;
    return Math.min(this.target, Math.max(0, Math.floor(n)));
  }

  read(start: number, end: number): Buffer {
    return this.readRaw(this.clamp(start), this.clamp(end));
  }

  /** Bytes [start, end) of what was accepted: from the file up to the queue, the rest from the queue. */
  private readRaw(start: number, end: number): Buffer {
    const len = this.fd < 0 ? 0 : Math.max(0, end - start);
    const buf = Buffer.alloc(len);
    // Queued entries cover [queue[0].pos, written) in order; before that the bytes are on disk.
    const front = Math.min(end, this.queue[0]?.pos ?? this.written);
    let got = 0;
    while (start + got < front) {
      const n = readSync(this.fd, buf, got, front - start - got, start + got);
      if (n <= 0) return buf.subarray(0, got);
      got += n;
    }
    if (start + got >= end) return buf;
    // Tail reads are near the end: find the first entry that reaches `start` from the back.
    let i = this.queue.length - 1;
    while (i > 0 && this.queue[i]!.pos > start + got) i--;
    for (; i < this.queue.length && start + got < end; i++) {
      const e = this.queue[i]!;
      const from = start + got - e.pos;
      if (from >= e.buf.length) continue;
      got += e.buf.copy(buf, got, from, Math.min(e.buf.length, end - e.pos));
    }
    return buf.subarray(0, got);
  }

  /** Whole lines ending at `end`, at most about `maxBytes` (one longer line is cut). */
  readBefore(end: number, maxBytes: number): { start: number; end: number; text: string } {
    end = this.clamp(end);
    let start = this.clamp(end - maxBytes);
    const buf = this.read(start, end);
    let from = 0;
    if (start > 0) {
      const nl = buf.indexOf(0x0a);
      // Skip the partial first line, unless it is the only line (then it is cut).
      if (nl >= 0 && nl + 1 < buf.length) from = nl + 1;
    }
    start += from;
    return { start, end, text: buf.subarray(from).toString('utf8') };
  }

  /** Whole lines starting at `start`, at most about `maxBytes`. */
  readAfter(start: number, maxBytes: number): { start: number; end: number; text: string } {
    start = this.clamp(start);
    let end = this.clamp(start + maxBytes);
    const buf = this.read(start, end);
    let to = buf.length;
    if (end < this.target) {
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) to = nl + 1;
    }
    end = start + to;
    return { start, end, text: buf.subarray(0, to).toString('utf8') };
  }

  copyTo(dest: string): void {
    copyFileSync(this.path, dest);
  }

  /** Bytes on disk, pending partial line included (for tests: the spool and the source agree). */
  diskSize(): number {
    return fstatSync(this.fd).size;
  }

  /** Closes the file and removes it; resolves once it is gone. */
  dispose(): Promise<void> {
    if (this.fd >= 0) this.dropQueue();
    // Late appends and reads become no-ops: the closed descriptor's number may be reused.
    this.fd = -1;
    this._onDisk = this.target = this.written = 0;
    // Unlinking a file of hundreds of MB takes the disk tens of ms: off the extension host's event
    // loop (a log view's close and an aborted backfill blocked it for 20-50 ms each).
    return rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
