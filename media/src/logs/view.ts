// Virtualised rendering: only the rows in (and just around) the viewport exist in the DOM, drawn
// from a pool. Log text goes in through textContent / text nodes only, never as HTML.
import { findLinks, type LinkRange } from '../../../src/features/logs/line-links';
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
    const links = findLinks(t);
    if (!matches?.length && !links.length) text.textContent = t;
    else fillSegments(text, t, matches ?? [], links, src.current);
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

/**
 * A line with search marks and links: cut at every mark and link boundary; each piece is a text node
 * or a <mark> (text set through textContent), inside a link <span> when it lies in a link's range.
 * The link's target is kept as JSON in a data attribute, read back on click.
 */
function fillSegments(
  into: HTMLElement,
  t: string,
  matches: Match[],
  links: LinkRange[],
  current: Match | undefined,
): void {
  const cuts = new Set<number>([0, t.length]);
  for (const x of matches) cuts.add(x.start).add(x.end);
  for (const x of links) cuts.add(x.start).add(x.end);
  const points = [...cuts].sort((a, b) => a - b);
  let li = 0;
  let mi = 0;
  let holder: HTMLElement = into;
  let open: LinkRange | undefined;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    while (li < links.length && links[li].end <= a) li++;
    while (mi < matches.length && matches[mi].end <= a) mi++;
    const link = links[li] && links[li].start <= a ? links[li] : undefined;
    if (link !== open) {
      open = link;
      holder = into;
      if (link) {
        holder = document.createElement('span');
        holder.className = `link link-${link.link.kind}`;
        holder.dataset.link = JSON.stringify(link.link);
        holder.title = linkTitle(link);
        into.appendChild(holder);
      }
    }
    const piece = t.slice(a, b);
    const mt = matches[mi] && matches[mi].start <= a ? matches[mi] : undefined;
    if (mt) {
      const mark = document.createElement('mark');
      if (current === mt) mark.className = 'current';
      mark.textContent = piece;
      holder.appendChild(mark);
    } else {
      holder.appendChild(document.createTextNode(piece));
    }
  }
}

function linkTitle(r: LinkRange): string {
  switch (r.link.kind) {
    case 'frame':
      return `Open ${r.link.file}:${r.link.line} in the workspace`;
    case 'job':
      return 'Show this job in the Flink view';
    case 'taskManager':
      return 'Show this TaskManager in the Flink view';
    case 'checkpoint':
      return 'Show this checkpoint in the Flink view';
  }
}
