// Memory: Flink process sizes against container limits (OOMKilled), missing limits, the Kubernetes
// `m` (milli) unit trap, memory left unconfigured, sizes too small for Flink's defaults (flink.md §4).
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { lookup, type EffectiveConfig } from '../../flinkconf/cluster';
import { formatMiB, parseFlinkMemory, parseOperatorMemory, parseQuantity } from '../../flinkconf/values';
import { asObj, get, locate, str, type ManifestDoc, type PathSeg } from '../../model/parse';
import type { Role } from '../../model/workloads';
import { edit, fix, type RuleContext } from '../context';
import type { Fix } from '../types';
import { isCanary } from './operator';

const MIB = 1024 * 1024;
/** Smallest process sizes that start with all other memory options at their defaults (flink.md §4.3). */
const MIN_PROCESS: Record<Role, number> = { jobmanager: 577 * MIB, taskmanager: 982 * MIB };

export function checkMemory(ctx: RuleContext): void {
  checkMilliQuantities(ctx);
  const missingReported = new Set<string>();
  for (const ec of ctx.model.containers) {
    const role = ec.container.role;
    if (!role) continue;
    const proc = lookup(ec.values, `${role}.memory.process.size`);
    const bytes = proc?.value !== undefined ? parseFlinkMemory(proc.value) : undefined;
    const c = ec.container;
    const limitPath: PathSeg[] = [...c.path, 'resources', 'limits', 'memory'];
    const limitRaw = get(c.doc.object, limitPath);
    const limit = parseQuantity(limitRaw);
    if (proc && bytes !== undefined) {
      if (limitRaw === undefined) {
        ctx.report.at(
          c.doc,
          [...c.path, 'name'],
          'value',
          'warning',
          'memory-limit-missing',
          `The ${role} container has no memory limit while Flink sizes its process to ${proc.value} (${proc.key}). Without a limit the pod is scheduled without a memory reservation and may be OOM-killed or evicted under node pressure. Set resources.limits.memory (and requests) to ${formatMiB(bytes)}.`,
          limitFix(c.doc, c.path, formatMiB(bytes)),
        );
      } else if (limit !== undefined && limit < bytes) {
        ctx.report.at(
          c.doc,
          limitPath,
          'value',
          'error',
          'memory-exceeds-limit',
          `${proc.key} is ${proc.value} but the container's memory limit is ${str(limitRaw)} (${formatMiB(limit)}): once the JVM grows past the limit the kernel kills the container (OOMKilled). Set limits.memory to at least ${formatMiB(bytes)}, or lower ${proc.key}.`,
          [
            fix(
              `Set the memory limit to ${formatMiB(bytes)}`,
              edit(c.doc, offsetsOf(c.doc, limitPath), formatMiB(bytes)),
            ),
          ],
        );
      }
      const others = [...ec.values.keys()].filter((k) => k.startsWith(`${role}.memory.`) && k !== proc.key);
      if (!others.length && bytes < MIN_PROCESS[role]) {
        ctx.report.atOffsets(
          proc.doc,
          proc.valueOffsets,
          'error',
          'memory-too-small',
          `${proc.key}: ${proc.value} is too small for Flink's default memory components (JVM metaspace 256m, overhead at least 192m${role === 'taskmanager' ? ', framework heap and off-heap 128m each, network and managed memory' : ', off-heap 128m'}): the ${role} fails at startup with an IllegalConfigurationException. Use at least ${formatMiB(MIN_PROCESS[role])}.`,
        );
      }
    } else if (ec.file && !hasAnyMemoryConfig(ec, role)) {
      const id = `${ec.file.configMap.file}#${ec.file.configMap.index}#${ec.file.dataKey}#${role}`;
      if (!missingReported.has(id)) {
        missingReported.add(id);
        ctx.report.at(
          ec.file.configMap,
          ['data', ec.file.dataKey],
          'key',
          'error',
          'memory-not-configured',
          `The ${role} reads this file but none of ${role}.memory.process.size, ${role}.memory.flink.size or ${role === 'taskmanager' ? 'taskmanager.memory.task.heap.size with taskmanager.memory.managed.size' : 'jobmanager.memory.heap.size'} is set: Flink refuses to start ("Either required fine-grained memory ..., or Total Flink Memory size ..., or Total Process Memory size ... need to be configured explicitly"). Set ${role}.memory.process.size.`,
        );
      }
    }
    const flinkSize = ec.values.get(`${role}.memory.flink.size`);
    if (flinkSize && ec.values.get(`${role}.memory.process.size`)) {
      ctx.report.atOffsets(
        flinkSize.doc,
        flinkSize.keyOffsets,
        'warning',
        'memory-config-conflict',
        `Both ${role}.memory.process.size and ${role}.memory.flink.size are set: Flink warns that this "may lead to deployment failures due to potential memory configuration conflicts". In containers set only the process size.`,
      );
    }
  }
  checkOperatorMemory(ctx);
}

function hasAnyMemoryConfig(ec: EffectiveConfig, role: Role): boolean {
  const v = ec.values;
  if (lookup(v, `${role}.memory.process.size`) || v.get(`${role}.memory.flink.size`)) return true;
  return role === 'taskmanager'
    ? !!(v.get('taskmanager.memory.task.heap.size') && v.get('taskmanager.memory.managed.size'))
    : !!v.get('jobmanager.memory.heap.size');
}

function offsetsOf(md: ManifestDoc, path: PathSeg[]): [number, number] {
  const { node } = locate(md.yaml, path);
  const r = node?.range;
  return r ? [r[0], r[1]] : [md.offsets[0], md.offsets[0]];
}

/** Inserts `resources.limits.memory` (or `limits.memory` under an existing `resources`) into a container. */
function limitFix(md: ManifestDoc, containerPath: PathSeg[], value: string): Fix[] | undefined {
  const res = locate(md.yaml, [...containerPath, 'resources']);
  const target = res.missing === undefined ? res.node : locate(md.yaml, containerPath).node;
  if (!isMap(target)) return undefined;
  const at = insertionPoint(md, target as YAMLMap);
  if (!at) return undefined;
  const text =
    res.missing === undefined
      ? `\n${at.indent}limits:\n${at.indent}  memory: ${value}`
      : `\n${at.indent}resources:\n${at.indent}  limits:\n${at.indent}    memory: ${value}`;
  if (
    res.missing === undefined &&
    isMap(target) &&
    (target as YAMLMap).items.some((p) => isScalar(p.key) && p.key.value === 'limits')
  )
    return undefined;
  return [fix(`Add a memory limit of ${value}`, edit(md, [at.offset, at.offset], text))];
}

/** After the line of a single-line scalar pair of a block map, with that map's indentation. */
function insertionPoint(md: ManifestDoc, map: YAMLMap): { offset: number; indent: string } | undefined {
  if (map.flow) return undefined;
  for (const p of map.items) {
    const k = p.key,
      v = p.value;
    if (!isScalar(k) || !k.range || !isScalar(v) || !v.range) continue;
    const kpos = md.lines.position(k.range[0]);
    const vpos = md.lines.position(v.range[1]);
    if (kpos.line !== vpos.line) continue;
    return { offset: md.lines.lineEnd(kpos.line), indent: ' '.repeat(kpos.character) };
  }
  return undefined;
}

/** `memory: 1600m` in a pod spec means 1.6 bytes (flink.md §4.4). */
function checkMilliQuantities(ctx: RuleContext): void {
  for (const t of ctx.model.templates) {
    if (t.operator) continue;
    for (const c of t.containers) {
      for (const kind of ['limits', 'requests']) {
        const path: PathSeg[] = [...c.path, 'resources', kind, 'memory'];
        const raw = get(c.doc.object, path);
        if (typeof raw !== 'string' || !/^\d+(\.\d+)?m$/.test(raw.trim())) continue;
        const meant = raw.trim().slice(0, -1) + 'Mi';
        ctx.report.at(
          c.doc,
          path,
          'value',
          'error',
          'memory-milli-unit',
          `${kind}.memory: ${raw} means ${raw.trim().slice(0, -1)} thousandths of a byte in Kubernetes ("m" is milli), so the container cannot start or is killed at once. Flink's "m" means MiB; Kubernetes writes that as ${meant}.`,
          [fix(`Change to ${meant}`, edit(c.doc, offsetsOf(c.doc, path), meant))],
        );
      }
    }
  }
}

function checkOperatorMemory(ctx: RuleContext): void {
  for (const d of ctx.model.byKind.get('FlinkDeployment') ?? []) {
    if (isCanary(d) || !asObj(d.object?.spec)) continue;
    const conf = ctx.model.operatorConfigs.get(d);
    for (const [field, role] of [
      ['jobManager', 'jobmanager'],
      ['taskManager', 'taskmanager'],
    ] as const) {
      const spec = asObj(get(d.object, ['spec', field]));
      const paths: PathSeg[][] = [
        ['spec', field, 'resource', 'memory'],
        ['spec', field, 'resources', 'limits', 'memory'],
        ['spec', field, 'resources', 'requests', 'memory'],
      ];
      const path = paths.find((p) => get(d.object, p) !== undefined);
      const fromConf = conf?.entries.find(
        (e) => e.key === `${role}.memory.process.size` || e.key === `${role}.memory.flink.size`,
      );
      if (!path) {
        if (!fromConf) {
          ctx.report.at(
            d,
            spec ? ['spec', field] : ['spec'],
            'key',
            'error',
            'operator-memory-missing',
            `The operator rejects this FlinkDeployment: "${field === 'jobManager' ? 'JobManager' : 'TaskManager'} resource memory must be defined using spec.${field}.resource.memory" (or resources.requests.memory in newer CRDs). Set it, e.g. memory: "2048m".`,
          );
        }
        continue;
      }
      const raw = get(d.object, path);
      const bytes = parseOperatorMemory(raw);
      if (bytes === undefined) {
        ctx.report.at(
          d,
          path,
          'value',
          'error',
          'operator-memory-invalid',
          `The operator cannot read memory "${str(raw)}": write a Flink size such as 2048m or a Kubernetes quantity such as 2Gi.`,
        );
      } else if (bytes < MIN_PROCESS[role] && !conf?.entries.some((e) => e.key.startsWith(`${role}.memory.`))) {
        ctx.report.at(
          d,
          path,
          'value',
          'error',
          'memory-too-small',
          `${str(raw)} becomes ${role}.memory.process.size, which is too small for Flink's default memory components: the ${role} fails at startup. Use at least ${formatMiB(MIN_PROCESS[role])}.`,
        );
      }
    }
  }
}
