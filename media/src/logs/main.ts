// The log viewer page. Talks to its host only through the typed messages of protocol.ts; keeps a
// bounded window of lines (LogModel) and renders the visible rows only (RowView).
import {
  LOG_LEVELS,
  type HostMessage,
  type LogLevel,
  type PageMessage,
  type PageState,
} from '../../../src/features/logs/protocol';
import type { LineLink } from '../../../src/features/logs/line-links';
import { LEVEL_CODE, LogModel } from './model';
import { SearchState } from './search';
import { fmtBytes, fmtCount, statusText } from './status';
import { RowView, type RowSource } from './view';
import { byId, vsCodeApi } from '../shared/host';
import { RowIndex } from './row-index';
import { WholeSearch } from './whole-search';

const vscode = vsCodeApi<PageMessage, PageState>();

const viewport = byId('viewport');
const view = new RowView(viewport, byId('spacer'), byId('rows'));
const followBtn = byId<HTMLButtonElement>('follow');
const queryInput = byId<HTMLInputElement>('query');
const regexBtn = byId<HTMLButtonElement>('regex');
const caseBtn = byId<HTMLButtonElement>('case');
const countEl = byId('count');
const stateEl = byId('state');
const windowEl = byId('window');
const jumpBtn = byId<HTMLButtonElement>('jump');
const errorEl = byId('error');
const sourceEl = byId('source');

let model = new LogModel(false);
let following = true;
let knownSize = 0;
let maxWindowBytes = 8 * 1024 * 1024;
let levels = new Set<LogLevel>(LOG_LEVELS);
let levelMask = 0;
const search = new SearchState();
const query = search.query;
let foldAll = false;
const toggled = new Set<number>();
const index = new RowIndex();
let stickToBottom = true;
let pendingBefore = false;
let pendingAfter = false;
let behind = false;
let loaded = false;
/** What reopens this view's source after a window reload (from the host's init; kept in the state). */
let reopen: Record<string, unknown> | undefined;
const whole = new WholeSearch(post);

function post(m: PageMessage): void {
  vscode.postMessage(m);
}

function computeMask(): void {
  levelMask = 1; // lines without a level (plain output, markers) always show
  for (const l of levels) levelMask |= 1 << LEVEL_CODE[l];
}

const folded = (line: number) => foldAll !== toggled.has(model.base + line);
const passesLevel = (i: number) => (levelMask & (1 << model.level(i))) !== 0 || model.isMarker(i);
const lineVisible = (i: number) => passesLevel(i) && (model.isHead(i) || !folded(model.head(i)));

const src: RowSource = {
  get model() {
    return model;
  },
  get rows() {
    return index.rows;
  },
  get rowCount() {
    return index.count;
  },
  folded,
  matchesOn: (line) => search.byLine.get(line),
  get current() {
    return search.currentMatch;
  },
};

function rebuildRows(): void {
  index.rebuild(model.length, lineVisible);
}

type Anchor = { kind: 'bottom' } | { kind: 'line'; abs: number; px: number };

function anchor(): Anchor {
  if (stickToBottom || !index.count) return { kind: 'bottom' };
  const top = Math.min(view.topRow(), index.count - 1);
  return { kind: 'line', abs: model.base + index.lineAt(top), px: viewport.scrollTop - top * view.rowHeight };
}

function restore(a: Anchor): void {
  if (a.kind === 'bottom') {
    viewport.scrollTop = index.count * view.rowHeight;
    return;
  }
  const row = index.rowOf(a.abs - model.base);
  viewport.scrollTop = row * view.rowHeight + a.px;
}

function redraw(a: Anchor = anchor()): void {
  rebuildRows();
  byId('spacer').style.height = `${index.count * view.rowHeight}px`;
  restore(a);
  view.render(src, true);
  updateWindowInfo();
}

// ---- search -------------------------------------------------------------------------------

function recomputeMatches(): void {
  search.recompute(model, passesLevel);
  updateCount();
}

/** Asks the host to search the whole log for the current query and levels (an empty query stops it). */
function startWholeSearch(): void {
  whole.start({ text: query.text, regex: query.regex, caseSensitive: query.caseSensitive }, levels);
}

function updateCount(): void {
  queryInput.classList.toggle('invalid', !!search.error);
  const partial = model.start > 0 || model.end < knownSize;
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
  return whole.hasHits && (model.start > 0 || model.end < knownSize);
}

function jumpWhole(delta: number): void {
  whole.jump(delta, model.start, model.end);
}

function goToMatch(delta: number): void {
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
  if (!model.isHead(m.line) && folded(model.head(m.line))) toggleFold(model.head(m.line), false);
  stickToBottom = false;
  rebuildRows();
  view.scrollToRow(index.rowOf(m.line), index.count, 'center');
  view.render(src, true);
  updateCount();
}

// ---- folding ------------------------------------------------------------------------------

function toggleFold(line: number, draw = true): void {
  const abs = model.base + line;
  if (toggled.has(abs)) toggled.delete(abs);
  else toggled.add(abs);
  if (draw) redraw();
}

// ---- messages from the host ----------------------------------------------------------------

function onChunk(m: Extract<HostMessage, { type: 'chunk' }>): void {
  knownSize = m.size;
  const a = anchor();
  switch (m.mode) {
    case 'tail':
    case 'at':
    case 'around':
      model = new LogModel(model.tagged);
      model.replace(m.start, m.end, m.text);
      toggled.clear();
      search.current = -1;
      behind = false;
      pendingBefore = pendingAfter = false;
      stickToBottom = m.mode === 'tail';
      recomputeMatches();
      rebuildRows();
      byId('spacer').style.height = `${index.count * view.rowHeight}px`;
      viewport.scrollTop = m.mode === 'tail' ? index.count * view.rowHeight : 0;
      view.render(src, true);
      loaded = true;
      document.body.dataset.loaded = 'true';
      updateWindowInfo();
      if (m.mode === 'around') focusHit(m.focusLine ?? 0, m.direction ?? 'next');
      saveState();
      // After the frame that paints the first lines (the tail, or a restored position), the host
      // sends the rest of the tail and starts its background reads: neither competes with them.
      if (m.mode !== 'around') requestAnimationFrame(() => setTimeout(() => post({ type: 'tailShown' })));
      return;
    case 'before':
      pendingBefore = false;
      if (!model.prepend(m.start, m.end, m.text)) return;
      if (model.bytes > maxWindowBytes && model.trimBottom(maxWindowBytes)) stickToBottom = false;
      break;
    case 'after':
      pendingAfter = false;
      if (!model.append(m.start, m.end, m.text)) return;
      model.trimTop(maxWindowBytes);
      if (model.end >= knownSize) behind = false;
      break;
    case 'append':
      if (!model.append(m.start, m.end, m.text)) {
        behind = true;
        updateWindowInfo();
        return;
      }
      if (model.bytes > maxWindowBytes) {
        // Following at the bottom: drop the oldest lines. Reading further up: keep what is on screen.
        if (stickToBottom) model.trimTop(maxWindowBytes);
        else if (model.trimBottom(maxWindowBytes)) behind = true;
      }
      break;
  }
  recomputeMatches();
  redraw(a);
}

/** After a whole-log jump: the match on the hit's line (the last one on it going up) becomes current. */
function focusHit(line: number, direction: 'next' | 'prev'): void {
  const all = search.matches;
  let idx = direction === 'next' ? all.findIndex((x) => x.line >= line) : -1;
  if (direction === 'prev') for (let i = 0; i < all.length; i++) if ((all[i]?.line ?? Infinity) <= line) idx = i;
  if (idx < 0) idx = all.findIndex((x) => x.line >= line);
  if (idx < 0) {
    // The page's own search stopped before that line (time budget): show the line itself.
    stickToBottom = false;
    view.scrollToRow(index.rowOf(line), index.count, 'center');
    view.render(src, true);
    return;
  }
  search.current = idx;
  showCurrentMatch();
  document.body.dataset.jumped = String(model.base + line);
}

/** Earlier lines went in front of the spool: the same lines, at offsets moved by `by`. */
function onShift(m: Extract<HostMessage, { type: 'shift' }>): void {
  model.shift(m.by);
  knownSize = m.size;
  // A load asked for at the old offsets is answered at wrong ones and dropped: ask again.
  pendingBefore = pendingAfter = false;
  updateWindowInfo();
  saveState();
  loadMore();
}

function onStatus(m: Extract<HostMessage, { type: 'status' }>): void {
  document.body.dataset.state = m.state;
  stateEl.textContent = statusText(m);
  stateEl.className = `state-${m.state}`;
  if (m.state === 'live') errorEl.hidden = true;
}

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'init':
      if (m.reopen) reopen = m.reopen;
      maxWindowBytes = m.maxWindowBytes;
      following = m.following && m.source.canFollow;
      if (model.tagged !== m.source.tagged) model = new LogModel(m.source.tagged);
      sourceEl.textContent = m.source.description;
      document.title = m.source.title;
      followBtn.disabled = !m.source.canFollow;
      updateFollowButton();
      saveState();
      return;
    case 'chunk':
      onChunk(m);
      return;
    case 'shift':
      onShift(m);
      return;
    case 'status':
      onStatus(m);
      return;
    case 'error':
      errorEl.textContent = m.message;
      errorEl.hidden = false;
      return;
    case 'searchProgress':
      if (whole.update(m)) updateCount();
      return;
  }
});

// ---- user actions -------------------------------------------------------------------------

function updateFollowButton(): void {
  followBtn.textContent = following ? 'Pause' : 'Follow';
  followBtn.title = following ? 'Stop following new lines' : 'Follow new lines (tail -f)';
  followBtn.setAttribute('aria-pressed', String(following));
}

function updateWindowInfo(): void {
  const more = model.start > 0 ? ' · scroll up for earlier lines' : '';
  windowEl.textContent = loaded
    ? `${fmtCount(model.length)} lines · ${fmtBytes(model.start)}–${fmtBytes(model.end)} of ${fmtBytes(knownSize)}${more}`
    : '';
  jumpBtn.hidden = !(behind || model.end < knownSize);
  viewport.dataset.lines = String(model.length);
}

function visibleText(): string {
  const sel = window.getSelection()?.toString();
  if (sel) return sel;
  const out: string[] = [];
  for (let k = 0; k < index.count; k++) out.push(model.fullText(index.rows[k]));
  return out.join('\n');
}

function saveState(): void {
  const top = index.lineAt(view.topRow());
  vscode.setState({
    levels: [...levels],
    query: query.text,
    regex: query.regex,
    caseSensitive: query.caseSensitive,
    following,
    ...(reopen ? { reopen } : {}),
    ...(stickToBottom || !loaded ? {} : { topOffset: model.chunkStartOf(top) }),
  });
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
queryInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    query.text = queryInput.value;
    search.current = -1;
    recomputeMatches();
    view.render(src, true);
    if (search.matches.length) goToMatch(1);
    startWholeSearch();
    saveState();
  }, 120);
});
queryInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    clearTimeout(searchTimer);
    if (query.text !== queryInput.value) {
      query.text = queryInput.value;
      recomputeMatches();
      startWholeSearch();
    }
    goToMatch(e.shiftKey ? -1 : 1);
  } else if (e.key === 'Escape') {
    queryInput.value = '';
    query.text = '';
    recomputeMatches();
    startWholeSearch();
    view.render(src, true);
  }
});
function toggleButton(btn: HTMLButtonElement, key: 'regex' | 'caseSensitive'): void {
  btn.addEventListener('click', () => {
    query[key] = !query[key];
    btn.setAttribute('aria-pressed', String(query[key]));
    search.current = -1;
    recomputeMatches();
    startWholeSearch();
    view.render(src, true);
    saveState();
  });
}
toggleButton(regexBtn, 'regex');
toggleButton(caseBtn, 'caseSensitive');
byId('next').addEventListener('click', () => goToMatch(1));
byId('prev').addEventListener('click', () => goToMatch(-1));

for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[data-level]'))) {
  input.addEventListener('change', () => {
    const l = input.dataset.level as LogLevel;
    if (input.checked) levels.add(l);
    else levels.delete(l);
    computeMask();
    recomputeMatches();
    if (query.text) startWholeSearch();
    redraw();
    saveState();
  });
}

followBtn.addEventListener('click', () => {
  following = !following;
  updateFollowButton();
  post({ type: 'setFollow', follow: following });
  if (following) {
    stickToBottom = true;
    if (behind || model.end < knownSize) post({ type: 'loadTail' });
    else redraw({ kind: 'bottom' });
  }
  saveState();
});
jumpBtn.addEventListener('click', () => {
  stickToBottom = true;
  post({ type: 'loadTail' });
});
byId('foldAll').addEventListener('click', () => {
  foldAll = true;
  toggled.clear();
  redraw();
});
byId('unfoldAll').addEventListener('click', () => {
  foldAll = false;
  toggled.clear();
  redraw();
});
byId('copy').addEventListener('click', () => post({ type: 'copy', text: visibleText() }));
byId('openInEditor').addEventListener('click', () => {
  // The selection if there is one, else the whole log (the host opens its spool).
  const sel = window.getSelection()?.toString();
  post(sel ? { type: 'openInEditor', text: sel } : { type: 'openInEditor' });
});
byId('save').addEventListener('click', () => post({ type: 'saveToFile' }));

byId('rows').addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  const link = t.closest<HTMLElement>('.link');
  if (link?.dataset.link && !window.getSelection()?.toString()) {
    // The host checks the link and resolves it (a workspace file, a node in the job explorer).
    post({ type: 'openLink', link: JSON.parse(link.dataset.link) as LineLink });
    return;
  }
  if (!t.classList.contains('toggle')) return;
  const row = t.closest<HTMLElement>('.row');
  if (!row?.dataset.line) return;
  stickToBottom = false;
  toggleFold(Number(row.dataset.line) - model.base);
});

document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
    e.preventDefault();
    queryInput.focus();
    queryInput.select();
  } else if (e.key === 'F3') {
    e.preventDefault();
    goToMatch(e.shiftKey ? -1 : 1);
  }
});

/** Asks for the lines next to the window when the view is near its top or at its end. */
function loadMore(): void {
  if (!loaded) return;
  const h = view.rowHeight;
  if (viewport.scrollTop < h * 20 && model.start > 0 && !pendingBefore) {
    pendingBefore = true;
    post({ type: 'loadBefore', offset: model.start });
  }
  if (stickToBottom && model.end < knownSize && !pendingAfter && !behind) {
    pendingAfter = true;
    post({ type: 'loadAfter', offset: model.end });
  }
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
viewport.addEventListener('scroll', () => {
  const h = view.rowHeight;
  stickToBottom = viewport.scrollTop + viewport.clientHeight >= index.count * h - h;
  view.render(src, false);
  if (!loaded) return;
  loadMore();
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 300);
});
new ResizeObserver(() => view.render(src, true)).observe(viewport);

// ---- start ---------------------------------------------------------------------------------

const saved = vscode.getState();
if (saved) {
  reopen = saved.reopen;
  levels = new Set(saved.levels.filter((l) => (LOG_LEVELS as readonly string[]).includes(l)));
  query.text = saved.query;
  query.regex = saved.regex;
  query.caseSensitive = saved.caseSensitive;
  following = saved.following;
  queryInput.value = saved.query;
  regexBtn.setAttribute('aria-pressed', String(saved.regex));
  caseBtn.setAttribute('aria-pressed', String(saved.caseSensitive));
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[data-level]')))
    input.checked = levels.has(input.dataset.level as LogLevel);
}
computeMask();
updateFollowButton();
post({
  type: 'ready',
  ...(saved?.topOffset !== undefined ? { restoreOffset: saved.topOffset } : {}),
  ...(saved ? { follow: saved.following } : {}),
});
if (query.text) startWholeSearch();
