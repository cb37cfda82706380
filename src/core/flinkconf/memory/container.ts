// The memory breakdown of one Flink container of a manifest set (for the hover over a memory key or a
// container's memory limit, and for the OOMKilled rule): its effective config, its Flink version, its limit.
import type { EffectiveConfig, FlinkModel } from '../cluster';
import { parseQuantity } from '../values';
import type { FlinkVersion } from '../version';
import { get } from '../../model/parse';
import { computeJobManagerMemory, computeTaskManagerMemory, type MemoryBreakdown, type MemoryError } from './index';

const LEGACY_KEYS = ['taskmanager.heap.size', 'taskmanager.heap.mb', 'jobmanager.heap.size', 'jobmanager.heap.mb'];

export interface ContainerMemory {
  role: 'jobmanager' | 'taskmanager';
  result: MemoryBreakdown | MemoryError;
  /** The container's resources.limits.memory in bytes, when set and readable. */
  limit?: number;
  /** False when the Flink version was not told by the manifest and the model assumed one. */
  versionKnown: boolean;
}

/** The config values Flink reads (YAML nulls dropped). */
export function plainValues(ec: EffectiveConfig): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, e] of ec.values) if (e.value !== undefined) out.set(k, e.value);
  return out;
}

/** Unknown version (custom image): a config with Flink 1.x heap keys was written for 1.x, which honours them. */
export function versionOf(ec: EffectiveConfig, model?: Pick<FlinkModel, 'defaultVersion'>): FlinkVersion | undefined {
  const known = ec.version ?? model?.defaultVersion;
  if (known) return known;
  return LEGACY_KEYS.some((k) => ec.values.has(k)) ? { major: 1, minor: 20 } : undefined;
}

export function containerMemory(
  ec: EffectiveConfig,
  model?: Pick<FlinkModel, 'defaultVersion'>,
): ContainerMemory | undefined {
  const role = ec.container.role;
  if (!role) return undefined;
  const values = plainValues(ec);
  const version = versionOf(ec, model);
  const result =
    role === 'taskmanager' ? computeTaskManagerMemory(values, version) : computeJobManagerMemory(values, version);
  const limit = parseQuantity(get(ec.container.doc.object, [...ec.container.path, 'resources', 'limits', 'memory']));
  return { role, result, limit, versionKnown: !!(ec.version ?? model?.defaultVersion) };
}
