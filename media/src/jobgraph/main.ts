// The job graph page. Talks to its host only through the typed messages of protocol.ts; keeps the
// last snapshot on screen whatever happens (a failed refresh only changes the status line).
import type {
  Tab,
  GraphSnapshot,
  HostMessage,
  PageMessage,
  PageState,
  VertexDetail,
  ViewState,
} from '../../../src/features/jobgraph/protocol';
import { CheckpointsTab } from './checkpoints';
import { renderExceptions } from './exceptions';
import { GraphView } from './graph';
import { renderDetail, renderVertexTable } from './tables';
import { byId, vsCodeApi } from '../shared/host';

const vscode = vsCodeApi<PageMessage, PageState>();

const titleEl = byId('title');
const jobStateEl = byId('jobState');
const pauseBtn = byId<HTMLButtonElement>('pause');
const refreshBtn = byId<HTMLButtonElement>('refresh');
const tableBtn = byId<HTMLButtonElement>('asTable');
const statusEl = byId('status');
const missingEl = byId('missing');
const graphEl = byId('graph');
const tableEl = byId('tableView');
const side = byId('side');
const sideTitle = byId('sideTitle');
const sideBody = byId('sideBody');
const mainEl = byId('main');
const cpSection = byId('checkpoints');
const tabGraph = byId<HTMLButtonElement>('tabGraph');
const tabCheckpoints = byId<HTMLButtonElement>('tabCheckpoints');
const tabExceptions = byId<HTMLButtonElement>('tabExceptions');
const exSection = byId('exceptions');

let state: PageState = vscode.getState() ?? { paused: false };
let snapshot: GraphSnapshot | undefined;
let viewState: ViewState = 'loading';
let statusMessage: string | undefined;

const send = (m: PageMessage) => vscode.postMessage(m);
const save = () => vscode.setState(state);

const graph = new GraphView(graphEl, (id) => select(id));
const checkpoints = new CheckpointsTab(byId('cpChart'), byId('cpInfo'), byId('cpDetail'), (id) =>
  send({ type: 'selectCheckpoint', checkpointId: id }),
);

function showTab(tab: Tab, tell = true): void {
  state = { ...state, tab };
  save();
  mainEl.hidden = tab !== 'graph';
  cpSection.hidden = tab !== 'checkpoints';
  exSection.hidden = tab !== 'exceptions';
  tableBtn.hidden = tab !== 'graph';
  tabGraph.setAttribute('aria-selected', String(tab === 'graph'));
  tabCheckpoints.setAttribute('aria-selected', String(tab === 'checkpoints'));
  tabExceptions.setAttribute('aria-selected', String(tab === 'exceptions'));
  document.body.dataset.tab = tab;
  if (tell) send({ type: 'setTab', tab });
}

function select(id: string | undefined): void {
  state = { ...state, selected: id };
  save();
  if (snapshot) graph.render(snapshot, id);
  if (!id) {
    side.hidden = true;
    document.body.dataset.selected = '';
  } else {
    side.hidden = false;
    document.body.dataset.selected = id;
    const v = snapshot?.vertices.find((x) => x.id === id);
    sideTitle.textContent = v?.name ?? id;
    sideBody.replaceChildren(document.createTextNode('Loading the subtasks…'));
  }
  send({ type: 'select', vertexId: id });
}

function setPaused(p: boolean): void {
  state = { ...state, paused: p };
  save();
  renderPause();
  send({ type: 'setPaused', paused: p });
}

function renderPause(): void {
  pauseBtn.textContent = state.paused ? 'Resume' : 'Pause';
  pauseBtn.setAttribute('aria-pressed', String(state.paused));
  pauseBtn.title = state.paused ? 'Refresh the figures again' : 'Stop refreshing the figures';
}

function renderStatus(): void {
  document.body.dataset.state = viewState;
  const when = snapshot ? ` · ${new Date(snapshot.takenAt).toLocaleTimeString()}` : '';
  const base =
    viewState === 'live'
      ? `Live${when}`
      : viewState === 'loading'
        ? 'Loading…'
        : viewState === 'paused'
          ? `Paused${when}`
          : viewState === 'ended'
            ? `Final${when}`
            : `Not refreshed${when}`;
  statusEl.textContent = statusMessage ? `${base}: ${statusMessage}` : base;
  statusEl.className = `state-${viewState}`;
}

function renderSnapshot(s: GraphSnapshot): void {
  snapshot = s;
  titleEl.textContent = s.jobName;
  titleEl.title = `${s.jobName} (${s.jobId})${s.flinkVersion ? ` · Flink ${s.flinkVersion}` : ''}`;
  jobStateEl.textContent = s.jobState;
  jobStateEl.dataset.state = s.jobState;
  missingEl.hidden = s.missing.length === 0;
  missingEl.textContent = s.missing.length ? `Not available: ${s.missing.join('; ')}` : '';
  if (!s.vertices.length) {
    graphEl.textContent = 'Flink reports no vertices for this job.';
  } else {
    const t0 = performance.now();
    graph.render(s, state.selected);
    document.body.dataset.drawMs = (performance.now() - t0).toFixed(1);
  }
  renderVertexTable(tableEl, s, (id) => select(id));
  document.body.dataset.loaded = 'true';
  document.body.dataset.snapshots = String(Number(document.body.dataset.snapshots ?? '0') + 1);
  if (state.selected && !s.vertices.some((v) => v.id === state.selected)) select(undefined);
  renderStatus();
}

function renderVertexDetail(d: VertexDetail): void {
  if (d.vertexId !== state.selected) return;
  side.hidden = false;
  sideTitle.textContent = d.name;
  renderDetail(sideBody, d, (tm) => send({ type: 'openTaskManagerLogs', taskManagerId: tm }));
  side.dataset.vertex = d.vertexId;
}

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  switch (m?.type) {
    case 'init':
      state = { ...state, job: m.job };
      save();
      return;
    case 'snapshot':
      renderSnapshot(m.snapshot);
      return;
    case 'detail':
      renderVertexDetail(m.detail);
      return;
    case 'checkpoints':
      checkpoints.render(m.checkpoints);
      return;
    case 'checkpointDetail':
      checkpoints.renderDetail(m.detail);
      return;
    case 'exceptions':
      renderExceptions(exSection, m.exceptions, (path, line) => send({ type: 'openFrame', path, line }));
      return;
    case 'status':
      viewState = m.state;
      statusMessage = m.message;
      renderStatus();
      return;
  }
});

pauseBtn.addEventListener('click', () => setPaused(!state.paused));
tabGraph.addEventListener('click', () => showTab('graph'));
tabCheckpoints.addEventListener('click', () => showTab('checkpoints'));
tabExceptions.addEventListener('click', () => showTab('exceptions'));
refreshBtn.addEventListener('click', () => send({ type: 'refresh' }));
tableBtn.addEventListener('click', () => {
  const on = tableBtn.getAttribute('aria-pressed') !== 'true';
  tableBtn.setAttribute('aria-pressed', String(on));
  tableEl.classList.toggle('sr-only', !on);
  graphEl.hidden = on;
});
byId('closeSide').addEventListener('click', () => {
  const was = state.selected;
  select(undefined);
  if (was) graph.focus(was);
});
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && state.selected) {
    const was = state.selected;
    select(undefined);
    graph.focus(was);
  }
});

renderPause();
renderStatus();
showTab(state.tab ?? 'graph', false);
if (state.selected) {
  side.hidden = false;
  document.body.dataset.selected = state.selected;
}
send({
  type: 'ready',
  paused: state.paused,
  ...(state.selected ? { selected: state.selected } : {}),
  ...(state.tab ? { tab: state.tab } : {}),
});
