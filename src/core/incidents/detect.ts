// Detecting a new incident from two snapshots of a cluster: a JobManager or TaskManager container
// whose restart count went up (with the reason of its last run: OOMKilled, Error, an exit code),
// and a job that went FAILING, RESTARTING or FAILED. Pure: the explorer hands in what discovery
// and the REST API reported, the feature layer captures the evidence.
import type { PodHealth } from '../health/verdict';

export interface ContainerIncidentTrigger {
  kind: 'container';
  /** The same restart seen again (another refresh, a rediscovered cluster) has the same key. */
  key: string;
  role: 'jobmanager' | 'taskmanager';
  pod: string;
  container: string;
  restartCount: number;
  /** OOMKilled, Error, Completed... or "exit code N" when the kubelet gave no reason. */
  reason: string;
  exitCode?: number;
  /** When the previous run ended (ms); the detection time when unknown. */
  at: number;
  message?: string;
}

/** The Flink Kubernetes Operator resource that runs a job (FlinkDeployment or FlinkSessionJob). */
export interface OperatorResourceRef {
  kind: string;
  name: string;
  namespace: string;
}

export interface JobIncidentTrigger {
  kind: 'job';
  key: string;
  jobId: string;
  jobName: string;
  state: string;
  previousState?: string;
  at: number;
  /** Set when the operator reported the state (a deploy's follow): the resource, for its events. */
  operator?: OperatorResourceRef;
  /** The operator's status.error at that moment, when it had one. */
  error?: string;
}

export type IncidentTrigger = ContainerIncidentTrigger | JobIncidentTrigger;

/** A job as the REST API's job overview lists it, or as the operator's status.jobStatus reports it. */
export interface JobStateLike {
  jid: string;
  name?: string;
  state: string;
  /** When its state last changed (ms), as the REST job overview says; unknown for the operator's. */
  'last-modification'?: number;
  /** The operator resource whose status reported it (see JobIncidentTrigger). */
  operator?: OperatorResourceRef;
  error?: string;
}

export const BAD_JOB_STATES: ReadonlySet<string> = new Set(['FAILING', 'RESTARTING', 'FAILED']);

/**
 * Without an earlier snapshot (the first refresh of a session) only restarts that ended this
 * recently count: older ones are history the user has not just missed.
 */
export const RECENT_ON_FIRST_SIGHT_MS = 2 * 60_000;

const podIdentity = (p: PodHealth) => p.uid ?? p.name;

/**
 * Container restarts between `prev` (undefined: first snapshot of this cluster) and `next`. A pod
 * replaced by a new one (another uid) is compared with nothing: its own restarts since it started
 * count, the old pod's do not.
 */
export function detectContainerIncidents(
  prev: readonly PodHealth[] | undefined,
  next: readonly PodHealth[],
  now: number,
): ContainerIncidentTrigger[] {
  const before = new Map((prev ?? []).map((p) => [podIdentity(p), p]));
  const out: ContainerIncidentTrigger[] = [];
  for (const p of next) {
    if (p.role !== 'jobmanager' && p.role !== 'taskmanager') continue;
    const old = before.get(podIdentity(p));
    for (const c of p.containers ?? []) {
      if (c.restartCount <= 0) continue;
      const oldCount = old?.containers?.find((x) => x.name === c.name)?.restartCount;
      const t = c.lastTerminated;
      if (oldCount !== undefined) {
        if (c.restartCount <= oldCount) continue;
      } else if (!old && prev) {
        // A pod that appeared since the last snapshot and has already restarted.
      } else if (!(t?.at !== undefined && now - t.at <= RECENT_ON_FIRST_SIGHT_MS)) continue;
      out.push({
        kind: 'container',
        key: `${podIdentity(p)}/${c.name}/${c.restartCount}`,
        role: p.role,
        pod: p.name,
        container: c.name,
        restartCount: c.restartCount,
        reason: t?.reason ?? (t?.exitCode !== undefined ? `exit code ${t.exitCode}` : 'restarted'),
        exitCode: t?.exitCode,
        at: t?.at ?? now,
        message: t?.message,
      });
    }
  }
  return out;
}

/**
 * Jobs that went bad since `prev` (undefined: first snapshot, nothing to compare with, no
 * incident): a known job moving from a good state to FAILING/RESTARTING/FAILED, or a job that
 * appeared already in one of them, unless its state last changed longer ago than
 * RECENT_ON_FIRST_SIGHT_MS (a deploy's follow reports only its own job, so the explorer's first full
 * list after it shows the session cluster's old failed jobs as new ones). FAILING then FAILED is
 * one incident, not two.
 */
export function detectJobIncidents(
  prev: readonly JobStateLike[] | undefined,
  next: readonly JobStateLike[],
  now: number,
): JobIncidentTrigger[] {
  if (!prev) return [];
  const before = new Map(prev.map((j) => [j.jid, j.state]));
  const out: JobIncidentTrigger[] = [];
  for (const j of next) {
    if (!BAD_JOB_STATES.has(j.state)) continue;
    const was = before.get(j.jid);
    if (was !== undefined && BAD_JOB_STATES.has(was)) continue;
    const changed = j['last-modification'];
    if (was === undefined && changed !== undefined && changed > 0 && now - changed > RECENT_ON_FIRST_SIGHT_MS) continue;
    out.push({
      kind: 'job',
      key: `job/${j.jid}/${j.state}/${now}`,
      jobId: j.jid,
      jobName: j.name ?? j.jid,
      state: j.state,
      previousState: was,
      at: now,
      ...(j.operator ? { operator: j.operator } : {}),
      ...(j.error ? { error: j.error } : {}),
    });
  }
  return out;
}
