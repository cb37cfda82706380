// Markdown for a hover: the breakdown as Flink logs it at startup, and the headroom against the
// container's memory limit.
import type { JobManagerMemory, MemoryError, TaskManagerMemory } from './index';

const MIB = 1024n * 1024n;

/** "1.688 GiB" / "128 MiB" / "0 B": exact MiB where it is whole, else three decimals. */
export function formatBytes(bytes: bigint): string {
  const neg = bytes < 0n;
  const b = neg ? -bytes : bytes;
  const sign = neg ? '-' : '';
  if (b === 0n) return '0 B';
  if (b < MIB) return b % 1024n === 0n ? `${sign}${b / 1024n} KiB` : `${sign}${b} B`;
  if (b < 1024n * MIB)
    return b % MIB === 0n ? `${sign}${b / MIB} MiB` : `${sign}${(Number(b) / 2 ** 20).toFixed(3)} MiB`;
  return b % (1024n * MIB) === 0n
    ? `${sign}${b / (1024n * MIB)} GiB`
    : `${sign}${(Number(b) / 2 ** 30).toFixed(3)} GiB`;
}

export interface FormatOptions {
  /** The container's memory limit in bytes, to show the headroom. */
  limit?: bigint | number;
}

export function formatMemoryBreakdown(
  m: TaskManagerMemory | JobManagerMemory | MemoryError,
  options: FormatOptions = {},
): string {
  const who = m.role === 'taskmanager' ? 'TaskManager' : 'JobManager';
  const ver = `Flink ${m.version.version}${m.version.assumed ? ' (assumed: set the Flink version to be exact)' : ''}`;
  if ('error' in m)
    return `**${who} memory** (${ver})\n\nFlink refuses this configuration at startup:\n\n> ${m.error}\n`;
  const rows: [string, bigint][] =
    m.role === 'taskmanager'
      ? [
          ['Total Process Memory', m.totalProcess],
          ['&nbsp;&nbsp;Total Flink Memory', m.totalFlink],
          ['&nbsp;&nbsp;&nbsp;&nbsp;JVM Heap: Framework', m.frameworkHeap],
          ['&nbsp;&nbsp;&nbsp;&nbsp;JVM Heap: Task', m.taskHeap],
          ['&nbsp;&nbsp;&nbsp;&nbsp;Managed (off-heap)', m.managed],
          ['&nbsp;&nbsp;&nbsp;&nbsp;Direct: Framework Off-Heap', m.frameworkOffHeap],
          ['&nbsp;&nbsp;&nbsp;&nbsp;Direct: Task Off-Heap', m.taskOffHeap],
          ['&nbsp;&nbsp;&nbsp;&nbsp;Direct: Network', m.network],
          ['&nbsp;&nbsp;JVM Metaspace', m.jvmMetaspace],
          ['&nbsp;&nbsp;JVM Overhead', m.jvmOverhead],
        ]
      : [
          ['Total Process Memory', m.totalProcess],
          ['&nbsp;&nbsp;Total Flink Memory', m.totalFlink],
          ['&nbsp;&nbsp;&nbsp;&nbsp;JVM Heap', m.jvmHeap],
          ['&nbsp;&nbsp;&nbsp;&nbsp;Off-Heap', m.offHeap],
          ['&nbsp;&nbsp;JVM Metaspace', m.jvmMetaspace],
          ['&nbsp;&nbsp;JVM Overhead', m.jvmOverhead],
        ];
  const from = {
    'fine-grained': 'the fine-grained sizes',
    'flink-size': 'the total Flink memory',
    'process-size': 'the total process memory',
  }[m.derivedFrom];
  const lines = [
    `**${who} memory** (${ver}), derived from ${from}`,
    '',
    '| Component | Size |',
    '|---|---:|',
    ...rows.map(([name, b]) => `| ${name} | ${formatBytes(b)} |`),
    '',
    `JVM: \`-Xmx${m.jvmHeap}\` \`-XX:MaxDirectMemorySize=${m.jvmDirect}\` \`-XX:MaxMetaspaceSize=${m.jvmMetaspace}\``,
  ];
  if (options.limit !== undefined) {
    const limit = BigInt(options.limit);
    const headroom = limit - m.totalProcess;
    lines.push(
      '',
      headroom >= 0n
        ? `Container limit ${formatBytes(limit)}: headroom ${formatBytes(headroom)}.`
        : `Container limit ${formatBytes(limit)} is ${formatBytes(-headroom)} below the process size: the container will be OOMKilled.`,
    );
  }
  for (const n of m.notes) lines.push('', `_${n}_`);
  return lines.join('\n') + '\n';
}
