// Which lines of the window are rows on screen (level filter and folds applied), in order: the
// view draws rows, the model holds lines, and this maps one to the other.
export class RowIndex {
  /** rows[k] is the window line drawn as row k (the first `count` entries are valid). */
  rows = new Int32Array(0);
  count = 0;

  /** Rebuilds the rows from the `length` lines of the window, keeping the lines `visible` accepts. */
  rebuild(length: number, visible: (line: number) => boolean): void {
    if (this.rows.length < length) this.rows = new Int32Array(Math.max(length, this.rows.length * 2, 1024));
    let n = 0;
    for (let i = 0; i < length; i++) if (visible(i)) this.rows[n++] = i;
    this.count = n;
  }

  /** The row of `line`, or of the first visible line after it (binary search). */
  rowOf(line: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The line drawn as row `row`, clamped to the rows there are (0 when there are none). */
  lineAt(row: number): number {
    return this.count ? this.rows[Math.max(0, Math.min(row, this.count - 1))] : 0;
  }
}
