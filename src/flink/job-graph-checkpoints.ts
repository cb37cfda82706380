// Checkpoint history for the job view's chart: GET /jobs/:id/checkpoints (history, latest failure)
// and, for one checkpoint the user picks, each vertex's sync/async/alignment durations from
// GET /jobs/:id/checkpoints/details/:cid/subtasks/:vid (its `summary`).
import { FlinkRestError } from './errors';
import { flinkRequest, type HttpOptions } from './http';
import type { CallOptions } from './job-graph';
import type { CheckpointingStatistics } from './types';

/** undefined: the job has no checkpointing (Flink answers 404 with that message). */
export async function checkpointHistory(
  http: HttpOptions,
  jobId: string,
  o: CallOptions = {},
): Promise<CheckpointingStatistics | undefined> {
  try {
    return await flinkRequest<CheckpointingStatistics>(http, `/jobs/${encodeURIComponent(jobId)}/checkpoints`, o);
  } catch (e) {
    if (
      e instanceof FlinkRestError &&
      e.status === 404 &&
      /Checkpointing (has not been|is not) enabled/i.test(e.errors.join(' '))
    )
      return undefined;
    throw e;
  }
}

interface MinMaxAvg {
  min?: number;
  max?: number;
  avg?: number;
}

export interface CheckpointVertexSummary {
  sync?: number;
  async?: number;
  alignment?: number;
  startDelay?: number;
  /** End-to-end duration of the slowest subtask. */
  endToEnd?: number;
  checkpointedSize?: number;
}

interface RawTaskDetails {
  summary?: {
    end_to_end_duration?: MinMaxAvg;
    checkpointed_size?: MinMaxAvg;
    state_size?: MinMaxAvg;
    checkpoint_duration?: { sync?: MinMaxAvg; async?: MinMaxAvg };
    alignment?: { duration?: MinMaxAvg };
    start_delay?: MinMaxAvg;
  };
}

/** Max over the vertex's subtasks of each duration (ms) of one checkpoint. */
export async function checkpointVertexSummary(
  http: HttpOptions,
  jobId: string,
  checkpointId: number,
  vertexId: string,
  o: CallOptions = {},
): Promise<CheckpointVertexSummary> {
  const r = await flinkRequest<RawTaskDetails>(
    http,
    `/jobs/${encodeURIComponent(jobId)}/checkpoints/details/${checkpointId}/subtasks/${encodeURIComponent(vertexId)}`,
    o,
  );
  const s = r.summary ?? {};
  const out: CheckpointVertexSummary = {};
  const put = (k: keyof CheckpointVertexSummary, v: number | undefined) => {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  };
  put('sync', s.checkpoint_duration?.sync?.max);
  put('async', s.checkpoint_duration?.async?.max);
  put('alignment', s.alignment?.duration?.max);
  put('startDelay', s.start_delay?.max);
  put('endToEnd', s.end_to_end_duration?.max);
  put('checkpointedSize', s.checkpointed_size?.max ?? s.state_size?.max);
  return out;
}
