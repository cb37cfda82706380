// Drawing the window: keeping the view where the reader is across redraws (the bottom, or the same
// line at the same height), folds, and asking the host for the lines next to the window.
import { byId } from '../shared/host';
import { index, page, post, rebuildRows, src, toggled, view, viewport } from './page';
import { updateWindowInfo } from './status-line';

export type Anchor = { kind: 'bottom' } | { kind: 'line'; abs: number; px: number };

export function anchor(): Anchor {
  if (page.stickToBottom || !index.count) return { kind: 'bottom' };
  const top = Math.min(view.topRow(), index.count - 1);
  return { kind: 'line', abs: page.model.base + index.lineAt(top), px: viewport.scrollTop - top * view.rowHeight };
}

function restore(a: Anchor): void {
  if (a.kind === 'bottom') {
    viewport.scrollTop = index.count * view.rowHeight;
    return;
  }
  const row = index.rowOf(a.abs - page.model.base);
  viewport.scrollTop = row * view.rowHeight + a.px;
}

export function redraw(a: Anchor = anchor()): void {
  rebuildRows();
  byId('spacer').style.height = `${index.count * view.rowHeight}px`;
  restore(a);
  view.render(src, true);
  updateWindowInfo();
}

export function toggleFold(line: number, draw = true): void {
  const abs = page.model.base + line;
  if (toggled.has(abs)) toggled.delete(abs);
  else toggled.add(abs);
  if (draw) redraw();
}

/** Asks for the lines next to the window when the view is near its top or at its end. */
export function loadMore(): void {
  if (!page.loaded) return;
  const h = view.rowHeight;
  const { model } = page;
  if (viewport.scrollTop < h * 20 && model.start > 0 && !page.pendingBefore) {
    page.pendingBefore = true;
    post({ type: 'loadBefore', offset: model.start });
  }
  if (page.stickToBottom && model.end < page.knownSize && !page.pendingAfter && !page.behind) {
    page.pendingAfter = true;
    post({ type: 'loadAfter', offset: model.end });
  }
}
