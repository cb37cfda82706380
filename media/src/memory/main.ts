// The memory layout page: one stacked bar per JobManager/TaskManager container (Flink's memory
// components left to right, the container limit as a line, what lies beyond it in red) and the
// same figures as a table. Talks to its host only through the typed messages of protocol.ts; a
// failed update keeps the last picture and only changes the status line.
import type {
  ContainerPicture,
  HostMessage,
  MemoryPicture,
  PageMessage,
  PageState,
} from '../../../src/features/memory-view/protocol';
import { barSvg, formatBytes } from './bar';
import { byId, vsCodeApi } from '../shared/host';

const vscode = vsCodeApi<PageMessage, PageState>();
const titleEl = byId('title');
const statusEl = byId('status');
const listEl = byId('containers');
const tableBtn = byId<HTMLButtonElement>('asTable');

let state: Partial<PageState> = vscode.getState() ?? {};
let picture: MemoryPicture | undefined;
const send = (m: PageMessage) => vscode.postMessage(m);
const save = () => {
  if (state.uri) vscode.setState(state as PageState);
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A sentence for the screen reader and the bar's tooltip. */
function summary(c: ContainerPicture): string {
  if (c.error) return `${c.title}: Flink refuses this configuration at startup.`;
  const total = c.totalProcess ?? 0;
  const parts = [`${c.title}: process ${formatBytes(total)}`];
  if (c.limit === undefined) parts.push(`no limit known (${c.limitMissing ?? 'not set'})`);
  else if (total > c.limit) parts.push(`${formatBytes(total - c.limit)} over the limit of ${formatBytes(c.limit)}`);
  else parts.push(`limit ${formatBytes(c.limit)}, headroom ${formatBytes(c.limit - total)}`);
  return parts.join(', ') + '.';
}

function metaLine(c: ContainerPicture): string {
  const v = `Flink ${c.flinkVersion}${c.versionAssumed ? ' (assumed: set the image tag or flinkVersion)' : ''}`;
  const from = c.derivedFrom ? `derived from ${c.derivedFrom}` : '';
  const limit =
    c.limit !== undefined
      ? `limit ${c.limitText ? `${c.limitText} = ` : ''}${formatBytes(c.limit)}`
      : `no limit: ${c.limitMissing ?? 'not set'}`;
  return [v, from, limit].filter(Boolean).join(' · ');
}

function table(c: ContainerPicture): HTMLElement {
  const wrap = el('div', 'sizes');
  const t = wrap.appendChild(el('table'));
  t.createCaption().textContent = `${c.title}: memory components`;
  const head = t.createTHead().insertRow();
  for (const h of ['Component', 'Size']) head.appendChild(el('th', undefined, h)).setAttribute('scope', 'col');
  const body = t.createTBody();
  const row = (name: string, bytes: number, cls?: string) => {
    const r = body.insertRow();
    if (cls) r.className = cls;
    r.appendChild(el('th', undefined, name)).setAttribute('scope', 'row');
    const cell = r.insertCell();
    cell.textContent = formatBytes(bytes);
    cell.title = `${bytes} bytes`;
  };
  for (const s of c.segments) row(s.label, s.bytes, `seg-row-${s.group}`);
  if (c.totalProcess !== undefined) row('Total process memory', c.totalProcess, 'total');
  if (c.limit !== undefined) {
    row('Container limit', c.limit, 'limit');
    const head = c.limit - (c.totalProcess ?? 0);
    row(head >= 0 ? 'Headroom' : 'Over the limit', Math.abs(head), head >= 0 ? 'headroom' : 'over');
  }
  return wrap;
}

function card(c: ContainerPicture, scale: number, width: number): HTMLElement {
  const over = c.limit !== undefined && (c.totalProcess ?? 0) > c.limit;
  const sec = el('section', 'container');
  sec.tabIndex = 0;
  sec.dataset.id = c.id;
  sec.dataset.role = c.role;
  sec.dataset.overflow = String(over);
  if (c.error) sec.dataset.error = 'true';
  sec.setAttribute('aria-label', summary(c));
  const head = el('div', 'head');
  head.appendChild(el('h2', undefined, c.title));
  const reveal = el('button', 'reveal', 'Show setting');
  reveal.title = 'Show the setting that sizes this container in the editor';
  reveal.addEventListener('click', () => send({ type: 'reveal', id: c.id }));
  head.appendChild(reveal);
  sec.appendChild(head);
  sec.appendChild(el('div', 'meta', metaLine(c)));
  if (c.error) {
    sec.appendChild(el('div', 'error', `Flink refuses this configuration at startup: ${c.error}`));
  } else {
    const bar = barSvg(c, scale, width);
    bar.setAttribute('aria-hidden', 'true');
    sec.appendChild(bar);
    if (over)
      sec.appendChild(
        el(
          'div',
          'error',
          `The process needs ${formatBytes((c.totalProcess ?? 0) - (c.limit ?? 0))} more than the container limit: the kernel kills it (OOMKilled) once the JVM grows past the limit.`,
        ),
      );
  }
  for (const n of c.notes) sec.appendChild(el('div', 'note', n));
  sec.appendChild(table(c));
  return sec;
}

function render(): void {
  if (!picture) return;
  const hadFocus = (document.activeElement as HTMLElement | null)?.dataset?.id;
  titleEl.textContent = `Memory layout · ${picture.file}`;
  document.title = `Flink memory layout · ${picture.file}`;
  const width = Math.max(320, listEl.clientWidth - 40);
  const scale = Math.max(1, ...picture.containers.map((c) => Math.max(c.totalProcess ?? 0, c.limit ?? 0)));
  listEl.replaceChildren(...picture.containers.map((c) => card(c, scale, width)));
  if (!picture.containers.length)
    listEl.appendChild(
      el(
        'p',
        'empty',
        `No JobManager or TaskManager memory settings in ${picture.file}: set taskmanager.memory.process.size / jobmanager.memory.process.size in the Flink config, or resource.memory in a FlinkDeployment.`,
      ),
    );
  const keep = hadFocus ?? state.focus;
  if (keep) {
    const target = listEl.querySelector<HTMLElement>(`.container[data-id="${CSS.escape(keep)}"]`);
    target?.classList.add('focused');
    if (hadFocus) target?.focus();
  }
}

function setTable(on: boolean): void {
  state = { ...state, table: on };
  save();
  tableBtn.setAttribute('aria-pressed', String(on));
  document.body.dataset.table = String(on);
}

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (m.type === 'picture') {
    picture = m.picture;
    state = { ...state, uri: m.uri, ...(m.focus ? { focus: m.focus } : {}) };
    save();
    document.body.dataset.state = 'ready';
    const n = picture.containers.length;
    statusEl.textContent = `${n} container${n === 1 ? '' : 's'} in ${picture.file}; the picture follows your edits.`;
    render();
    if (m.focus) {
      const target = listEl.querySelector<HTMLElement>(`.container[data-id="${CSS.escape(m.focus)}"]`);
      target?.scrollIntoView({ block: 'nearest' });
      target?.focus();
    }
  } else if (m.type === 'status') {
    document.body.dataset.state = 'stale';
    statusEl.textContent = picture ? `${m.message} Showing the last picture.` : m.message;
  }
});

listEl.addEventListener('keydown', (e) => {
  const sec = (e.target as HTMLElement).closest<HTMLElement>('.container');
  if (!sec || e.target !== sec) return;
  if (e.key === 'Enter' && sec.dataset.id) send({ type: 'reveal', id: sec.dataset.id });
  const all = [...listEl.querySelectorAll<HTMLElement>('.container')];
  const i = all.indexOf(sec);
  const next = e.key === 'ArrowDown' ? all[i + 1] : e.key === 'ArrowUp' ? all[i - 1] : undefined;
  if (next) {
    e.preventDefault();
    next.focus();
  }
});
listEl.addEventListener('focusin', (e) => {
  const id = (e.target as HTMLElement).closest<HTMLElement>('.container')?.dataset.id;
  if (id && id !== state.focus) {
    state = { ...state, focus: id };
    save();
  }
});
tableBtn.addEventListener('click', () => setTable(tableBtn.getAttribute('aria-pressed') !== 'true'));
let pending = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(render);
});

setTable(state.table === true);
send({ type: 'ready' });
