// The memory options Flink's process utilities read, with their defaults and deprecated keys, and a
// reader that resolves and parses them lazily, as Flink's Configuration does: a value that is never
// read never fails. Defaults are the same in every supported version (1.17 .. 2.3); the 1.x-only legacy
// options are marked.
import { javaTrim, LONG_MAX, MemoryConfigError, parseMemorySize } from './size';

export interface Option<T> {
  key: string;
  deprecated?: string[];
  default?: T;
  parse: (raw: string) => T;
}

const MIB = 1024n * 1024n;
const memory = (key: string, dflt?: bigint, deprecated?: string[]): Option<bigint> => ({
  key,
  default: dflt,
  deprecated,
  parse: parseMemorySize,
});
const float = (key: string, dflt: number, deprecated?: string[]): Option<number> => ({
  key,
  default: Math.fround(dflt),
  deprecated,
  parse: (raw) => Math.fround(parseJavaDouble(raw)),
});

export const TM = {
  processSize: memory('taskmanager.memory.process.size'),
  flinkSize: memory('taskmanager.memory.flink.size'),
  frameworkHeap: memory('taskmanager.memory.framework.heap.size', 128n * MIB),
  frameworkOffHeap: memory('taskmanager.memory.framework.off-heap.size', 128n * MIB),
  taskHeap: memory('taskmanager.memory.task.heap.size'),
  taskOffHeap: memory('taskmanager.memory.task.off-heap.size', 0n),
  managedSize: memory('taskmanager.memory.managed.size', undefined, ['taskmanager.memory.size']),
  managedFraction: float('taskmanager.memory.managed.fraction', 0.4),
  networkMin: memory('taskmanager.memory.network.min', 64n * MIB, ['taskmanager.network.memory.min']),
  networkMax: memory('taskmanager.memory.network.max', LONG_MAX, ['taskmanager.network.memory.max']),
  networkFraction: float('taskmanager.memory.network.fraction', 0.1, ['taskmanager.network.memory.fraction']),
  metaspace: memory('taskmanager.memory.jvm-metaspace.size', 256n * MIB),
  overheadMin: memory('taskmanager.memory.jvm-overhead.min', 192n * MIB),
  overheadMax: memory('taskmanager.memory.jvm-overhead.max', 1024n * MIB),
  overheadFraction: float('taskmanager.memory.jvm-overhead.fraction', 0.1),
  cpuCores: { key: 'taskmanager.cpu.cores', parse: parseJavaDouble } as Option<number>,
  numSlots: { key: 'taskmanager.numberOfTaskSlots', default: 1, parse: parseJavaInt } as Option<number>,
  /** Flink 1.x only: `taskmanager.heap.size` / `.mb`, read as the total Flink memory by the start scripts. */
  legacyHeap: memory('taskmanager.heap.size'),
  legacyHeapMb: { key: 'taskmanager.heap.mb', parse: parseJavaInt } as Option<number>,
  /** Flink 1.x only: the network buffer count, times the segment size. */
  legacyNetworkBuffers: {
    key: 'taskmanager.network.numberOfBuffers',
    default: 2048,
    parse: parseJavaInt,
  } as Option<number>,
  segmentSize: memory('taskmanager.memory.segment-size', 32n * 1024n),
};

export const JM = {
  processSize: memory('jobmanager.memory.process.size'),
  flinkSize: memory('jobmanager.memory.flink.size'),
  heap: memory('jobmanager.memory.heap.size'),
  offHeap: memory('jobmanager.memory.off-heap.size', 128n * MIB),
  metaspace: memory('jobmanager.memory.jvm-metaspace.size', 256n * MIB),
  overheadMin: memory('jobmanager.memory.jvm-overhead.min', 192n * MIB),
  overheadMax: memory('jobmanager.memory.jvm-overhead.max', 1024n * MIB),
  overheadFraction: float('jobmanager.memory.jvm-overhead.fraction', 0.1),
  /** Flink 1.x only: `jobmanager.heap.size` / `.mb`, read as the JVM heap by the start scripts. */
  legacyHeap: memory('jobmanager.heap.size'),
  legacyHeapMb: { key: 'jobmanager.heap.mb', parse: parseJavaInt } as Option<number>,
};

/** Every key the memory model reads (for hover and for telling which settings matter). */
export const MEMORY_KEYS: readonly string[] = [...Object.values(TM), ...Object.values(JM)].flatMap((o) => [
  o.key,
  ...(o.deprecated ?? []),
]);

/** Configuration lookups as Flink does them: the key, then its deprecated keys, in order. */
export class ConfigReader {
  private readonly map: Map<string, string>;
  constructor(config: ReadonlyMap<string, string> | Record<string, string>) {
    this.map = config instanceof Map ? new Map(config) : new Map(Object.entries(config));
  }

  private raw<T>(o: Option<T>): { key: string; value: string } | undefined {
    for (const key of [o.key, ...(o.deprecated ?? [])]) {
      const value = this.map.get(key);
      if (value !== undefined) return { key, value };
    }
    return undefined;
  }

  contains(o: Option<unknown>): boolean {
    return this.raw(o) !== undefined;
  }

  /** The configured key that supplies an option (the key itself or a deprecated one). */
  sourceKey(o: Option<unknown>): string | undefined {
    return this.raw(o)?.key;
  }

  /** Configuration.get: the parsed value, the default, or undefined. */
  get<T>(o: Option<T>): T | undefined {
    const r = this.raw(o);
    if (!r) return o.default;
    try {
      return o.parse(r.value);
    } catch (e) {
      throw new MemoryConfigError(
        `Could not parse value '${r.value}' for key '${r.key}'${e instanceof Error ? `: ${e.message}` : ''}.`,
      );
    }
  }

  /** ProcessMemoryUtils.getMemorySizeFromConfig: a size that must be there. */
  size(o: Option<bigint>): bigint {
    let v: bigint | undefined;
    try {
      v = this.get(o);
    } catch (e) {
      throw new MemoryConfigError(
        `Cannot read memory size from config option '${o.key}'. ${e instanceof Error ? e.message : ''}`,
      );
    }
    if (v === undefined) throw new MemoryConfigError(`Cannot read memory size from config option '${o.key}'.`);
    return v;
  }

  set(key: string, value: string): ConfigReader {
    const copy = new ConfigReader(this.map);
    copy.map.set(key, value);
    return copy;
  }
}

/** Double.parseDouble / Float.parseFloat: decimal or NaN/Infinity, optional f/d suffix, surrounding blanks. */
export function parseJavaDouble(raw: string): number {
  const t = javaTrim(raw);
  const m = /^([+-]?)(?:(NaN|Infinity)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?)$/.exec(t);
  if (!m) throw new MemoryConfigError(`For input string: "${raw}"`);
  if (m[2] === 'NaN') return NaN;
  return Number((m[1] ?? '') + (m[2] ?? m[3]));
}

/** Integer.parseInt (no blanks allowed, 32-bit range). */
export function parseJavaInt(raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) throw new MemoryConfigError(`For input string: "${raw}"`);
  const n = Number(raw);
  if (n > 2147483647 || n < -2147483648) throw new MemoryConfigError(`For input string: "${raw}"`);
  return n;
}
