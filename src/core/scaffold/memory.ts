// Memory sizes for the scaffold. Options hold whole MiB; Flink writes them as `1600m` (binary MiB in Flink)
// and Kubernetes as `1600Mi` (in Kubernetes `m` means milli, so `1600m` would be 1.6 bytes).

/** Below these the process cannot start with Flink's default memory fractions (docs/reference/flink.md §4.3). */
export const MIN_JOBMANAGER_MIB = 768;
export const MIN_TASKMANAGER_MIB = 1024;
export const MAX_PROCESS_MIB = 512 * 1024;

const UNIT_MIB: Record<string, number> = {
  '': 1,
  m: 1,
  mb: 1,
  mi: 1,
  mib: 1,
  g: 1024,
  gb: 1024,
  gi: 1024,
  gib: 1024,
};

/** Parses `1600m`, `1600Mi`, `2g`, `2Gi` or a bare number of MiB into whole MiB; undefined when not a size. */
export function parseMemoryMiB(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const factor = UNIT_MIB[(m[2] ?? '').toLowerCase()];
  if (factor === undefined) return undefined;
  const mib = Number(m[1]) * factor;
  return Number.isInteger(mib) ? mib : undefined;
}

/** Flink MemorySize text (`m` = MiB). */
export function flinkMemory(mib: number): string {
  return `${mib}m`;
}

/** Kubernetes quantity text (`Mi`). */
export function kubeMemory(mib: number): string {
  return `${mib}Mi`;
}

/** Why a process size is unusable, or undefined when it is fine. */
export function checkProcessMemory(mib: number, role: 'jobmanager' | 'taskmanager'): string | undefined {
  const min = role === 'jobmanager' ? MIN_JOBMANAGER_MIB : MIN_TASKMANAGER_MIB;
  if (!Number.isInteger(mib)) return 'Use whole MiB, e.g. 1600m or 2g.';
  if (mib < min)
    return `The ${role === 'jobmanager' ? 'JobManager' : 'TaskManager'} needs at least ${min}m: below that Flink's default metaspace, overhead and ${role === 'jobmanager' ? 'off-heap' : 'network/managed'} memory leave no heap and it fails at start-up.`;
  if (mib > MAX_PROCESS_MIB) return `At most ${MAX_PROCESS_MIB / 1024}g.`;
  return undefined;
}
