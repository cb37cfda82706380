// Pure: checkpoint statistics -> the chart's view model (protocol.ts).
import type { CheckpointVertexSummary } from '../../flink/job-graph-checkpoints';
import type { CheckpointingStatistics } from '../../flink/types';
import type { CheckpointDetail, CheckpointPoint, CheckpointsView } from './protocol';

export function buildCheckpoints(stats: CheckpointingStatistics | undefined): CheckpointsView {
  if (!stats) return { history: [], missing: 'checkpointing is not enabled for this job' };
  const history: CheckpointPoint[] = [...(stats.history ?? [])]
    .sort((a, b) => a.id - b.id)
    .map((c) => ({
      id: c.id,
      status: c.status,
      isSavepoint: c.is_savepoint,
      triggeredAt: c.trigger_timestamp,
      durationMs: Math.max(0, c.end_to_end_duration ?? 0),
      sizeBytes: c.checkpointed_size ?? c.state_size ?? 0,
      ...(c.failure_message ? { failureMessage: c.failure_message } : {}),
    }));
  const f = stats.latest?.failed;
  return {
    history,
    counts: {
      completed: stats.counts?.completed ?? 0,
      failed: stats.counts?.failed ?? 0,
      inProgress: stats.counts?.in_progress ?? 0,
      total: stats.counts?.total ?? 0,
    },
    ...(f
      ? {
          latestFailure: {
            id: f.id,
            at: f.failure_timestamp ?? f.trigger_timestamp,
            message: f.failure_message ?? 'Flink gave no reason',
          },
        }
      : {}),
    ...(history.length ? {} : { missing: 'no checkpoint has been taken yet' }),
  };
}

export function buildCheckpointDetail(
  checkpointId: number,
  vertices: Array<{ id: string; name: string; summary?: CheckpointVertexSummary; error?: string }>,
): CheckpointDetail {
  const missing = vertices.filter((v) => v.error).map((v) => `${v.name}: ${v.error}`);
  return {
    checkpointId,
    vertices: vertices.map((v) => ({
      vertexId: v.id,
      name: v.name,
      ...(v.summary?.endToEnd !== undefined ? { endToEndMs: v.summary.endToEnd } : {}),
      ...(v.summary?.sync !== undefined ? { syncMs: v.summary.sync } : {}),
      ...(v.summary?.async !== undefined ? { asyncMs: v.summary.async } : {}),
      ...(v.summary?.alignment !== undefined ? { alignmentMs: v.summary.alignment } : {}),
      ...(v.summary?.startDelay !== undefined ? { startDelayMs: v.summary.startDelay } : {}),
      ...(v.summary?.checkpointedSize !== undefined ? { sizeBytes: v.summary.checkpointedSize } : {}),
    })),
    missing,
  };
}
