// The reader's controls: the search box and its toggles, level filters, follow, folds, copy, open and
// save, clicks in the lines (links, fold toggles), keyboard shortcuts and scrolling.
import type { LogLevel } from '../../../src/features/logs/protocol';
import type { LineLink } from '../../../src/features/logs/line-links';
import { byId } from '../shared/host';
import { loadMore, redraw, toggleFold } from './draw';
import {
  caseBtn,
  computeMask,
  followBtn,
  index,
  jumpBtn,
  page,
  post,
  query,
  queryInput,
  regexBtn,
  search,
  src,
  toggled,
  view,
  viewport,
} from './page';
import { saveState } from './saved-state';
import { goToMatch, recomputeMatches, startWholeSearch } from './search-nav';
import { updateFollowButton } from './status-line';

/** The selection if there is one, else the rows on screen's lines (the whole window's). */
function visibleText(): string {
  const sel = window.getSelection()?.toString();
  if (sel) return sel;
  const out: string[] = [];
  for (let k = 0; k < index.count; k++) out.push(page.model.fullText(index.rows[k]));
  return out.join('\n');
}

function wireSearch(): void {
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
      if (input.checked) page.levels.add(l);
      else page.levels.delete(l);
      computeMask();
      recomputeMatches();
      if (query.text) startWholeSearch();
      redraw();
      saveState();
    });
  }
}

function wireToolbar(): void {
  followBtn.addEventListener('click', () => {
    page.following = !page.following;
    updateFollowButton();
    post({ type: 'setFollow', follow: page.following });
    if (page.following) {
      page.stickToBottom = true;
      if (page.behind || page.model.end < page.knownSize) post({ type: 'loadTail' });
      else redraw({ kind: 'bottom' });
    }
    saveState();
  });
  jumpBtn.addEventListener('click', () => {
    page.stickToBottom = true;
    post({ type: 'loadTail' });
  });
  byId('foldAll').addEventListener('click', () => {
    page.foldAll = true;
    toggled.clear();
    redraw();
  });
  byId('unfoldAll').addEventListener('click', () => {
    page.foldAll = false;
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
}

function wireLines(): void {
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
    page.stickToBottom = false;
    toggleFold(Number(row.dataset.line) - page.model.base);
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

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  viewport.addEventListener('scroll', () => {
    const h = view.rowHeight;
    page.stickToBottom = viewport.scrollTop + viewport.clientHeight >= index.count * h - h;
    view.render(src, false);
    if (!page.loaded) return;
    loadMore();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 300);
  });
  new ResizeObserver(() => view.render(src, true)).observe(viewport);
}

/** Attaches every control's handlers (once, before the page says `ready`). */
export function wireControls(): void {
  wireSearch();
  wireToolbar();
  wireLines();
}
