// The exceptions tab: root exception and history with full stack traces; frames whose source the
// host found in the workspace are buttons that open the file at the line.
import { parseFrame } from '../../../src/features/jobgraph/frames';
import type { ExceptionsView } from '../../../src/features/jobgraph/protocol';

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export function renderExceptions(
  host: HTMLElement,
  v: ExceptionsView,
  openFrame: (path: string, line: number) => void,
): void {
  const linked = new Set(v.workspacePaths);
  const parts: HTMLElement[] = [];
  if (v.missing) parts.push(h('p', `Not available: ${v.missing}`, 'missing'));
  else if (!v.entries.length) parts.push(h('p', 'No exceptions: the job has not failed or restarted.'));
  if (v.truncated) parts.push(h('p', 'Flink kept only the latest exceptions (web.exception-history-size).', 'note'));
  v.entries.forEach((e, i) => {
    const d = h('details');
    d.open = i === 0;
    const where = [e.taskName, e.endpoint].filter(Boolean).join(' on ');
    const summary = h(
      'summary',
      `${i === 0 ? 'Root exception · ' : ''}${new Date(e.timestamp).toLocaleString()} · ${e.name}: ${e.message}${where ? ` · ${where}` : ''}${e.concurrent ? ` · +${e.concurrent} concurrent` : ''}`,
    );
    const pre = h('pre', undefined, 'stack');
    for (const line of e.stacktrace.split('\n')) {
      const f = parseFrame(line);
      if (f && linked.has(f.path)) {
        const b = h('button', line, 'link frame');
        b.title = `Open ${f.path}:${f.line}`;
        b.addEventListener('click', () => openFrame(f.path, f.line));
        pre.append(b, document.createTextNode('\n'));
      } else pre.append(document.createTextNode(`${line}\n`));
    }
    d.append(summary, pre);
    parts.push(d);
  });
  host.replaceChildren(...parts);
  host.dataset.entries = String(v.entries.length);
}
