// Virtualised rendering: only the rows in (and just around) the viewport exist in the DOM, drawn
// from a pool. Log text goes in through textContent / text nodes only, never as HTML.
import { LEVEL_NAMES, type LogModel } from './model';
import type { Match } from './search';

const OVERSCAN = 20;

export interface RowSource {
  model: LogModel;
  /** Line indices of the visible rows, ascending. */
  rows: Int32Array;
  rowCount: number;
  folded(line: number): boolean;
  /** Matches on a line (sorted), and the current match. */
  matchesOn(line: number): Match[] | undefined;
  current?: Match;
}

export class RowView {
  readonly rowHeight: number;
  private readonly pool: HTMLElement[] = [];
  private first = -1;
  private last = -1;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly layer: HTMLElement,
  ) {
    const probe = document.createElement('div');
    probe.className = 'row';
    probe.textContent = 'M';
    layer.appendChild(probe);
    this.rowHeight = Math.max(1, Math.round(probe.getBoundingClientRect().height)) || 18;
    layer.removeChild(probe);
  }

  /** Redraws the rows in view; `force` redraws even when the range did not change. */
  render(src: RowSource, force: boolean): void {
    const h = this.rowHeight;
    this.spacer.style.height = `${src.rowCount * h}px`;
    const top = this.viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(src.rowCount, Math.ceil((top + this.viewport.clientHeight) / h) + OVERSCAN);
    if (!force && first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    this.layer.style.transform = `translateY(${first * h}px)`;
    const n = last - first;
    while (this.pool.length < n) {
      const el = document.createElement('div');
      this.pool.push(el);
      this.layer.appendChild(el);
    }
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k];
      if (k >= n) {
        if (!el.hidden) el.hidden = true;
        continue;
      }
      el.hidden = false;
      this.fill(el, src, src.rows[first + k]);
    }
  }

  private fill(el: HTMLElement, src: RowSource, line: number): void {
    const m = src.model;
    let cls = 'row';
    const lvl = m.level(line);
    if (lvl) cls += ` lvl-${LEVEL_NAMES[lvl]}`;
    if (m.isException(line)) cls += ' exc';
    if (m.isMarker(line)) cls += ' marker';
    if (!m.isHead(line)) cls += ' cont';
    el.className = cls;
    el.dataset.line = String(m.base + line);
    el.replaceChildren();

    const fold = document.createElement('span');
    fold.className = 'fold';
    if (m.isHead(line) && m.hasChildren(line)) {
      const folded = src.folded(line);
      fold.textContent = folded ? '▸' : '▾';
      fold.title = folded ? 'Unfold' : 'Fold';
      fold.classList.add('toggle');
      if (folded) el.classList.add('folded');
    }
    el.appendChild(fold);
    if (m.tagged && m.tags[line]) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = m.tags[line];
      el.appendChild(tag);
    }
    const text = document.createElement('span');
    text.className = 'text';
    const t = m.texts[line];
    const matches = src.matchesOn(line);
    if (!matches?.length) {
      text.textContent = t;
    } else {
      let pos = 0;
      for (const mt of matches) {
        if (mt.start > pos) text.appendChild(document.createTextNode(t.slice(pos, mt.start)));
        const mark = document.createElement('mark');
        if (src.current === mt) mark.className = 'current';
        mark.textContent = t.slice(mt.start, mt.end);
        text.appendChild(mark);
        pos = mt.end;
      }
      if (pos < t.length) text.appendChild(document.createTextNode(t.slice(pos)));
    }
    el.appendChild(text);
    if (m.isHead(line) && m.hasChildren(line) && src.folded(line)) {
      const more = document.createElement('span');
      more.className = 'more';
      let k = 0;
      const stop = Math.min(m.length, line + 5_000);
      for (let j = line + 1; j < stop; j++) {
        if (!m.isHead(j) && m.head(j) === line) k++;
        else if (!m.tagged) break; // untagged records are contiguous
      }
      more.textContent = ` … ${k} more line${k === 1 ? '' : 's'}`;
      el.appendChild(more);
    }
  }

  scrollToRow(row: number, rowCount: number, align: 'center' | 'nearest' = 'nearest'): void {
    const h = this.rowHeight;
    const y = row * h;
    const vh = this.viewport.clientHeight;
    if (align === 'center') this.viewport.scrollTop = Math.max(0, y - vh / 2);
    else if (y < this.viewport.scrollTop) this.viewport.scrollTop = y;
    else if (y + h > this.viewport.scrollTop + vh) this.viewport.scrollTop = y + h - vh;
    this.spacer.style.height = `${rowCount * h}px`;
  }

  topRow(): number {
    return Math.floor(this.viewport.scrollTop / this.rowHeight);
  }
}
