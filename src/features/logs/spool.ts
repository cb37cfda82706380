// A local copy of one log source, on disk: the page keeps only a window of lines and asks for
// more by byte offset, so the whole log never sits in the webview (nor in the extension host's
// memory). Only whole lines are written; a trailing partial line waits for its newline.
import { closeSync, copyFileSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Spool {
  readonly path: string;
  private readonly dir: string;
  private fd: number;
  private pending: Buffer = Buffer.alloc(0);
  private _size = 0;

  constructor(parentDir: string = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, 'flink-log-'));
    this.path = join(this.dir, 'log.txt');
    this.fd = openSync(this.path, 'w+');
  }

  get size(): number {
    return this._size;
  }

  /** Bytes received but not yet written (a line without its newline). */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Appends raw bytes; returns the number of bytes that reached the spool (whole lines). */
  append(data: Buffer): number {
    let buf = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const nl = buf.lastIndexOf(0x0a);
    if (nl < 0) {
      this.pending = Buffer.from(buf);
      return 0;
    }
    const whole = buf.subarray(0, nl + 1);
    buf = buf.subarray(nl + 1);
    this.pending = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
    this.write(whole);
    return whole.length;
  }

  /** Writes one line (a newline is added). Flushes a pending partial line first. */
  appendLine(line: string): void {
    this.flush();
    this.write(Buffer.from(`${line}\n`, 'utf8'));
  }

  /** Writes a trailing partial line as a line (the source ended). */
  flush(): void {
    if (!this.pending.length) return;
    const p = this.pending;
    this.pending = Buffer.alloc(0);
    this.write(Buffer.concat([p, Buffer.from('\n')]));
  }

  /** Forgets everything (the source was rotated and is read again from its start). */
  reset(): void {
    closeSync(this.fd);
    this.fd = openSync(this.path, 'w+');
    this._size = 0;
    this.pending = Buffer.alloc(0);
  }

  private write(b: Buffer): void {
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off, this._size + off);
    this._size += b.length;
  }

  read(start: number, end: number): Buffer {
    const len = Math.max(0, Math.min(end, this._size) - start);
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, got, len - got, start + got);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  }

  /** Whole lines ending at `end`, at most about `maxBytes` (one longer line is cut). */
  readBefore(end: number, maxBytes: number): { start: number; end: number; text: string } {
    end = Math.min(end, this._size);
    let start = Math.max(0, end - maxBytes);
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
    start = Math.min(start, this._size);
    let end = Math.min(this._size, start + maxBytes);
    const buf = this.read(start, end);
    let to = buf.length;
    if (end < this._size) {
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) to = nl + 1;
    }
    end = start + to;
    return { start, end, text: buf.subarray(0, to).toString('utf8') };
  }

  copyTo(dest: string): void {
    copyFileSync(this.path, dest);
  }

  /** Bytes on disk (for tests: the spool and the source agree). */
  diskSize(): number {
    return fstatSync(this.fd).size;
  }

  dispose(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
