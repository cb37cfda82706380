// Memory: Flink process sizes against container limits (OOMKilled), missing limits, the Kubernetes
// `m` (milli) unit trap, memory left unconfigured, and settings Flink refuses at startup, all from Flink's
// own memory model (flinkconf/memory), so that flink.size and fine-grained settings count too (flink.md §4).
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { lookup, operatorVersion, type EffectiveConfig } from '../../flinkconf/cluster';
import {
  computeJobManagerMemory,
  computeTaskManagerMemory,
  isMemoryError,
  type JobManagerMemory,
  type MemoryError,
  type TaskManagerMemory,
} from '../../flinkconf/memory';
import { plainValues, versionOf } from '../../flinkconf/memory/container';
import type { FlinkVersion } from '../../flinkconf/version';
import { formatMiB, parseOperatorMemory, parseQuantity } from '../../flinkconf/values';
import { asObj, get, locate, str, type ManifestDoc, type PathSeg } from '../../model/parse';
import type { Role } from '../../model/workloads';
import { edit, fix, type RuleContext } from '../context';
import type { Fix } from '../types';
import { isCanary } from './operator';

const NOT_CONFIGURED = /Either required fine-grained memory/;

type Breakdown = TaskManagerMemory | JobManagerMemory;

/** Flink's own breakdown (or its refusal) for one role, from the container's effective config. */
function compute(role: Role, values: Map<string, string>, version: FlinkVersion | undefined): Breakdown | MemoryError {
  return role === 'taskmanager' ? computeTaskManagerMemory(values, version) : computeJobManagerMemory(values, version);
}

/** The smallest whole-MiB value of `key` that Flink accepts with everything else unchanged, if any up to 1 TiB. */
function smallestAccepted(
  role: Role,
  values: Map<string, string>,
  key: string,
  version?: FlinkVersion,
): number | undefined {
  const ok = (mib: number) => !isMemoryError(compute(role, new Map(values).set(key, `${mib}m`), version));
  let lo = 1,
    hi = 1024 * 1024;
  if (!ok(hi)) return undefined;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function checkMemory(ctx: RuleContext): void {
  checkMilliQuantities(ctx);
  const missingReported = new Set<string>();
  for (const ec of ctx.model.containers) {
    const role = ec.container.role;
    if (!role) continue;
    const values = plainValues(ec);
    const version = versionOf(ec, ctx.model);
    const result = compute(role, values, version);
    const proc = lookup(ec.values, `${role}.memory.process.size`);
    const sizeEntry = proc ?? ec.values.get(`${role}.memory.flink.size`);
    const c = ec.container;
    const limitPath: PathSeg[] = [...c.path, 'resources', 'limits', 'memory'];
    const limitRaw = get(c.doc.object, limitPath);
    const limit = parseQuantity(limitRaw);
    if (!isMemoryError(result)) {
      const bytes = Number(result.totalProcess);
      const source = proc
        ? `${proc.key} is ${proc.value}`
        : `Flink sizes the ${role} process to ${formatMiB(bytes)} (derived from ${derivedFromText(result)}${assumedText(result, !!(ec.version ?? ctx.model.defaultVersion))})`;
      if (limitRaw === undefined) {
        ctx.report.at(
          c.doc,
          [...c.path, 'name'],
          'value',
          'warning',
          'memory-limit-missing',
          `The ${role} container has no memory limit while ${source}. Without a limit the pod is scheduled without a memory reservation and may be OOM-killed or evicted under node pressure. Set resources.limits.memory (and requests) to ${formatMiB(bytes)}.`,
          limitFix(c.doc, c.path, formatMiB(bytes)),
        );
      } else if (limit !== undefined && limit < bytes) {
        ctx.report.at(
          c.doc,
          limitPath,
          'value',
          'error',
          'memory-exceeds-limit',
          `${source} but the container's memory limit is ${str(limitRaw)} (${formatMiB(limit)}): once the JVM grows past the limit the kernel kills the container (OOMKilled). Flink ${result.version.version} needs ${formatMiB(bytes)}: heap ${approxMiB(result.jvmHeap)}, direct ${approxMiB(result.jvmDirect)}${result.role === 'taskmanager' ? `, managed ${approxMiB(result.managed)}` : ''}, metaspace ${approxMiB(result.jvmMetaspace)}, overhead ${approxMiB(result.jvmOverhead)}. Set limits.memory to at least ${formatMiB(bytes)}, or lower ${proc?.key ?? 'the memory settings'}.`,
          [
            fix(
              `Set the memory limit to ${formatMiB(bytes)}`,
              edit(c.doc, offsetsOf(c.doc, limitPath), formatMiB(bytes)),
            ),
          ],
        );
      }
    } else if (NOT_CONFIGURED.test(result.error)) {
      // Flink 2.x no longer reads the 1.x heap keys, so there only the model's answer counts.
      if (ec.file && (!result.version.legacy || !hasAnyMemoryConfig(ec, role))) {
        const id = `${ec.file.configMap.file}#${ec.file.configMap.index}#${ec.file.dataKey}#${role}`;
        if (!missingReported.has(id)) {
          missingReported.add(id);
          ctx.report.at(
            ec.file.configMap,
            ['data', ec.file.dataKey],
            'key',
            'error',
            'memory-not-configured',
            `The ${role} reads this file but none of ${role}.memory.process.size, ${role}.memory.flink.size or ${role === 'taskmanager' ? 'taskmanager.memory.task.heap.size with taskmanager.memory.managed.size' : 'jobmanager.memory.heap.size'} is set${values.has(`${role}.heap.size`) || values.has(`${role}.heap.mb`) ? ` (${role}.heap.size was removed in Flink 2.0; this is Flink ${result.version.version})` : ''}: Flink refuses to start ("Either required fine-grained memory ..., or Total Flink Memory size ..., or Total Process Memory size ... need to be configured explicitly"). Set ${role}.memory.process.size.`,
          );
        }
      }
    } else {
      // Flink refuses these settings at startup: report where the size is set, with Flink's own words.
      const at = sizeEntry ?? [...ec.values.values()].find((e) => e.key.startsWith(`${role}.memory.`));
      if (at) {
        const others = [...ec.values.keys()].filter((k) => k.startsWith(`${role}.memory.`) && k !== at.key);
        const least = sizeEntry && !others.length ? smallestAccepted(role, values, sizeEntry.key, version) : undefined;
        ctx.report.atOffsets(
          at.doc,
          at.valueOffsets,
          'error',
          least !== undefined ? 'memory-too-small' : 'memory-config-invalid',
          least !== undefined
            ? `${at.key}: ${at.value} is too small for Flink's memory components: the ${role} fails at startup with an IllegalConfigurationException (Flink ${result.version.version}: "${result.error}"). Use at least ${least}m.`
            : `Flink ${result.version.version} refuses this ${role} memory configuration at startup: "${result.error}"`,
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

function assumedText(m: Breakdown | MemoryError, known: boolean): string {
  return known ? '' : ` (assuming Flink ${m.version.version}: set the image tag or flinkVersion to be exact)`;
}

/** Components rounded to whole MiB, so that they add up as the reader expects. */
function approxMiB(bytes: bigint): string {
  return `${Math.round(Number(bytes) / (1024 * 1024))}Mi`;
}

function derivedFromText(m: Breakdown): string {
  return {
    'fine-grained': 'the fine-grained sizes',
    'flink-size': 'the total Flink memory',
    'process-size': 'the process size',
  }[m.derivedFrom];
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
      } else if (!conf?.entries.some((e) => e.key.startsWith(`${role}.memory.`))) {
        // The operator turns the resource memory into the process size; Flink then derives the rest.
        const values = new Map(
          (conf?.entries ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.key, e.value] as [string, string]])),
        );
        const key = `${role}.memory.process.size`;
        const version = operatorVersion(d) ?? ctx.model.defaultVersion;
        const result = compute(role, values.set(key, `${bytes}b`), version);
        if (isMemoryError(result)) {
          const least = smallestAccepted(role, values, key, version);
          ctx.report.at(
            d,
            path,
            'value',
            'error',
            'memory-too-small',
            `${str(raw)} becomes ${key}, which is too small for Flink's memory components: the ${role} fails at startup (Flink ${result.version.version}: "${result.error}").${least !== undefined ? ` Use at least ${least}m.` : ''}`,
          );
        }
      }
    }
  }
}
