// The table alternative to the graph (for screen readers, and a toggle for everyone) and the
// vertex side panel (per-subtask table, watermarks, accumulators). Text goes in with textContent.
import type { GraphSnapshot, VertexDetail } from '../../../src/features/jobgraph/protocol';
import { fmtBytesRate, fmtCount, fmtPct, fmtRate, fmtWatermark } from './format';

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function table(caption: string, head: string[], rows: Array<Array<string | HTMLElement>>): HTMLTableElement {
  const t = h('table');
  t.append(h('caption', caption));
  const tr = h('tr');
  for (const c of head) {
    const th = h('th', c);
    th.scope = 'col';
    tr.append(th);
  }
  t.append(h('thead'));
  t.tHead?.append(tr);
  const body = h('tbody');
  for (const r of rows) {
    const row = h('tr');
    for (const c of r) {
      const td = h('td');
      if (typeof c === 'string') td.textContent = c;
      else td.append(c);
      row.append(td);
    }
    body.append(row);
  }
  t.append(body);
  return t;
}

export function renderVertexTable(host: HTMLElement, s: GraphSnapshot, onSelect: (id: string) => void): void {
  const inputs = new Map<string, string[]>();
  for (const e of s.edges) inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
  const nameOf = new Map(s.vertices.map((v) => [v.id, v.name]));
  const rows = s.vertices.map((v) => {
    const f = v.figures;
    const name = h('button', v.name, 'link');
    name.dataset.id = v.id;
    name.addEventListener('click', () => onSelect(v.id));
    const from = (inputs.get(v.id) ?? [])
      .map((src) => {
        const e = s.edges.find((x) => x.source === src && x.target === v.id);
        return `${nameOf.get(src) ?? src}${e?.shipStrategy ? ` (${e.shipStrategy})` : ''}`;
      })
      .join('; ');
    return [
      name,
      String(v.parallelism),
      v.status,
      fmtPct(f.busy),
      fmtPct(f.backpressured),
      fmtPct(f.idle),
      `${fmtRate(f.recordsIn)} / ${fmtRate(f.recordsOut)}`,
      `${fmtBytesRate(f.bytesIn)} / ${fmtBytesRate(f.bytesOut)}`,
      from || 'none (source)',
    ];
  });
  host.replaceChildren(
    table(
      `Vertices of ${s.jobName} (${s.jobState})`,
      ['Vertex', 'Parallelism', 'Status', 'Busy', 'Back-pressured', 'Idle', 'Records in/out', 'Bytes in/out', 'Inputs'],
      rows,
    ),
  );
}

export function renderDetail(host: HTMLElement, d: VertexDetail, openLogs: (taskManagerId: string) => void): void {
  const parts: HTMLElement[] = [];
  const summary = h(
    'p',
    `Parallelism ${d.parallelism}${d.backpressureLevel ? ` · back pressure sample: ${d.backpressureLevel}` : ''}`,
  );
  parts.push(summary);
  if (d.missing.length) parts.push(h('p', `Not available: ${d.missing.join('; ')}`, 'missing'));
  const rows = d.subtasks.map((s) => {
    let tm: string | HTMLElement = s.endpoint ?? s.taskManagerId ?? '–';
    if (s.taskManagerId) {
      const b = h('button', s.endpoint ?? s.taskManagerId, 'link');
      b.title = `Open the logs of TaskManager ${s.taskManagerId}`;
      const id = s.taskManagerId;
      b.addEventListener('click', () => openLogs(id));
      tm = b;
    }
    return [
      String(s.subtask),
      s.status,
      tm,
      fmtPct(s.busy),
      fmtPct(s.backpressured),
      fmtPct(s.idle),
      `${fmtCount(s.recordsIn)} / ${fmtCount(s.recordsOut)}`,
      fmtWatermark(s.watermark, d.takenAt),
    ];
  });
  parts.push(
    table(
      'Subtasks',
      ['#', 'Status', 'TaskManager', 'Busy', 'Back-pressured', 'Idle', 'Records in/out (total)', 'Watermark'],
      rows,
    ),
  );
  parts.push(
    d.accumulators.length
      ? table(
          'Accumulators',
          ['Name', 'Type', 'Value'],
          d.accumulators.map((a) => [a.name, a.type, a.value]),
        )
      : h('p', 'No user accumulators.'),
  );
  host.replaceChildren(...parts);
}
