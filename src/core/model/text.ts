// Offsets (UTF-16 indices, as `yaml` reports them) to 0-based line/character positions.
import type { Position, Range } from '../validate/types';

/** Offsets to positions; `text` is the text the offsets index into. */
export interface TextLines {
  readonly text: string;
  position(offset: number): Position;
  range(start: number, end: number): Range;
  offset(p: Position): number;
  lineStart(line: number): number;
  lineEnd(line: number): number;
}

export class LineIndex implements TextLines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
  offset(p: Position): number {
    return Math.min(this.text.length, this.lineStart(p.line) + p.character);
  }
  /** The end of the text of `line` without its line break. */
  lineEnd(line: number): number {
    const following = this.starts[line + 1];
    const next = following !== undefined ? following - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }
}

/** A part of a file (parsed on its own) whose offsets start at `base` in the file. */
export class DocLines implements TextLines {
  constructor(
    private readonly file: LineIndex,
    private readonly base: number,
    readonly text: string,
  ) {}
  position(offset: number): Position {
    return this.file.position(this.base + Math.max(0, Math.min(offset, this.text.length)));
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
  offset(p: Position): number {
    return Math.max(0, Math.min(this.text.length, this.file.offset(p) - this.base));
  }
  lineStart(line: number): number {
    return Math.max(0, this.file.lineStart(line) - this.base);
  }
  lineEnd(line: number): number {
    return Math.max(0, Math.min(this.text.length, this.file.lineEnd(line) - this.base));
  }
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
