// Pure: REST answers -> the page's view model (protocol.ts). No vscode, no network.
import type { Accumulator, BackpressureInfo, JobDetailsWithPlan, JobPlan, VertexDetails } from '../../flink/job-graph';
import type { VertexFigures } from '../../flink/metrics';
import type { GraphEdge, GraphSnapshot, GraphVertex, SubtaskRow, VertexDetail } from './protocol';

export const TERMINAL_JOB_STATES: ReadonlySet<string> = new Set(['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED']);

export function edgesOf(plan: JobPlan | undefined): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const n of plan?.nodes ?? [])
    for (const i of n.inputs ?? [])
      edges.push({ source: i.id, target: n.id, ...(i.ship_strategy ? { shipStrategy: i.ship_strategy } : {}) });
  return edges;
}

export function buildSnapshot(
  details: Omit<JobDetailsWithPlan, 'plan'> & { plan?: JobPlan },
  figures: ReadonlyMap<string, VertexFigures>,
  takenAt: number,
  missing: string[],
  flinkVersion?: string,
): GraphSnapshot {
  const known = new Set(details.vertices.map((v) => v.id));
  const vertices: GraphVertex[] = details.vertices.map((v) => ({
    id: v.id,
    name: v.name,
    parallelism: v.parallelism,
    status: v.status,
    figures: { ...(figures.get(v.id) ?? {}) },
  }));
  // Plan nodes that are not vertices (never seen, but a plan is free-form in 1.x) are dropped with their edges.
  const edges = edgesOf(details.plan).filter((e) => known.has(e.source) && known.has(e.target));
  return {
    jobId: details.jid,
    jobName: details.name,
    jobState: details.state,
    ...(flinkVersion ? { flinkVersion } : {}),
    vertices,
    edges,
    takenAt,
    missing,
  };
}

export function buildDetail(
  v: VertexDetails,
  parts: {
    backpressure?: BackpressureInfo;
    watermarks?: ReadonlyMap<number, number>;
    accumulators?: Accumulator[];
    subtaskFigures?: ReadonlyMap<number, VertexFigures>;
  },
  takenAt: number,
  missing: string[],
): VertexDetail {
  const bp = parts.backpressure?.status === 'ok' ? parts.backpressure : undefined;
  const bpBySubtask = new Map((bp?.subtasks ?? []).map((s) => [s.subtask, s]));
  const subtasks: SubtaskRow[] = v.subtasks.map((s) => {
    const f = parts.subtaskFigures?.get(s.subtask) ?? {};
    const b = bpBySubtask.get(s.subtask);
    const row: SubtaskRow = { subtask: s.subtask, status: s.status };
    const tm = s['taskmanager-id'];
    if (tm && tm !== '(unassigned)') row.taskManagerId = tm;
    const endpoint = s.endpoint ?? s.host;
    if (endpoint && endpoint !== '(unassigned)') row.endpoint = endpoint;
    // Live ms/s from the metrics; the back pressure sample's ratios (0..1) when the metric is missing.
    const busy = f.busy ?? (b?.busyRatio !== undefined ? b.busyRatio * 1000 : undefined);
    const bpv = f.backpressured ?? (b?.ratio !== undefined ? b.ratio * 1000 : undefined);
    const idle = f.idle ?? (b?.idleRatio !== undefined ? b.idleRatio * 1000 : undefined);
    if (busy !== undefined) row.busy = busy;
    if (bpv !== undefined) row.backpressured = bpv;
    if (idle !== undefined) row.idle = idle;
    if (b?.level) row.backpressureLevel = b.level;
    const m = s.metrics;
    if (m?.['read-records'] !== undefined) row.recordsIn = m['read-records'];
    if (m?.['write-records'] !== undefined) row.recordsOut = m['write-records'];
    const wm = parts.watermarks?.get(s.subtask);
    if (wm !== undefined && wm > -9.2e18) row.watermark = wm;
    return row;
  });
  return {
    vertexId: v.id,
    name: v.name,
    parallelism: v.parallelism,
    subtasks,
    accumulators: parts.accumulators ?? [],
    ...(bp?.level ? { backpressureLevel: bp.level } : {}),
    takenAt,
    missing,
  };
}
