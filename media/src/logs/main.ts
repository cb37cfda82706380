// The log viewer page. Talks to its host only through the typed messages of protocol.ts; keeps a
// bounded window of lines (LogModel) and renders the visible rows only (RowView). The parts:
// page.ts (shared state and elements), messages.ts (from the host), controls.ts (the reader's
// input), draw.ts, search-nav.ts, status-line.ts, saved-state.ts.
import { wireControls } from './controls';
import { listenToHost } from './messages';
import { computeMask, post, query } from './page';
import { restoreSaved } from './saved-state';
import { startWholeSearch } from './search-nav';
import { updateFollowButton } from './status-line';

listenToHost();
wireControls();

const saved = restoreSaved();
computeMask();
updateFollowButton();
post({
  type: 'ready',
  ...(saved?.topOffset !== undefined ? { restoreOffset: saved.topOffset } : {}),
  ...(saved ? { follow: saved.following } : {}),
});
if (query.text) startWholeSearch();
