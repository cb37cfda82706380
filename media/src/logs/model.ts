// The page's window of log lines: whole chunks of the host's spool, parsed into records (a log4j
// line plus its continuation lines: stack traces, multi-line messages). Bounded: the caller trims
// whole chunks from the far end when the window grows past its byte budget.
import { MARKER_PREFIX, type LogLevel } from '../../../src/features/logs/protocol';
import { HEADER, POD_TAG } from '../../../src/features/logs/line-text';
import { visibleText } from './visible';

export const LVL_NONE = 0;
export const LEVEL_CODE: Record<LogLevel, number> = { ERROR: 1, WARN: 2, INFO: 3, DEBUG: 4 };
export const LEVEL_NAMES = ['', 'error', 'warn', 'info', 'debug'];

const F_HEAD = 8;
const F_EXC = 16;
const F_MARKER = 32;
const F_CHILDREN = 64;

// `java.lang.IllegalStateException: ...`, `Caused by: org.x.FooError`, `Suppressed: ...`
const EXCEPTION = /^\s*(?:Caused by: |Suppressed: )?(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)\b/;
const LEVEL_OF: Record<string, number> = { ERROR: 1, FATAL: 1, WARN: 2, INFO: 3, DEBUG: 4, TRACE: 4 };
const TAG = POD_TAG;

export interface Chunk {
  start: number;
  end: number;
  lines: number;
}

export class LogModel {
  texts: string[] = [];
  tags: string[] = [];
  /** bits 0-2 level of the record, then F_* flags. */
  meta: number[] = [];
  /** Distance from a line back to the head of its record (0 for heads). */
  back: number[] = [];
  chunks: Chunk[] = [];
  /** Absolute number of line 0 (stable across prepends and trims, for folds and search). */
  base = 0;
  private lastHead = new Map<string, number>();

  constructor(readonly tagged: boolean) {}

  get length(): number {
    return this.texts.length;
  }
  get start(): number {
    return this.chunks.length ? this.chunks[0].start : 0;
  }
  get end(): number {
    return this.chunks.length ? this.chunks[this.chunks.length - 1].end : 0;
  }
  get bytes(): number {
    return this.end - this.start;
  }

  level(i: number): number {
    return this.meta[i] & 7;
  }
  isHead(i: number): boolean {
    return (this.meta[i] & F_HEAD) !== 0;
  }
  hasChildren(i: number): boolean {
    return (this.meta[i] & F_CHILDREN) !== 0;
  }
  isException(i: number): boolean {
    return (this.meta[i] & F_EXC) !== 0;
  }
  isMarker(i: number): boolean {
    return (this.meta[i] & F_MARKER) !== 0;
  }
  head(i: number): number {
    return i - this.back[i];
  }

  private split(text: string): { texts: string[]; tags: string[] } {
    const raw = text.endsWith('\n') ? text.slice(0, -1) : text;
    const lines = raw.length || text.length ? raw.split('\n') : [];
    const tags: string[] = [];
    if (this.tagged) {
      for (let i = 0; i < lines.length; i++) {
        const m = TAG.exec(lines[i]);
        if (m) {
          tags.push(m[0].slice(5, -2));
          lines[i] = lines[i].slice(m[0].length);
        } else tags.push('');
      }
    }
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
      lines[i] = visibleText(l);
    }
    return { texts: lines, tags };
  }

  /** Parses lines [from, length) given the record heads seen before `from`. */
  private index(from: number): void {
    for (let i = from; i < this.texts.length; i++) {
      const t = this.texts[i];
      const tag = this.tagged ? this.tags[i] : '';
      let meta = EXCEPTION.test(t) ? F_EXC : 0;
      if (t.startsWith(MARKER_PREFIX)) {
        this.meta[i] = F_HEAD | F_MARKER;
        this.back[i] = 0;
        continue;
      }
      const m = HEADER.exec(t);
      const h = this.lastHead.get(tag);
      if (m || h === undefined) {
        meta |= F_HEAD | (m ? LEVEL_OF[m[1]] : LVL_NONE);
        this.meta[i] = meta;
        this.back[i] = 0;
        this.lastHead.set(tag, i);
      } else {
        this.meta[h] |= F_CHILDREN;
        this.meta[i] = meta | (this.meta[h] & 7);
        this.back[i] = i - h;
      }
    }
  }

  private reindexAll(): void {
    this.lastHead.clear();
    this.meta = new Array(this.texts.length);
    this.back = new Array(this.texts.length);
    this.index(0);
  }

  replace(start: number, end: number, text: string): void {
    const { texts, tags } = this.split(text);
    this.texts = texts;
    this.tags = tags;
    this.chunks = [{ start, end, lines: texts.length }];
    this.reindexAll();
  }

  /** Adds lines at the end; false when they do not continue the window. */
  append(start: number, end: number, text: string): boolean {
    if (!this.chunks.length || start !== this.end) return false;
    if (end <= start) return true;
    const { texts, tags } = this.split(text);
    const from = this.texts.length;
    for (let i = 0; i < texts.length; i++) this.texts.push(texts[i]);
    if (this.tagged) for (let i = 0; i < tags.length; i++) this.tags.push(tags[i]);
    this.chunks.push({ start, end, lines: texts.length });
    this.index(from);
    return true;
  }

  /** Adds lines at the start; false when they do not end where the window starts. */
  prepend(start: number, end: number, text: string): boolean {
    if (!this.chunks.length || end !== this.start) return false;
    const { texts, tags } = this.split(text);
    this.texts = texts.concat(this.texts);
    if (this.tagged) this.tags = tags.concat(this.tags);
    this.chunks.unshift({ start, end, lines: texts.length });
    this.base -= texts.length;
    this.reindexAll();
    return true;
  }

  /** Drops whole chunks from the top until the window fits; returns the lines removed. */
  trimTop(maxBytes: number): number {
    let n = 0;
    while (this.chunks.length > 1 && this.bytes > maxBytes) n += this.chunks.shift()!.lines;
    if (!n) return 0;
    this.texts.splice(0, n);
    if (this.tagged) this.tags.splice(0, n);
    this.meta.splice(0, n);
    this.back.splice(0, n);
    this.base += n;
    for (const [tag, h] of this.lastHead) {
      if (h - n < 0) this.lastHead.delete(tag);
      else this.lastHead.set(tag, h - n);
    }
    // Continuation lines whose record head was dropped become heads of their own.
    for (let i = 0; i < this.texts.length && i < 5000; i++) {
      if (this.back[i] > i) {
        this.back[i] = 0;
        this.meta[i] |= F_HEAD;
      }
    }
    return n;
  }

  /** Drops whole chunks from the bottom until the window fits; returns the lines removed. */
  trimBottom(maxBytes: number): number {
    let n = 0;
    while (this.chunks.length > 1 && this.bytes > maxBytes) n += this.chunks.pop()!.lines;
    if (!n) return 0;
    const keep = this.texts.length - n;
    this.texts.length = keep;
    if (this.tagged) this.tags.length = keep;
    this.meta.length = keep;
    this.back.length = keep;
    this.lastHead.clear();
    for (let i = 0; i < keep; i++)
      if (this.back[i] === 0 && !this.isMarker(i)) this.lastHead.set(this.tagged ? this.tags[i] : '', i);
    return n;
  }

  /** The host put `by` bytes of earlier lines in front of the spool: same lines, later offsets. */
  shift(by: number): void {
    for (const c of this.chunks) {
      c.start += by;
      c.end += by;
    }
  }

  /** The spool offset of the chunk holding line i (to reopen there after a restore). */
  chunkStartOf(i: number): number {
    let acc = 0;
    for (const c of this.chunks) {
      acc += c.lines;
      if (i < acc) return c.start;
    }
    return this.end;
  }

  /** Text of line i as it was in the source (with its pod tag). */
  fullText(i: number): string {
    return this.tagged && this.tags[i] ? `[pod/${this.tags[i]}] ${this.texts[i]}` : this.texts[i];
  }
}
