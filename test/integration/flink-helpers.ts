// Shared by the flink-* and jobs-* integration tests: extra jobs on the test bed's Flink and
// waiting for job states (bounded polls).
import { FlinkClient } from '../../src/flink/client';
import type { JobStatus } from '../../src/flink/types';
import { submitStreamingJob, type TestbedState } from '../support/testbed';

/** The jar with the test bed's jobs (`stream` / `batch` modes). */
export function exampleJar(state: TestbedState): string {
  return state.exampleJar;
}

/** Starts one more endless streaming job (for cancel / stop tests); resolves when all tasks run. */
export async function startStreamingJob(state: TestbedState, name = `extra-${Date.now()}`): Promise<string> {
  return submitStreamingJob(state, { name, delayMs: 20 });
}

/** Best effort: cancel a job a failed test may have left running (it holds a slot). */
export async function cancelQuietly(state: TestbedState, jobId: string | undefined): Promise<void> {
  if (!jobId) return;
  const client = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 10_000 });
  try {
    if (!['FINISHED', 'CANCELED', 'FAILED'].includes(await client.jobStatus(jobId))) await client.cancel(jobId);
  } catch {
    // already gone
  }
}

export async function waitForStatus(
  client: FlinkClient,
  jobId: string,
  want: JobStatus[],
  timeoutMs = 90_000,
): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: JobStatus | undefined;
  while (Date.now() < deadline) {
    last = await client.jobStatus(jobId);
    if (want.includes(last)) return last;
    if (['FAILED', 'CANCELED', 'FINISHED'].includes(last) && !want.includes(last))
      throw new Error(`Job ${jobId} ended ${last}, wanted ${want.join('/')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Job ${jobId} still ${last} after ${timeoutMs} ms, wanted ${want.join('/')}`);
}
