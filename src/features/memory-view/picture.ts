// The memory layout of every Flink container a manifest describes, from Flink's own derivation
// (core/flinkconf/memory), and where the CodeLenses go: above `<role>.memory.process.size` in a
// ConfigMap's (or bare file's) Flink config and above a FlinkDeployment's `<role>.resource`.
// No `vscode` import: unit-tested with plain Node and shared with the page tests.
import { basename } from 'node:path';
import { buildModel, operatorVersion, versionOfConfigMap, type FlinkModel } from '../../core/flinkconf/cluster';
import {
  computeJobManagerMemory,
  computeTaskManagerMemory,
  isMemoryError,
  type MemoryBreakdown,
  type MemoryError,
} from '../../core/flinkconf/memory';
import { containerMemory } from '../../core/flinkconf/memory/container';
import type { ConfigBlock, ConfigEntry } from '../../core/flinkconf/parse-config';
import { parseOperatorMemory } from '../../core/flinkconf/values';
import type { FlinkVersion } from '../../core/flinkconf/version';
import { asObj, get, offsetsAt, parseManifests, str, type ManifestDoc, type PathSeg } from '../../core/model/parse';
import type { ContainerPicture, MemoryPicture, MemorySegment } from './protocol';

type Role = 'jobmanager' | 'taskmanager';

/** Where a CodeLens goes and which containers it opens. */
export interface LensAnchor {
  line: number;
  role: Role;
  ids: string[];
}

export interface MemoryLayout {
  picture: MemoryPicture;
  anchors: LensAnchor[];
}

const ROLES: Role[] = ['jobmanager', 'taskmanager'];
const WHO: Record<Role, string> = { jobmanager: 'JobManager', taskmanager: 'TaskManager' };
const FROM = {
  'fine-grained': 'the fine-grained sizes',
  'flink-size': 'the total Flink memory',
  'process-size': 'the process size',
} as const;

/** Cheap test before parsing: only documents that can hold a lens. */
export function mayHaveMemoryLens(text: string): boolean {
  return /memory\.process\.size|heap\.size|heap\.mb|resource\s*:/.test(text);
}

export function memoryLayout(text: string, path: string, defaultVersion?: string): MemoryLayout {
  const set = parseManifests([{ path, text }]);
  const model = buildModel(set, defaultVersion);
  const containers: ContainerPicture[] = [];
  const anchors: LensAnchor[] = [];
  const line = (md: ManifestDoc, offset: number) => md.lines.position(offset).line;

  // Standalone containers: each with its effective config and its limit.
  const ids = new Map<object, string>();
  for (const ec of model.containers) {
    const mem = containerMemory(ec, model);
    if (!mem) continue;
    const t = ec.template.doc;
    const id = `${t.kind}/${t.name ?? '?'}#${t.index}/${ec.container.name ?? '?'}`;
    ids.set(ec, id);
    const sizing = ec.values.get(`${mem.role}.memory.process.size`) ?? ec.values.get(`${mem.role}.memory.flink.size`);
    const limitPath = [...ec.container.path, 'resources', 'limits', 'memory'];
    const limitRaw = get(t.object, limitPath);
    containers.push(
      picture(id, mem.role, `${WHO[mem.role]} · ${t.kind} ${t.name ?? ''} / ${ec.container.name ?? ''}`, mem.result, {
        versionKnown: mem.versionKnown,
        limit: mem.limit,
        limitText: limitRaw === undefined ? undefined : str(limitRaw),
        limitMissing: limitRaw === undefined ? 'the container sets no memory limit' : undefined,
        line: sizing ? line(sizing.doc, sizing.keyOffsets[0]) : line(t, offsetsAt(t, ec.container.path, 'key')[0]),
      }),
    );
  }

  // Lenses above the process size in every config block; blocks no container reads get their own picture.
  for (const [block, readers] of configBlocks(model)) {
    for (const role of ROLES) {
      const entry = lensEntry(block.entries, role);
      if (!entry) continue;
      const reading = readers.filter((ec) => ec.container.role === role).flatMap((ec) => ids.get(ec) ?? []);
      if (!reading.length) {
        const id = `${block.doc.kind ?? 'file'}/${block.doc.name ?? basename(path)}#${block.doc.index}/${block.path.join('.')}/${role}`;
        const version = block.doc.kind === 'ConfigMap' ? versionOfConfigMap(model, block.doc) : model.defaultVersion;
        containers.push(
          picture(id, role, `${WHO[role]} · ${where(block)}`, compute(role, valuesOf(block.entries), version), {
            versionKnown: !!version,
            limitMissing: 'no container in this file reads this configuration, so no memory limit is known',
            line: line(entry.doc, entry.keyOffsets[0]),
          }),
        );
        reading.push(id);
      }
      anchors.push({ line: line(entry.doc, entry.keyOffsets[0]), role, ids: reading });
    }
  }

  for (const d of model.byKind.get('FlinkDeployment') ?? []) operatorPictures(model, d, containers, anchors);
  return { picture: { file: basename(path), containers }, anchors: mergeAnchors(anchors) };
}

/** Config blocks of the file (ConfigMap data files, bare config files, FLINK_PROPERTIES) and the containers that read each. */
function configBlocks(model: FlinkModel): Map<ConfigBlock, FlinkModel['containers']> {
  const out = new Map<ConfigBlock, FlinkModel['containers']>();
  for (const [cm, files] of model.configFiles)
    for (const [dataKey, block] of files)
      out.set(
        block,
        model.containers.filter((ec) => ec.file?.configMap === cm && ec.file.dataKey === dataKey),
      );
  for (const block of model.configFileBlocks) out.set(block, []);
  for (const ec of model.containers) if (ec.env) out.set(ec.env, [...(out.get(ec.env) ?? []), ec]);
  return out;
}

function lensEntry(entries: ConfigEntry[], role: Role): ConfigEntry | undefined {
  const keys = [`${role}.memory.process.size`, `${role}.memory.flink.size`, `${role}.heap.size`, `${role}.heap.mb`];
  for (const k of keys) {
    const e = entries.find((x) => x.key === k);
    if (e) return e;
  }
  return undefined;
}

function where(block: ConfigBlock): string {
  const d = block.doc;
  if (d.kind === 'ConfigMap') return `ConfigMap ${d.name ?? ''} (${String(block.path[block.path.length - 1] ?? '')})`;
  return d.configFile ?? 'Flink configuration';
}

function valuesOf(entries: ConfigEntry[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) if (e.value !== undefined) m.set(e.key, e.value);
  return m;
}

function compute(role: Role, values: Map<string, string>, version?: FlinkVersion): MemoryBreakdown | MemoryError {
  return role === 'taskmanager' ? computeTaskManagerMemory(values, version) : computeJobManagerMemory(values, version);
}

/**
 * The operator writes `<role>.resource.memory` into `<role>.memory.process.size` and sizes the pod's
 * memory limit as that times `kubernetes.<role>.memory.limit-factor` (default 1).
 */
function operatorPictures(model: FlinkModel, d: ManifestDoc, out: ContainerPicture[], anchors: LensAnchor[]): void {
  const conf = model.operatorConfigs.get(d);
  const values = conf ? valuesOf(conf.entries) : new Map<string, string>();
  const version = operatorVersion(d) ?? model.defaultVersion;
  for (const [field, role] of [
    ['jobManager', 'jobmanager'],
    ['taskManager', 'taskmanager'],
  ] as const) {
    const spec = asObj(get(d.object, ['spec', field]));
    if (!spec) continue;
    const id = `FlinkDeployment/${d.name ?? '?'}#${d.index}/${field}`;
    const resourcePath: PathSeg[] = ['spec', field, 'resource'];
    const raw = get(d.object, [...resourcePath, 'memory']);
    const bytes = parseOperatorMemory(raw);
    const factor = Number(values.get(`kubernetes.${role}.memory.limit-factor`) ?? '1');
    const own = new Map(values);
    if (bytes !== undefined) own.set(`${role}.memory.process.size`, `${Math.floor(bytes)}b`);
    const result: MemoryBreakdown | MemoryError =
      raw !== undefined && bytes === undefined
        ? { role, version: compute(role, own, version).version, error: `resource.memory "${str(raw)}" is not a size` }
        : compute(role, own, version);
    const anchorPath = asObj(spec.resource) ? resourcePath : ['spec', field];
    const at = d.lines.position(offsetsAt(d, anchorPath, 'key')[0]).line;
    out.push(
      picture(id, role, `${WHO[role]} · FlinkDeployment ${d.name ?? ''}`, result, {
        versionKnown: !!version,
        limit: bytes !== undefined && Number.isFinite(factor) && factor >= 1 ? Math.floor(bytes * factor) : undefined,
        limitText:
          bytes === undefined ? undefined : `${str(raw)}${factor !== 1 ? ` × limit-factor ${String(factor)}` : ''}`,
        limitMissing: bytes === undefined ? `spec.${field}.resource.memory is not set` : undefined,
        line: at,
      }),
    );
    anchors.push({ line: at, role, ids: [id] });
  }
}

interface Extra {
  versionKnown: boolean;
  limit?: number;
  limitText?: string;
  limitMissing?: string;
  line: number;
}

function picture(id: string, role: Role, title: string, m: MemoryBreakdown | MemoryError, x: Extra): ContainerPicture {
  const base = {
    id,
    role,
    title: title.trim(),
    flinkVersion: m.version.version,
    versionAssumed: !x.versionKnown || m.version.assumed,
    limit: x.limit,
    limitText: x.limitText,
    limitMissing: x.limit === undefined ? (x.limitMissing ?? 'the memory limit could not be read') : undefined,
    line: x.line,
  };
  if (isMemoryError(m)) return { ...base, segments: [], error: m.error, notes: [] };
  const n = (b: bigint) => Number(b);
  const segments: MemorySegment[] =
    m.role === 'taskmanager'
      ? [
          { label: 'Framework Heap', group: 'heap', bytes: n(m.frameworkHeap) },
          { label: 'Task Heap', group: 'heap', bytes: n(m.taskHeap) },
          { label: 'Managed Memory', group: 'managed', bytes: n(m.managed) },
          { label: 'Framework Off-Heap', group: 'direct', bytes: n(m.frameworkOffHeap) },
          { label: 'Task Off-Heap', group: 'direct', bytes: n(m.taskOffHeap) },
          { label: 'Network', group: 'direct', bytes: n(m.network) },
          { label: 'JVM Metaspace', group: 'metaspace', bytes: n(m.jvmMetaspace) },
          { label: 'JVM Overhead', group: 'overhead', bytes: n(m.jvmOverhead) },
        ]
      : [
          { label: 'JVM Heap', group: 'heap', bytes: n(m.jvmHeap) },
          { label: 'Off-Heap', group: 'direct', bytes: n(m.offHeap) },
          { label: 'JVM Metaspace', group: 'metaspace', bytes: n(m.jvmMetaspace) },
          { label: 'JVM Overhead', group: 'overhead', bytes: n(m.jvmOverhead) },
        ];
  return { ...base, derivedFrom: FROM[m.derivedFrom], segments, totalProcess: n(m.totalProcess), notes: m.notes };
}

/** One lens per line: the ConfigMap and FLINK_PROPERTIES of the same line never collide, but be safe. */
function mergeAnchors(anchors: LensAnchor[]): LensAnchor[] {
  const byLine = new Map<string, LensAnchor>();
  for (const a of anchors) {
    const k = `${a.line}:${a.role}`;
    const had = byLine.get(k);
    if (had) had.ids = [...new Set([...had.ids, ...a.ids])];
    else byLine.set(k, { ...a, ids: [...a.ids] });
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/** The lens title: the first container's process size against its limit, or what is wrong. */
export function lensTitle(layout: MemoryLayout, anchor: LensAnchor): string {
  const shown = anchor.ids.flatMap((id) => layout.picture.containers.filter((c) => c.id === id));
  const first = shown[0];
  if (!first) return 'Memory layout';
  if (first.error) return `Memory layout: ${WHO[first.role]} refused by Flink`;
  const over = shown.find((c) => c.limit !== undefined && (c.totalProcess ?? 0) > c.limit);
  if (over)
    return `Memory layout: ${WHO[over.role]} exceeds its limit by ${mib((over.totalProcess ?? 0) - (over.limit ?? 0))}`;
  const total = first.totalProcess ?? 0;
  const limit = first.limit !== undefined ? ` of ${mib(first.limit)} limit` : '';
  return `Memory layout: ${WHO[first.role]} ${mib(total)}${limit}${shown.length > 1 ? ` (${shown.length} containers)` : ''}`;
}

function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} MiB`;
}
