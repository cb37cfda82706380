// Which Flink versions the memory model knows, and what differs between them. The derivation is the
// same from 1.17 to 2.3; Flink 2.0 removed the 1.x legacy options (taskmanager.heap.size/.mb,
// jobmanager.heap.size/.mb, taskmanager.network.numberOfBuffers), which 1.x still honours.
import { parseVersion, type FlinkVersion } from '../version';

export const MEMORY_MODEL_VERSIONS = ['1.17', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3'] as const;

export interface MemoryModelVersion {
  /** The version computed for, e.g. "1.20"; outside the known range, the nearest known one. */
  version: string;
  /** True when the requested version was outside 1.17 .. 2.3 (or unreadable) and a neighbour was assumed. */
  assumed: boolean;
  /** Flink 1.x reads the legacy heap and network-buffer options. */
  legacy: boolean;
}

export function memoryModelVersion(v: FlinkVersion | string | undefined): MemoryModelVersion {
  const parsed = typeof v === 'string' || v === undefined ? parseVersion(v) : v;
  const newest = MEMORY_MODEL_VERSIONS[MEMORY_MODEL_VERSIONS.length - 1] ?? '2.3';
  if (!parsed) return { version: newest, assumed: true, legacy: false };
  const text = `${parsed.major}.${parsed.minor}`;
  if ((MEMORY_MODEL_VERSIONS as readonly string[]).includes(text))
    return { version: text, assumed: false, legacy: parsed.major < 2 };
  if (parsed.major < 1 || (parsed.major === 1 && parsed.minor < 17))
    return { version: MEMORY_MODEL_VERSIONS[0], assumed: true, legacy: true };
  if (parsed.major === 1) return { version: '1.20', assumed: true, legacy: true };
  return { version: newest, assumed: true, legacy: false };
}
