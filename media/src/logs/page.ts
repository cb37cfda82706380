// What the parts of the log page share: the host bridge, the page's elements, the state of its
// window of lines (one object: modules cannot assign each other's variables) and the rules that
// say which lines are rows.
import { LOG_LEVELS, type LogLevel, type PageMessage, type PageState } from '../../../src/features/logs/protocol';
import { LEVEL_CODE, LogModel } from './model';
import { SearchState } from './search';
import { RowView, type RowSource } from './view';
import { byId, vsCodeApi } from '../shared/host';
import { RowIndex } from './row-index';
import { WholeSearch } from './whole-search';

export const vscode = vsCodeApi<PageMessage, PageState>();

export const viewport = byId('viewport');
export const view = new RowView(viewport, byId('spacer'), byId('rows'));
export const followBtn = byId<HTMLButtonElement>('follow');
export const queryInput = byId<HTMLInputElement>('query');
export const regexBtn = byId<HTMLButtonElement>('regex');
export const caseBtn = byId<HTMLButtonElement>('case');
export const countEl = byId('count');
export const stateEl = byId('state');
export const windowEl = byId('window');
export const earlierEl = byId('earlier');
export const jumpBtn = byId<HTMLButtonElement>('jump');
export const errorEl = byId('error');
export const sourceEl = byId('source');

export const page = {
  model: new LogModel(false),
  following: true,
  knownSize: 0,
  maxWindowBytes: 8 * 1024 * 1024,
  levels: new Set<LogLevel>(LOG_LEVELS),
  levelMask: 0,
  foldAll: false,
  stickToBottom: true,
  pendingBefore: false,
  pendingAfter: false,
  behind: false,
  loaded: false,
  /** What reopens this view's source after a window reload (from the host's init; kept in the state). */
  reopen: undefined as Record<string, unknown> | undefined,
};
export const search = new SearchState();
export const query = search.query;
/** Absolute numbers of the lines whose fold differs from `page.foldAll`. */
export const toggled = new Set<number>();
export const index = new RowIndex();
export const whole = new WholeSearch(post);

export function post(m: PageMessage): void {
  vscode.postMessage(m);
}

export function computeMask(): void {
  page.levelMask = 1; // lines without a level (plain output, markers) always show
  for (const l of page.levels) page.levelMask |= 1 << LEVEL_CODE[l];
}

export const folded = (line: number) => page.foldAll !== toggled.has(page.model.base + line);
export const passesLevel = (i: number) => (page.levelMask & (1 << page.model.level(i))) !== 0 || page.model.isMarker(i);
const lineVisible = (i: number) => passesLevel(i) && (page.model.isHead(i) || !folded(page.model.head(i)));

export const src: RowSource = {
  get model() {
    return page.model;
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

export function rebuildRows(): void {
  index.rebuild(page.model.length, lineVisible);
}
