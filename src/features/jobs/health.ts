// Gathering one health verdict per application for its cluster node. Kubernetes inputs (the
// custom resource, pods, Warning events) come with discovery, so a collapsed node already has a
// verdict; the REST inputs (job state, checkpoint age) are added when the cluster level loads. Cost:
// the application's job's checkpoint statistics, one request per cluster refresh, plus its
// checkpoint config once per job (cached); session clusters with several jobs add none.
import { checkpointHealth } from '../../core/health/inputs';
import { healthVerdict, type HealthInputs, type HealthVerdict } from '../../core/health/verdict';
import type { FlinkClient } from '../../flink/client';
import { flinkRequest } from '../../flink/http';
import type { JobOverviewEntry } from '../../flink/types';
import type { ClusterRef } from '../shared/cluster-ref';
import { TERMINAL_STATES } from './nodes';

/** What the cluster level learnt from the REST API for the verdict. */
export interface RestHealth {
  job?: { name?: string; state: string };
  checkpoints?: HealthInputs['checkpoints'];
  restError?: string;
}

const WORST_FIRST = [
  'FAILING',
  'RESTARTING',
  'FAILED',
  'CANCELLING',
  'INITIALIZING',
  'CREATED',
  'RECONCILING',
  'RUNNING',
];

/**
 * The application's job: the one the operator names (status.jobStatus.jobId), else the only active
 * job. Undefined for a session cluster with several jobs (then `summaryJob` stands for them all).
 */
export function applicationJob(c: ClusterRef, jobs: readonly JobOverviewEntry[]): JobOverviewEntry | undefined {
  const id = c.discovered?.operatorJob?.jobId;
  if (c.discovered?.kind === 'operator' && c.discovered.deploymentMode === 'application')
    return id ? jobs.find((j) => j.jid === id) : undefined;
  if (c.discovered?.kind === 'operator') return undefined; // a session cluster: its session jobs have their own
  const active = jobs.filter((j) => !TERMINAL_STATES.has(j.state));
  return active.length === 1 ? active[0] : undefined;
}

/** Several jobs as one verdict input: the worst active state, named with the job when it is not RUNNING. */
export function summaryJob(jobs: readonly JobOverviewEntry[]): RestHealth['job'] {
  const active = jobs.filter((j) => !TERMINAL_STATES.has(j.state));
  if (!active.length) return undefined;
  const worst = [...active].sort((a, b) => rank(a.state) - rank(b.state))[0];
  if (!worst) return undefined;
  return worst.state === 'RUNNING' ? { name: `${active.length} jobs`, state: 'RUNNING' } : worst;
}

const rank = (s: string) => {
  const i = WORST_FIRST.indexOf(s);
  return i < 0 ? WORST_FIRST.length : i;
};

/** The checkpoint inputs of one running job: GET checkpoints each time, its config once (cached). */
export async function jobCheckpoints(
  client: FlinkClient,
  job: JobOverviewEntry,
  intervals: Map<string, number | undefined>,
  signal: AbortSignal,
): Promise<HealthInputs['checkpoints']> {
  const stats = await client.checkpoints(job.jid, { signal });
  if (!stats) return undefined; // checkpointing off: nothing to be late
  if (!intervals.has(job.jid)) {
    const cfg = await flinkRequest<{ interval?: number }>(client.httpOptions(), `/jobs/${job.jid}/checkpoints/config`, {
      signal,
    }).catch(() => ({ interval: undefined }));
    intervals.set(job.jid, cfg.interval);
  }
  return checkpointHealth(stats, intervals.get(job.jid), job['start-time'] > 0 ? job['start-time'] : undefined);
}

/** The verdict of a cluster node from what is known now (discovery always, REST once loaded). */
export function clusterVerdict(c: ClusterRef, rest: RestHealth | undefined, now: number): HealthVerdict | undefined {
  const d = c.discovered;
  if (!d && !rest) return undefined;
  const op = d?.kind === 'operator' ? d : undefined;
  return healthVerdict({
    now,
    resource: op
      ? {
          kind: 'FlinkDeployment',
          lifecycleState: op.lifecycleState,
          jobManagerDeploymentStatus: op.jobManagerDeploymentStatus,
          jobState: op.deploymentMode === 'application' ? op.jobState : undefined,
          error: op.error,
        }
      : undefined,
    pods: d?.pods,
    taskManagersOnDemand: !!d?.jobManagerSelector.includes('type=flink-native-kubernetes'),
    events: d?.events,
    job: rest?.job,
    // A suspended application has no JobManager on purpose: its REST API is not expected to answer.
    restError: op?.job?.state === 'suspended' ? undefined : rest?.restError,
    checkpoints: rest?.checkpoints,
  });
}
