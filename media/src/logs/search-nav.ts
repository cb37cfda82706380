// The search as the reader sees it: the match count (the window's, then the whole log's), and
// moving to the next or previous match, past the window's matches into the whole log.
import {
  countEl,
  folded,
  index,
  page,
  passesLevel,
  query,
  queryInput,
  rebuildRows,
  search,
  src,
  view,
  whole,
} from './page';
import { toggleFold } from './draw';

export function recomputeMatches(): void {
  search.recompute(page.model, passesLevel);
  updateCount();
}

/** Asks the host to search the whole log for the current query and levels (an empty query stops it). */
export function startWholeSearch(): void {
  whole.start({ text: query.text, regex: query.regex, caseSensitive: query.caseSensitive }, page.levels);
}

export function updateCount(): void {
  queryInput.classList.toggle('invalid', !!search.error);
  const partial = page.model.start > 0 || page.model.end < page.knownSize;
  countEl.textContent = search.countText(partial) + whole.text(!!query.text && !search.error);
  countEl.title = search.error
    ? search.error
    : search.stoppedAt !== undefined
      ? 'The search took too long and stopped: the count covers the lines before it. Narrow the query or filter by level.'
      : whole.stalled
        ? 'The whole-log search stopped: the regex took too long on one line. Simplify it.'
        : partial
          ? 'Matches in the loaded lines, then in the whole log: Enter past the last loaded match goes to the next one in the log.'
          : '';
  countEl.dataset.whole = whole.doneCount;
}

/** Whether the whole log has hits outside the window: next/previous then fetches the lines around one. */
function canLeaveWindow(): boolean {
  return whole.hasHits && (page.model.start > 0 || page.model.end < page.knownSize);
}

function jumpWhole(delta: number): void {
  whole.jump(delta, page.model.start, page.model.end);
}

export function goToMatch(delta: number): void {
  const all = search.matches;
  if (!all.length) {
    if (canLeaveWindow()) jumpWhole(delta);
    return;
  }
  if (search.current < 0) {
    // Start from the viewport: the first match at or after the top row (or before, going up).
    const topLine = index.lineAt(view.topRow());
    const idx = all.findIndex((m) => m.line >= topLine);
    if (((delta > 0 && idx < 0) || (delta < 0 && idx === 0)) && canLeaveWindow()) return jumpWhole(delta);
    search.current = delta > 0 ? (idx < 0 ? 0 : idx) : idx <= 0 ? all.length - 1 : idx - 1;
  } else {
    const next = search.current + delta;
    // Past the loaded matches: the next one in the whole log (the host wraps around at its ends).
    if ((next >= all.length || next < 0) && canLeaveWindow()) return jumpWhole(delta);
    search.current = (next + all.length) % all.length;
  }
  showCurrentMatch();
}

function showCurrentMatch(): void {
  const m = search.matches[search.current];
  if (!m) return;
  const { model } = page;
  if (!model.isHead(m.line) && folded(model.head(m.line))) toggleFold(model.head(m.line), false);
  page.stickToBottom = false;
  rebuildRows();
  view.scrollToRow(index.rowOf(m.line), index.count, 'center');
  view.render(src, true);
  updateCount();
}

/** After a whole-log jump: the match on the hit's line (the last one on it going up) becomes current. */
export function focusHit(line: number, direction: 'next' | 'prev'): void {
  const all = search.matches;
  let idx = direction === 'next' ? all.findIndex((x) => x.line >= line) : -1;
  if (direction === 'prev') for (let i = 0; i < all.length; i++) if ((all[i]?.line ?? Infinity) <= line) idx = i;
  if (idx < 0) idx = all.findIndex((x) => x.line >= line);
  if (idx < 0) {
    // The page's own search stopped before that line (time budget): show the line itself.
    page.stickToBottom = false;
    view.scrollToRow(index.rowOf(line), index.count, 'center');
    view.render(src, true);
    return;
  }
  search.current = idx;
  showCurrentMatch();
  document.body.dataset.jumped = String(page.model.base + line);
}
