// The page's status line and follow button: the stream's state, the window's size and place in the
// log, the error banner.
import type { HostMessage } from '../../../src/features/logs/protocol';
import { earlierEl, errorEl, followBtn, jumpBtn, page, stateEl, viewport, windowEl } from './page';
import { earlierText, fmtBytes, fmtCount, statusText } from './status';

export function updateFollowButton(): void {
  const following = page.following;
  followBtn.textContent = following ? 'Pause' : 'Follow';
  followBtn.title = following ? 'Stop following new lines' : 'Follow new lines (tail -f)';
  followBtn.setAttribute('aria-pressed', String(following));
}

export function updateWindowInfo(): void {
  const { model, knownSize } = page;
  const more = model.start > 0 ? ' · scroll up for earlier lines' : '';
  windowEl.textContent = page.loaded
    ? `${fmtCount(model.length)} lines · ${fmtBytes(model.start)}–${fmtBytes(model.end)} of ${fmtBytes(knownSize)}${more}`
    : '';
  jumpBtn.hidden = !(page.behind || model.end < knownSize);
  viewport.dataset.lines = String(model.length);
}

export function showStatus(m: Extract<HostMessage, { type: 'status' }>): void {
  document.body.dataset.state = m.state;
  stateEl.textContent = statusText(m);
  stateEl.className = `state-${m.state}`;
  if (m.state === 'live') errorEl.hidden = true;
}

export function showEarlier(m: Extract<HostMessage, { type: 'earlier' }>): void {
  earlierEl.textContent = m.reading ? earlierText(m) : '';
  earlierEl.hidden = !m.reading;
}

export function showError(message: string): void {
  errorEl.textContent = message;
  errorEl.hidden = false;
}
