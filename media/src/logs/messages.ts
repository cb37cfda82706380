// The host's messages to the page: the source (init), chunks of lines for the window, offsets moved
// by earlier lines put in front of the spool, the stream's status and errors, whole-log search progress.
import type { HostMessage } from '../../../src/features/logs/protocol';
import { byId } from '../shared/host';
import { anchor, loadMore, redraw } from './draw';
import { LogModel } from './model';
import {
  followBtn,
  index,
  page,
  post,
  rebuildRows,
  search,
  sourceEl,
  src,
  toggled,
  view,
  viewport,
  whole,
} from './page';
import { saveState } from './saved-state';
import { focusHit, recomputeMatches, updateCount } from './search-nav';
import { showEarlier, showError, showStatus, updateFollowButton, updateWindowInfo } from './status-line';

function onChunk(m: Extract<HostMessage, { type: 'chunk' }>): void {
  page.knownSize = m.size;
  const a = anchor();
  switch (m.mode) {
    case 'tail':
    case 'at':
    case 'around':
      page.model = new LogModel(page.model.tagged);
      page.model.replace(m.start, m.end, m.text);
      toggled.clear();
      search.current = -1;
      page.behind = false;
      page.pendingBefore = page.pendingAfter = false;
      page.stickToBottom = m.mode === 'tail';
      recomputeMatches();
      rebuildRows();
      byId('spacer').style.height = `${index.count * view.rowHeight}px`;
      viewport.scrollTop = m.mode === 'tail' ? index.count * view.rowHeight : 0;
      view.render(src, true);
      page.loaded = true;
      document.body.dataset.loaded = 'true';
      updateWindowInfo();
      if (m.mode === 'around') focusHit(m.focusLine ?? 0, m.direction ?? 'next');
      saveState();
      // After the frame that paints the first lines (the tail, or a restored position), the host
      // sends the rest of the tail and starts its background reads: neither competes with them.
      if (m.mode !== 'around') requestAnimationFrame(() => setTimeout(() => post({ type: 'tailShown' })));
      return;
    case 'before':
      page.pendingBefore = false;
      if (!page.model.prepend(m.start, m.end, m.text)) return;
      if (page.model.bytes > page.maxWindowBytes && page.model.trimBottom(page.maxWindowBytes))
        page.stickToBottom = false;
      break;
    case 'after':
      page.pendingAfter = false;
      if (!page.model.append(m.start, m.end, m.text)) return;
      page.model.trimTop(page.maxWindowBytes);
      if (page.model.end >= page.knownSize) page.behind = false;
      break;
    case 'append':
      if (!page.model.append(m.start, m.end, m.text)) {
        page.behind = true;
        updateWindowInfo();
        return;
      }
      if (page.model.bytes > page.maxWindowBytes) {
        // Following at the bottom: drop the oldest lines. Reading further up: keep what is on screen.
        if (page.stickToBottom) page.model.trimTop(page.maxWindowBytes);
        else if (page.model.trimBottom(page.maxWindowBytes)) page.behind = true;
      }
      break;
  }
  recomputeMatches();
  redraw(a);
}

/** Earlier lines went in front of the spool: the same lines, at offsets moved by `by`. */
function onShift(m: Extract<HostMessage, { type: 'shift' }>): void {
  page.model.shift(m.by);
  page.knownSize = m.size;
  // A load asked for at the old offsets is answered at wrong ones and dropped: ask again.
  page.pendingBefore = page.pendingAfter = false;
  updateWindowInfo();
  saveState();
  loadMore();
}

/** Starts taking the host's messages (before the page says `ready`). */
export function listenToHost(): void {
  window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
    const m = ev.data;
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'init':
        if (m.reopen) page.reopen = m.reopen;
        page.maxWindowBytes = m.maxWindowBytes;
        page.following = m.following && m.source.canFollow;
        if (page.model.tagged !== m.source.tagged) page.model = new LogModel(m.source.tagged);
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
        showStatus(m);
        return;
      case 'earlier':
        showEarlier(m);
        return;
      case 'error':
        showError(m.message);
        return;
      case 'searchProgress':
        if (whole.update(m)) updateCount();
        return;
    }
  });
}
