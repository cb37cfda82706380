// Hover with Flink's own memory breakdown: over a memory option of a ConfigMap's Flink config and
// over a Flink container's memory limit, the components Flink derives at startup for that
// container (core/flinkconf/memory), with the headroom against the limit or the OOMKill coming.
import * as vscode from 'vscode';
import { buildModel, type EffectiveConfig } from '../../core/flinkconf/cluster';
import { containerMemory } from '../../core/flinkconf/memory/container';
import { MEMORY_KEYS, formatMemoryBreakdown } from '../../core/flinkconf/memory';
import { offsetsAt, parseManifests } from '../../core/model/parse';

const memoryKeys = new Set(MEMORY_KEYS);
const within = (o: number, [a, b]: [number, number]) => o >= a && o <= b;
const roleOfKey = (key: string) => (key.startsWith('jobmanager.') ? 'jobmanager' : 'taskmanager');

/** The container whose memory the hovered text decides, with the range hovered. */
function hovered(containers: EffectiveConfig[], offset: number): [EffectiveConfig, [number, number]] | undefined {
  for (const ec of containers) {
    if (!ec.container.role) continue;
    const limit = offsetsAt(ec.container.doc, [...ec.container.path, 'resources', 'limits', 'memory']);
    if (limit[0] !== limit[1] && within(offset, limit)) return [ec, limit];
  }
  for (const ec of containers) {
    if (!ec.container.role) continue;
    for (const [key, entry] of ec.values) {
      if (!memoryKeys.has(key) || roleOfKey(key) !== ec.container.role) continue;
      const range: [number, number] = [entry.keyOffsets[0], entry.valueOffsets[1]];
      if (within(offset, range)) return [ec, range];
    }
  }
  return undefined;
}

export function memoryHoverProvider(): vscode.HoverProvider {
  return {
    provideHover(document, position) {
      const line = document.lineAt(position.line).text;
      // Cheap filter first: only lines that can be a memory option or a memory limit.
      if (!/memory|heap|\.mb\b|numberOfBuffers/i.test(line)) return undefined;
      const set = parseManifests([{ path: document.uri.fsPath, text: document.getText() }]);
      const model = buildModel(set);
      const hit = hovered(model.containers, document.offsetAt(position));
      if (!hit) return undefined;
      const [ec, [start, end]] = hit;
      const mem = containerMemory(ec, model);
      if (!mem) return undefined;
      const md = new vscode.MarkdownString(formatMemoryBreakdown(mem.result, { limit: mem.limit }));
      return new vscode.Hover(md, new vscode.Range(document.positionAt(start), document.positionAt(end)));
    },
  };
}
