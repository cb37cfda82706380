// The job graph endpoints of the REST API: the plan (nodes and edges with ship strategies) from
// GET /jobs/:id, and the per-vertex details the side panel needs (subtasks with their TaskManager,
// back pressure sampling, watermarks, accumulators). No vscode; every call is abortable.
import { flinkRequest, type HttpOptions } from './http';
import type { ExecutionState, IOMetrics, JobDetails } from './types';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface PlanInput {
  num?: number;
  id: string;
  ship_strategy?: string;
  local_strategy?: string;
  exchange?: string;
}

export interface PlanNode {
  id: string;
  parallelism: number;
  operator?: string;
  operator_strategy?: string;
  description: string;
  inputs?: PlanInput[];
}

export interface JobPlan {
  jid: string;
  name: string;
  type?: string;
  nodes: PlanNode[];
}

/** GET /jobs/:id with its `plan` (raw JSON in 1.x, a typed object since 2.1: same field names). */
export type JobDetailsWithPlan = JobDetails & { plan?: JobPlan | string };

export async function jobDetailsWithPlan(http: HttpOptions, jobId: string, o: CallOptions = {}) {
  const d = await flinkRequest<JobDetailsWithPlan>(http, `/jobs/${encodeURIComponent(jobId)}`, o);
  return { ...d, plan: parsePlan(d.plan) };
}

/** The plan as an object, or undefined when the server sent none (or something unreadable). */
export function parsePlan(raw: unknown): JobPlan | undefined {
  let p = raw;
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p);
    } catch {
      return undefined;
    }
  }
  if (!p || typeof p !== 'object' || !Array.isArray((p as JobPlan).nodes)) return undefined;
  return p as JobPlan;
}

export async function jobStatusOnly(http: HttpOptions, jobId: string, o: CallOptions = {}): Promise<string> {
  return (await flinkRequest<{ status: string }>(http, `/jobs/${encodeURIComponent(jobId)}/status`, o)).status;
}

export interface SubtaskDetails {
  subtask: number;
  status: ExecutionState;
  attempt: number;
  /** 1.19+; `host` before (deprecated 1.19, gone in 2.x). */
  endpoint?: string;
  host?: string;
  'taskmanager-id'?: string;
  'start-time'?: number;
  duration?: number;
  metrics?: IOMetrics;
}

export interface VertexDetails {
  id: string;
  name: string;
  parallelism: number;
  now?: number;
  subtasks: SubtaskDetails[];
}

const vpath = (jobId: string, vertexId: string, rest = '') =>
  `/jobs/${encodeURIComponent(jobId)}/vertices/${encodeURIComponent(vertexId)}${rest}`;

export function vertexDetails(http: HttpOptions, jobId: string, vertexId: string, o: CallOptions = {}) {
  return flinkRequest<VertexDetails>(http, vpath(jobId, vertexId), o);
}

export type BackpressureLevel = 'ok' | 'low' | 'high';

export interface BackpressureInfo {
  /** `deprecated`: Flink has no sample yet (the first request starts one). */
  status: 'ok' | 'deprecated';
  level?: BackpressureLevel;
  endTimestamp?: number;
  subtasks: Array<{
    subtask: number;
    level?: BackpressureLevel;
    ratio?: number;
    busyRatio?: number;
    idleRatio?: number;
  }>;
}

interface RawBackpressure {
  status: 'ok' | 'deprecated';
  backpressureLevel?: BackpressureLevel;
  'backpressure-level'?: BackpressureLevel;
  'end-timestamp'?: number;
  subtasks?: Array<{
    subtask: number;
    backpressureLevel?: BackpressureLevel;
    'backpressure-level'?: BackpressureLevel;
    ratio?: number;
    busyRatio?: number;
    idleRatio?: number;
  }>;
}

/** GET .../backpressure: `backpressureLevel` is 1.17+, `backpressure-level` every version. */
export async function vertexBackpressure(
  http: HttpOptions,
  jobId: string,
  vertexId: string,
  o: CallOptions = {},
): Promise<BackpressureInfo> {
  const r = await flinkRequest<RawBackpressure>(http, vpath(jobId, vertexId, '/backpressure'), o);
  return {
    status: r.status,
    level: r.backpressureLevel ?? r['backpressure-level'],
    endTimestamp: r['end-timestamp'],
    subtasks: (r.subtasks ?? []).map((s) => ({
      subtask: s.subtask,
      level: s.backpressureLevel ?? s['backpressure-level'],
      ratio: s.ratio,
      busyRatio: s.busyRatio,
      idleRatio: s.idleRatio,
    })),
  };
}

/** GET .../watermarks: `[{id: "<subtask>.currentInputWatermark", value}]` -> subtask -> ms. */
export async function vertexWatermarks(
  http: HttpOptions,
  jobId: string,
  vertexId: string,
  o: CallOptions = {},
): Promise<Map<number, number>> {
  const r = await flinkRequest<Array<{ id: string; value?: string }>>(http, vpath(jobId, vertexId, '/watermarks'), o);
  const out = new Map<number, number>();
  for (const m of r) {
    const hit = /^(\d+)\.currentInputWatermark$/.exec(m.id);
    const v = Number(m.value);
    if (hit && m.value !== undefined && Number.isFinite(v)) out.set(Number(hit[1]), v);
  }
  return out;
}

export interface Accumulator {
  name: string;
  type: string;
  value: string;
}

export async function vertexAccumulators(
  http: HttpOptions,
  jobId: string,
  vertexId: string,
  o: CallOptions = {},
): Promise<Accumulator[]> {
  const r = await flinkRequest<{ 'user-accumulators'?: Accumulator[] }>(
    http,
    vpath(jobId, vertexId, '/accumulators'),
    o,
  );
  return r['user-accumulators'] ?? [];
}
