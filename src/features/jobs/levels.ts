// The children of the job-detail and log levels, each from one request. No vscode; model.ts
// calls them with the cluster's client.
import type { FlinkClient } from '../../flink/client';
import type { TaskManagerInfo } from '../../flink/types';
import { formatBytes } from './format';
import type { JobsNode } from './nodes';

type Section = Extract<JobsNode, { kind: 'section' }>;

/** Checkpoints, exceptions or configuration of a job (vertices come with the job level). */
export async function sectionChildren(
  client: FlinkClient,
  node: Section,
  signal: AbortSignal,
  historySize: number,
): Promise<JobsNode[]> {
  const base = { clusterId: node.clusterId, jobId: node.jobId };
  if (node.section === 'checkpoints') {
    const cp = await client.checkpoints(node.jobId, { signal });
    if (!cp)
      return [{ id: `${node.id}/off`, kind: 'info', label: 'Checkpointing is not enabled for this job', icon: 'info' }];
    const c = cp.counts;
    const out: JobsNode[] = [
      {
        id: `${node.id}/counts`,
        kind: 'info',
        label: 'Counts',
        description: `${c.completed} completed · ${c.failed} failed · ${c.in_progress} in progress · ${c.restored} restored`,
        icon: 'graph',
      },
    ];
    const { completed, savepoint, failed } = cp.latest;
    if (completed)
      out.push({
        id: `${node.id}/latest-completed`,
        kind: 'checkpoint',
        ...base,
        checkpoint: completed,
        role: 'latest completed',
      });
    if (savepoint)
      out.push({
        id: `${node.id}/latest-savepoint`,
        kind: 'checkpoint',
        ...base,
        checkpoint: savepoint,
        role: 'latest savepoint',
      });
    if (failed)
      out.push({
        id: `${node.id}/latest-failed`,
        kind: 'checkpoint',
        ...base,
        checkpoint: failed,
        role: 'latest failed',
      });
    for (const h of cp.history.slice(0, historySize))
      out.push({ id: `${node.id}/h/${h.id}`, kind: 'checkpoint', ...base, checkpoint: h });
    return out;
  }
  if (node.section === 'exceptions') {
    const ex = await client.exceptions(node.jobId, { signal });
    if (!ex.entries.length) return [{ id: `${node.id}/none`, kind: 'info', label: 'No exceptions', icon: 'pass' }];
    return ex.entries.map((exception, i) => ({
      id: `${node.id}/${exception.timestamp}-${i}`,
      kind: 'exception',
      ...base,
      exception,
    }));
  }
  const cfg = await client.jobConfig(node.jobId, { signal });
  const ec = cfg['execution-config'] ?? {};
  // 2.x no longer reports execution-mode; rows that are absent are left out.
  const rows: Array<[string, unknown]> = [
    ['execution-mode', ec['execution-mode']],
    ['restart-strategy', ec['restart-strategy']],
    ['job-parallelism', ec['job-parallelism']],
    ['object-reuse-mode', ec['object-reuse-mode']],
  ];
  for (const [k, v] of Object.entries(ec['user-config'] ?? {})) rows.push([k, v]);
  return rows
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ({
      id: `${node.id}/${k}`,
      kind: 'info',
      label: k,
      description: String(v),
      tooltip: `${k}: ${String(v)}`,
      icon: 'symbol-property',
    }));
}

/** Log files of a TaskManager (after its slots and memory) or, without `tm`, of the JobManager. */
export async function logChildren(
  client: FlinkClient,
  clusterId: string,
  nodeId: string,
  tm: TaskManagerInfo | undefined,
  signal: AbortSignal,
): Promise<JobsNode[]> {
  const taskManagerId = tm?.id;
  const files = taskManagerId
    ? await client.taskManagerLogs(taskManagerId, { signal })
    : await client.jobManagerLogs({ signal });
  const out: JobsNode[] = [];
  if (tm) {
    out.push({
      id: `${nodeId}/slots`,
      kind: 'info',
      label: 'Slots',
      description: `${tm.slotsNumber} (${tm.freeSlots} free)`,
      icon: 'layers',
    });
    const m = tm.memoryConfiguration;
    if (m)
      out.push({
        id: `${nodeId}/memory`,
        kind: 'info',
        label: 'Memory',
        description: `process ${formatBytes(m.totalProcessMemory)} · heap ${formatBytes((m.taskHeap ?? 0) + (m.frameworkHeap ?? 0))} · managed ${formatBytes(m.managedMemory)} · network ${formatBytes(m.networkMemory)}`,
        icon: 'dashboard',
      });
  }
  if (!files.length) out.push({ id: `${nodeId}/nologs`, kind: 'info', label: 'No log files', icon: 'info' });
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name)))
    out.push({ id: `${nodeId}/log/${file.name}`, kind: 'logFile', clusterId, taskManagerId, file });
  return out;
}
