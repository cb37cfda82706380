// The checkpoint history tab: a uPlot chart (duration bars coloured by state, checkpointed size as a
// line on its own axis) in the theme's chart colours, the latest failure's reason, a table of the
// same checkpoints (keyboard and screen readers) and, for the checkpoint picked, each vertex's
// end-to-end, sync, async and alignment durations.
import uPlot from 'uplot';
import type { CheckpointDetail, CheckpointsView } from '../../../src/features/jobgraph/protocol';

const css = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

const fmtMs = (ms: number | undefined) =>
  ms === undefined ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const fmtBytes = (b: number | undefined) =>
  b === undefined
    ? '–'
    : b >= 1 << 30
      ? `${(b / (1 << 30)).toFixed(1)} GiB`
      : b >= 1 << 20
        ? `${(b / (1 << 20)).toFixed(1)} MiB`
        : b >= 1 << 10
          ? `${(b / (1 << 10)).toFixed(1)} KiB`
          : `${b} B`;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function table(caption: string, head: string[], rows: Array<Array<string | HTMLElement>>): HTMLTableElement {
  const t = h('table');
  t.append(h('caption', caption));
  const hr = h('tr');
  for (const c of head) {
    const th = h('th', c);
    th.scope = 'col';
    hr.append(th);
  }
  const thead = h('thead');
  thead.append(hr);
  const body = h('tbody');
  for (const r of rows) {
    const tr = h('tr');
    for (const c of r) {
      const td = h('td');
      if (typeof c === 'string') td.textContent = c;
      else td.append(c);
      tr.append(td);
    }
    body.append(tr);
  }
  t.append(thead, body);
  return t;
}

export class CheckpointsTab {
  private plot: uPlot | undefined;
  private ids: number[] = [];
  private selected: number | undefined;

  constructor(
    private readonly chartEl: HTMLElement,
    private readonly infoEl: HTMLElement,
    private readonly detailEl: HTMLElement,
    private readonly onSelect: (checkpointId: number) => void,
  ) {}

  render(v: CheckpointsView): void {
    this.ids = v.history.map((c) => c.id);
    const parts: HTMLElement[] = [];
    if (v.history.length)
      parts.push(
        h('p', 'Bars: duration (completed, failed, in progress); line: checkpointed size (right axis).', 'note'),
      );
    if (v.counts)
      parts.push(
        h(
          'p',
          `${v.counts.completed} completed · ${v.counts.failed} failed · ${v.counts.inProgress} in progress (of ${v.counts.total})`,
        ),
      );
    if (v.latestFailure) {
      const p = h('p', undefined, 'failure');
      p.textContent = `Latest failure: checkpoint ${v.latestFailure.id} at ${new Date(v.latestFailure.at).toLocaleTimeString()}: ${v.latestFailure.message}`;
      parts.push(p);
    }
    if (v.missing) parts.push(h('p', `Not available: ${v.missing}`, 'missing'));
    const rows = [...v.history].reverse().map((c) => {
      const b = h('button', String(c.id), 'link');
      b.dataset.checkpoint = String(c.id);
      b.addEventListener('click', () => this.select(c.id));
      return [
        b,
        `${c.status}${c.isSavepoint ? ' (savepoint)' : ''}`,
        new Date(c.triggeredAt).toLocaleTimeString(),
        fmtMs(c.durationMs),
        fmtBytes(c.sizeBytes),
        c.failureMessage ?? '',
      ];
    });
    if (rows.length)
      parts.push(table('Checkpoints, newest first', ['Id', 'State', 'Triggered', 'Duration', 'Size', 'Failure'], rows));
    this.infoEl.replaceChildren(...parts);
    this.draw(v);
  }

  renderDetail(d: CheckpointDetail): void {
    if (d.checkpointId !== this.selected) return;
    const rows = d.vertices.map((r) => [
      r.name,
      fmtMs(r.endToEndMs),
      fmtMs(r.syncMs),
      fmtMs(r.asyncMs),
      fmtMs(r.alignmentMs),
      fmtMs(r.startDelayMs),
      fmtBytes(r.sizeBytes),
    ]);
    const parts: HTMLElement[] = [
      table(
        `Checkpoint ${d.checkpointId} per vertex (slowest subtask)`,
        ['Vertex', 'End to end', 'Sync', 'Async', 'Alignment', 'Start delay', 'Size'],
        rows,
      ),
    ];
    if (d.missing.length) parts.push(h('p', `Not available: ${d.missing.join('; ')}`, 'missing'));
    this.detailEl.replaceChildren(...parts);
    this.detailEl.dataset.checkpoint = String(d.checkpointId);
  }

  private select(id: number): void {
    this.selected = id;
    this.detailEl.replaceChildren(h('p', `Loading checkpoint ${id}…`));
    this.onSelect(id);
  }

  private draw(v: CheckpointsView): void {
    const x = v.history.map((_, i) => i);
    const only = (s: string) => v.history.map((c) => (c.status === s ? c.durationMs : null));
    const data: uPlot.AlignedData = [
      x,
      only('COMPLETED'),
      only('FAILED'),
      only('IN_PROGRESS'),
      v.history.map((c) => c.sizeBytes),
    ];
    const fg = css('--vscode-editor-foreground', '#cccccc');
    const grid = css('--vscode-panel-border', '#3c3c3c');
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const ids = this.ids;
    const opts: uPlot.Options = {
      width: Math.max(320, this.chartEl.clientWidth || 600),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        ms: { auto: true },
        bytes: { auto: true },
      },
      axes: [
        {
          stroke: fg,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          values: (_u, splits) =>
            splits.map((i) => (Number.isInteger(i) && ids[i] !== undefined ? String(ids[i]) : '')),
        },
        { scale: 'ms', stroke: fg, grid: { stroke: grid }, values: (_u, s) => s.map((ms) => fmtMs(ms)), size: 60 },
        {
          scale: 'bytes',
          side: 1,
          stroke: fg,
          grid: { show: false },
          values: (_u, s) => s.map((b) => fmtBytes(b)),
          size: 70,
        },
      ],
      series: [
        {},
        {
          label: 'completed',
          scale: 'ms',
          fill: css('--vscode-charts-green', '#89d185'),
          stroke: css('--vscode-charts-green', '#89d185'),
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
        },
        {
          label: 'failed',
          scale: 'ms',
          fill: css('--vscode-charts-red', '#f14c4c'),
          stroke: css('--vscode-charts-red', '#f14c4c'),
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
        },
        {
          label: 'in progress',
          scale: 'ms',
          fill: css('--vscode-charts-yellow', '#cca700'),
          stroke: css('--vscode-charts-yellow', '#cca700'),
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
        },
        { label: 'size', scale: 'bytes', stroke: css('--vscode-charts-blue', '#3794ff'), width: 2 },
      ],
    };
    this.plot?.destroy();
    this.chartEl.replaceChildren();
    if (!v.history.length) return;
    this.plot = new uPlot(opts, data, this.chartEl);
    this.plot.over.addEventListener('click', () => {
      const i = this.plot?.cursor.idx;
      const id = i === null || i === undefined ? undefined : ids[i];
      if (id !== undefined) this.select(id);
    });
    this.chartEl.dataset.points = String(v.history.length);
  }
}
