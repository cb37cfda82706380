// Live vertex figures from the aggregated metrics endpoint
// (GET /jobs/:id/vertices/:vid/subtasks/metrics?get=...&agg=min,max,sum): one small request per
// vertex answers max over subtasks (busy, back pressure, idle) and sums (records and bytes per
// second). Flink has no endpoint that aggregates task metrics of
// every vertex of a job in one request (GET /jobs/metrics aggregates job-scope metrics across
// jobs), so a refresh costs one request per vertex.
//
// Flink answers `[]` for the whole request when one asked-for name is missing on a subtask
// (measured on 1.20.5: a source vertex has no `currentInputWatermark`). So the core task metrics,
// present on every task in 1.20 and 2.x, are asked for together with the optional ones; when the
// answer is empty the core ones are asked for alone and the caller skips the optional ones for a
// while (SessionOptions.detailsEvery refreshes).
import { flinkRequest, type HttpOptions } from './http';
import type { CallOptions } from './job-graph';

export type Figure =
  'busy' | 'backpressured' | 'idle' | 'recordsIn' | 'recordsOut' | 'bytesIn' | 'bytesOut' | 'watermark';

export const FIGURE_METRICS: Readonly<Record<Figure, readonly string[]>> = {
  busy: ['busyTimeMsPerSecond'],
  backpressured: ['backPressuredTimeMsPerSecond'],
  idle: ['idleTimeMsPerSecond'],
  recordsIn: ['numRecordsInPerSecond'],
  recordsOut: ['numRecordsOutPerSecond'],
  bytesIn: ['numBytesInPerSecond'],
  bytesOut: ['numBytesOutPerSecond'],
  // Not asked for on each refresh (the graph does not draw it; the side panel reads /watermarks).
  watermark: ['currentInputWatermark'],
};

/** What one graph refresh asks for: the watermark stays out (bytes per refresh, see the header). */
const REFRESH_FIGURES: readonly Figure[] = [
  'busy',
  'backpressured',
  'idle',
  'recordsIn',
  'recordsOut',
  'bytesIn',
  'bytesOut',
];

/** How each figure is aggregated over subtasks (the Web UI colours a vertex by its worst subtask). */
const FIGURE_AGG: Readonly<Record<Figure, 'max' | 'sum' | 'min'>> = {
  busy: 'max',
  backpressured: 'max',
  idle: 'max',
  recordsIn: 'sum',
  recordsOut: 'sum',
  bytesIn: 'sum',
  bytesOut: 'sum',
  watermark: 'min',
};

export type VertexFigures = Partial<Record<Figure, number>>;

export interface AggregatedMetric {
  id: string;
  min?: number;
  max?: number;
  avg?: number;
  sum?: number;
  skew?: number;
}

export const ALL_FIGURE_METRICS: readonly string[] = [...new Set(REFRESH_FIGURES.flatMap((f) => FIGURE_METRICS[f]))];
/** Metrics a vertex may lack (none asked for today; a source lacks `currentInputWatermark`). */
export const OPTIONAL_METRICS: readonly string[] = [];
export const CORE_METRICS: readonly string[] = ALL_FIGURE_METRICS.filter((m) => !OPTIONAL_METRICS.includes(m));
/** Time shares need the max over subtasks, rates the sum: `min` would only add bytes. */
const AGG = 'max,sum';

/** No watermark yet: Flink reports Long.MIN_VALUE (as a double). */
const NO_WATERMARK = -9.2e18;

/** Pure: the figures from an aggregated metrics answer (absent names stay absent). */
export function figuresFrom(list: readonly AggregatedMetric[]): VertexFigures {
  const byId = new Map(list.map((m) => [m.id, m]));
  const out: VertexFigures = {};
  for (const f of Object.keys(FIGURE_METRICS) as Figure[]) {
    for (const name of FIGURE_METRICS[f]) {
      const v = byId.get(name)?.[FIGURE_AGG[f]];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (f === 'watermark' && v <= NO_WATERMARK) break;
      out[f] = v;
      break;
    }
  }
  return out;
}

export async function vertexFigures(
  http: HttpOptions,
  jobId: string,
  vertexId: string,
  withOptional: boolean,
  o: CallOptions = {},
): Promise<{ figures: VertexFigures; optionalMissing: boolean }> {
  const ask = async (names: readonly string[]) => {
    const list = await flinkRequest<AggregatedMetric[]>(
      http,
      `/jobs/${encodeURIComponent(jobId)}/vertices/${encodeURIComponent(vertexId)}/subtasks/metrics`,
      { ...o, query: { get: names.join(','), agg: AGG } },
    );
    return Array.isArray(list) ? list : [];
  };
  if (withOptional && OPTIONAL_METRICS.length) {
    const all = await ask(ALL_FIGURE_METRICS);
    if (all.length) return { figures: figuresFrom(all), optionalMissing: false };
  }
  return {
    figures: figuresFrom(await ask(CORE_METRICS)),
    optionalMissing: withOptional && OPTIONAL_METRICS.length > 0,
  };
}

/** Per-subtask busy/back pressure/idle ms per second and records per second, for the side panel. */
export async function subtaskFigures(
  http: HttpOptions,
  jobId: string,
  vertexId: string,
  subtasks: number,
  o: CallOptions = {},
): Promise<Map<number, VertexFigures>> {
  // GET .../metrics?get=0.busyTimeMsPerSecond,1.busyTimeMsPerSecond,...: one request for every subtask.
  const names = ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond'];
  const get: string[] = [];
  for (let i = 0; i < subtasks; i++) for (const n of names) get.push(`${i}.${n}`);
  const out = new Map<number, VertexFigures>();
  if (!get.length) return out;
  const list = await flinkRequest<Array<{ id: string; value?: string }>>(
    http,
    `/jobs/${encodeURIComponent(jobId)}/vertices/${encodeURIComponent(vertexId)}/metrics`,
    { ...o, query: { get: get.join(',') } },
  );
  const key: Record<string, Figure> = {
    busyTimeMsPerSecond: 'busy',
    backPressuredTimeMsPerSecond: 'backpressured',
    idleTimeMsPerSecond: 'idle',
  };
  for (const m of Array.isArray(list) ? list : []) {
    const hit = /^(\d+)\.(\w+)$/.exec(m.id);
    const f = hit ? key[hit[2] ?? ''] : undefined;
    const v = Number(m.value);
    if (!hit || !f || m.value === undefined || !Number.isFinite(v)) continue;
    const i = Number(hit[1]);
    const cur = out.get(i) ?? {};
    cur[f] = v;
    out.set(i, cur);
  }
  return out;
}
