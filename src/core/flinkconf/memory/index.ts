// Flink's memory model for the JobManager and the TaskManager, computed as Flink computes it at startup
// (BashJavaUtils GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS, i.e. TaskExecutorProcessUtils and
// JobManagerProcessUtils) for Flink 1.17 .. 2.3. Pure: no I/O. Byte counts are bigint (Java longs).
// Not modelled: the FLINK_TM_HEAP / FLINK_JM_HEAP environment variables of Flink 1.x, and external
// resources (GPUs), which do not change memory.
import { jobManagerMemory } from './jobmanager';
import { ConfigReader, JM, TM } from './options';
import type { DerivedFrom } from './process';
import { MemoryConfigError, parseMemorySize } from './size';
import { taskManagerMemory } from './taskmanager';
import { memoryModelVersion, type MemoryModelVersion } from './version';
import type { FlinkVersion } from '../version';

export { formatMemoryBreakdown } from './format';
export { MEMORY_KEYS } from './options';
export { MEMORY_MODEL_VERSIONS, memoryModelVersion, type MemoryModelVersion } from './version';
export { parseMemorySize } from './size';
export type { DerivedFrom } from './process';

export type MemoryConfig = ReadonlyMap<string, string> | Record<string, string>;

interface Common {
  version: MemoryModelVersion;
  /** Which settings drove the derivation: fine-grained sizes, the total Flink size or the process size. */
  derivedFrom: DerivedFrom;
  jvmMetaspace: bigint;
  jvmOverhead: bigint;
  totalFlink: bigint;
  totalProcess: bigint;
  /** -Xmx/-Xms and -XX:MaxDirectMemorySize as Flink passes them. */
  jvmHeap: bigint;
  jvmDirect: bigint;
  /** What Flink logs at INFO/WARN while deriving (fractions capped to min/max, small heap). */
  notes: string[];
}

export interface TaskManagerMemory extends Common {
  role: 'taskmanager';
  frameworkHeap: bigint;
  taskHeap: bigint;
  frameworkOffHeap: bigint;
  taskOffHeap: bigint;
  network: bigint;
  managed: bigint;
  cpuCores: number;
  numSlots: number;
}

export interface JobManagerMemory extends Common {
  role: 'jobmanager';
  offHeap: bigint;
}

/** Flink would refuse to start with this configuration; `error` is Flink's own message. */
export interface MemoryError {
  role: 'taskmanager' | 'jobmanager';
  version: MemoryModelVersion;
  error: string;
}

export type MemoryBreakdown = TaskManagerMemory | JobManagerMemory;

export function isMemoryError(r: MemoryBreakdown | MemoryError): r is MemoryError {
  return 'error' in r;
}

export function computeTaskManagerMemory(
  config: MemoryConfig,
  version?: FlinkVersion | string,
): TaskManagerMemory | MemoryError {
  const v = memoryModelVersion(version);
  const notes: string[] = [];
  let c = new ConfigReader(config);
  try {
    if (v.legacy) {
      try {
        c = mapLegacyHeap(c, TM.legacyHeap, TM.legacyHeapMb, TM.flinkSize.key);
      } catch (e) {
        throw new MemoryConfigError(`TaskManager failed to map legacy JVM heap option to the new one: ${message(e)}`);
      }
    }
    try {
      const m = taskManagerMemory(c, v, notes);
      const f = m.flink;
      const jvmDirect = f.frameworkOffHeap + f.taskOffHeap + f.network;
      const totalFlink = f.frameworkHeap + f.taskHeap + jvmDirect + f.managed;
      return {
        role: 'taskmanager',
        version: v,
        derivedFrom: m.derivedFrom,
        ...f,
        jvmMetaspace: m.metaspace,
        jvmOverhead: m.overhead,
        totalFlink,
        totalProcess: totalFlink + m.metaspace + m.overhead,
        jvmHeap: f.frameworkHeap + f.taskHeap,
        jvmDirect,
        cpuCores: m.cpuCores,
        numSlots: m.numSlots,
        notes,
      };
    } catch (e) {
      throw new MemoryConfigError(`TaskManager memory configuration failed: ${message(e)}`);
    }
  } catch (e) {
    return { role: 'taskmanager', version: v, error: message(e) };
  }
}

export function computeJobManagerMemory(
  config: MemoryConfig,
  version?: FlinkVersion | string,
): JobManagerMemory | MemoryError {
  const v = memoryModelVersion(version);
  const notes: string[] = [];
  try {
    let c = new ConfigReader(config);
    try {
      // Flink 1.x reads the legacy jobmanager.heap.size as the JVM heap, and wraps every error.
      if (v.legacy) c = mapLegacyHeap(c, JM.legacyHeap, JM.legacyHeapMb, JM.heap.key);
      const m = jobManagerMemory(c, notes);
      const totalFlink = m.flink.heap + m.flink.offHeap;
      return {
        role: 'jobmanager',
        version: v,
        derivedFrom: m.derivedFrom,
        offHeap: m.flink.offHeap,
        jvmMetaspace: m.metaspace,
        jvmOverhead: m.overhead,
        totalFlink,
        totalProcess: totalFlink + m.metaspace + m.overhead,
        jvmHeap: m.flink.heap,
        jvmDirect: m.flink.offHeap,
        notes,
      };
    } catch (e) {
      throw v.legacy ? new MemoryConfigError(`JobManager memory configuration failed: ${message(e)}`) : e;
    }
  } catch (e) {
    return { role: 'jobmanager', version: v, error: message(e) };
  }
}

/** MemoryBackwardsCompatibilityUtils: a legacy heap setting stands in for a new option that is not set. */
function mapLegacyHeap(
  c: ConfigReader,
  heap: typeof TM.legacyHeap,
  heapMb: typeof TM.legacyHeapMb,
  target: string,
): ConfigReader {
  if (c.contains({ key: target, parse: parseMemorySize })) return c;
  if (c.contains(heap)) return c.set(target, `${c.size(heap)}b`);
  if (c.contains(heapMb)) {
    const mb = c.get(heapMb) ?? 0;
    if (mb < 0) throw new MemoryConfigError(`Configured total process memory size (${mb}MB) must not be less than 0.`);
    return c.set(target, `${BigInt(mb) << 20n}b`);
  }
  return c;
}

function message(e: unknown): string {
  if (e instanceof MemoryConfigError) return e.message;
  // Anything else is a bug in this port, not a configuration problem: keep it visible.
  throw e;
}
