// One health verdict per Flink application (standalone or operator): the custom resource's state
// and error, the JobManager and TaskManager pods (restarts, last termination), recent warning
// events, the REST job state and the age of the last completed checkpoint, combined into one level
// and a cause in words ("RUNNING but no checkpoint for 14 min: last 3 failed"). Pure: the kube and
// flink layers gather the inputs, the explorer shows the result.

export type HealthLevel = 'healthy' | 'progressing' | 'degraded' | 'failing' | 'unknown';

export interface PodHealth {
  name: string;
  role: 'jobmanager' | 'taskmanager' | 'other';
  phase?: string;
  ready?: boolean;
  restarts: number;
  /** Why the container is waiting now (CrashLoopBackOff, ImagePullBackOff, ...). */
  waitingReason?: string;
  /** The last termination of the container (OOMKilled, Error) and when it happened (ms). */
  lastTermination?: { reason?: string; exitCode?: number; at?: number };
  /** The pod's uid: a pod replaced under the same name is another pod (incident detection). */
  uid?: string;
  /** Per container: restarts and last termination, to tell which container restarted and why. */
  containers?: ContainerRun[];
}

export interface ContainerRun {
  name: string;
  restartCount: number;
  /** lastState.terminated: the run before the current one. */
  lastTerminated?: { reason?: string; exitCode?: number; at?: number; message?: string };
}

export interface EventHealth {
  type: string;
  reason: string;
  message: string;
  /** How many times the event was seen. */
  count?: number;
  /** Last seen (ms). */
  at?: number;
}

export interface HealthInputs {
  now: number;
  /** The operator's view (FlinkDeployment / FlinkSessionJob status), when the application has one. */
  resource?: {
    kind: string;
    lifecycleState?: string;
    jobManagerDeploymentStatus?: string;
    jobState?: string;
    error?: string;
  };
  pods?: PodHealth[];
  /**
   * Native Kubernetes mode (also the operator's default): the JobManager creates TaskManager pods
   * when jobs need slots and releases them when idle, so no TaskManager pod is not a finding.
   */
  taskManagersOnDemand?: boolean;
  events?: EventHealth[];
  /** The job as the JobManager REST API reports it. */
  job?: { name?: string; state: string };
  /** Why the REST API could not be read (the JobManager is down, the port-forward failed). */
  restError?: string;
  checkpoints?: {
    /** When the last checkpoint completed (ms); undefined: none yet. */
    lastCompletedAt?: number;
    /** Configured interval (ms); undefined: checkpointing is off. */
    intervalMs?: number;
    /** Failed checkpoints since the last completed one. */
    failedSinceLast?: number;
    lastFailureMessage?: string;
    /** When the job started running (ms), to tell "none yet" from "none for long". */
    runningSince?: number;
  };
}

export interface HealthVerdict {
  level: HealthLevel;
  /** One line: what is wrong (or that nothing is), naming the cause. */
  summary: string;
  /** Each finding that led to the verdict, worst first. */
  causes: string[];
}

/** Warning events older than this are history, not health. */
const RECENT_MS = 10 * 60_000;

const RANK: Record<HealthLevel, number> = { failing: 4, degraded: 3, progressing: 2, unknown: 1, healthy: 0 };

export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const roleName = (p: PodHealth) =>
  p.role === 'jobmanager' ? `JobManager ${p.name}` : p.role === 'taskmanager' ? `TaskManager ${p.name}` : p.name;
const firstLine = (s: string) => s.split('\n')[0]?.trim() ?? '';

function podFindings(inp: HealthInputs, add: (l: HealthLevel, cause: string) => void): void {
  const pods = inp.pods ?? [];
  // OOMKilled: the container's own termination, and the events that count the kills.
  const oomByPod = new Map<string, number>();
  for (const p of pods) if (p.lastTermination?.reason === 'OOMKilled') oomByPod.set(p.name, Math.max(1, p.restarts));
  for (const p of pods) {
    const oom = oomByPod.get(p.name);
    if (oom) {
      const ago = p.lastTermination?.at ? `, last ${formatAge(inp.now - p.lastTermination.at)} ago` : '';
      add(
        'failing',
        `${roleName(p)} OOMKilled ${times(oom)}${ago}: the container's memory limit is below what Flink uses`,
      );
    } else if (p.waitingReason && /BackOff|Err|Invalid/.test(p.waitingReason)) {
      add('failing', `${roleName(p)} is ${p.waitingReason}`);
    } else if (p.restarts > 0 && p.lastTermination?.at && inp.now - p.lastTermination.at < RECENT_MS) {
      const why = p.lastTermination.reason ?? `exit code ${p.lastTermination.exitCode ?? '?'}`;
      add(
        'degraded',
        `${roleName(p)} restarted ${times(p.restarts)} (last: ${why}, ${formatAge(inp.now - p.lastTermination.at)} ago)`,
      );
    } else if (p.phase === 'Pending') {
      add('progressing', `${roleName(p)} is Pending`);
    }
  }
  if (
    !inp.taskManagersOnDemand &&
    pods.length &&
    !pods.some((p) => p.role === 'taskmanager') &&
    pods.some((p) => p.role === 'jobmanager')
  )
    add('degraded', 'no TaskManager pod: jobs cannot get slots');
}

function eventFindings(inp: HealthInputs, add: (l: HealthLevel, cause: string) => void): void {
  const recent = (inp.events ?? []).filter((e) => e.type === 'Warning' && (!e.at || inp.now - e.at < RECENT_MS));
  const seen = new Set<string>();
  for (const e of recent) {
    if (seen.has(e.reason)) continue;
    seen.add(e.reason);
    // Pod-level reasons are already named from the pods; the rest (FailedScheduling, the operator's
    // own events) say something the pods cannot.
    if (/^(BackOff|Failed|Killing|OOMKilling)$/.test(e.reason) && (inp.pods?.length ?? 0) > 0) continue;
    const n = e.count && e.count > 1 ? ` (${e.count}×)` : '';
    add('degraded', `${e.reason}${n}: ${firstLine(e.message)}`);
  }
}

function jobFindings(inp: HealthInputs, add: (l: HealthLevel, cause: string) => void): void {
  const r = inp.resource;
  if (r?.error) add('failing', `the operator reports: ${firstLine(r.error)}`);
  if (r?.lifecycleState === 'FAILED') add('failing', `${r.kind} is FAILED`);
  else if (r?.lifecycleState && ['CREATED', 'DEPLOYED', 'UPGRADING', 'ROLLING_BACK'].includes(r.lifecycleState))
    add('progressing', `${r.kind} is ${r.lifecycleState}`);
  else if (r?.lifecycleState === 'ROLLED_BACK') add('degraded', `${r.kind} was rolled back: the last upgrade failed`);
  else if (r?.lifecycleState === 'SUSPENDED') add('healthy', `${r.kind} is suspended`);
  if (r?.jobManagerDeploymentStatus === 'ERROR') add('failing', 'the JobManager deployment is in ERROR');
  else if (r?.jobManagerDeploymentStatus === 'MISSING') add('failing', 'the JobManager deployment is missing');
  else if (r?.jobManagerDeploymentStatus === 'DEPLOYING' || r?.jobManagerDeploymentStatus === 'DEPLOYED_NOT_READY')
    add('progressing', `the JobManager is ${r.jobManagerDeploymentStatus.toLowerCase().replace(/_/g, ' ')}`);

  const state = inp.job?.state ?? r?.jobState;
  if (inp.restError && !inp.job) {
    const podsUp = (inp.pods ?? []).some((p) => p.role === 'jobmanager' && p.phase === 'Running');
    add(podsUp ? 'degraded' : 'unknown', `the JobManager REST API does not answer: ${firstLine(inp.restError)}`);
  }
  if (!state) return;
  if (state === 'FAILED') add('failing', `job ${inp.job?.name ?? ''} FAILED`.replace('  ', ' '));
  else if (state === 'FAILING' || state === 'RESTARTING') add('degraded', `the job is ${state}`);
  else if (['CREATED', 'INITIALIZING', 'RECONCILING'].includes(state)) add('progressing', `the job is ${state}`);
  if (state !== 'RUNNING') return;
  const cp = inp.checkpoints;
  if (!cp?.intervalMs) return;
  // Late: three intervals and at least 5 minutes without a completed checkpoint.
  const lateAfter = Math.max(3 * cp.intervalMs, 5 * 60_000);
  const since = cp.lastCompletedAt ?? cp.runningSince;
  if (since === undefined || inp.now - since < lateAfter) return;
  const failed = cp.failedSinceLast ?? 0;
  const why = failed
    ? `: last ${failed} failed${cp.lastFailureMessage ? ` (${firstLine(cp.lastFailureMessage)})` : ''}, see the exceptions`
    : ': none failed, they may be stuck (backpressure, or an operator that never finishes its snapshot)';
  add(
    'degraded',
    cp.lastCompletedAt
      ? `RUNNING but no checkpoint for ${formatAge(inp.now - cp.lastCompletedAt)}${why}`
      : `RUNNING for ${formatAge(inp.now - since)} without a completed checkpoint${why}`,
  );
}

export function healthVerdict(inp: HealthInputs): HealthVerdict {
  const found: { level: HealthLevel; cause: string }[] = [];
  const add = (level: HealthLevel, cause: string) => found.push({ level, cause });
  // Pods first: at the same level their cause (OOMKilled, ImagePullBackOff) is the concrete one,
  // what the operator reports about its JobManager deployment follows from it.
  podFindings(inp, add);
  jobFindings(inp, add);
  eventFindings(inp, add);
  found.sort((a, b) => RANK[b.level] - RANK[a.level]);
  const worst = found[0];
  if (!worst || worst.level === 'healthy') {
    const state = inp.job?.state ?? inp.resource?.jobState ?? inp.resource?.lifecycleState;
    if (!state && !worst) return { level: 'unknown', summary: 'no status yet', causes: [] };
    const cp = inp.checkpoints?.lastCompletedAt;
    const cpText = cp !== undefined ? `, last checkpoint ${formatAge(inp.now - cp)} ago` : '';
    return { level: 'healthy', summary: worst?.cause ?? `${state}${cpText}`, causes: found.map((f) => f.cause) };
  }
  const more = found.length > 1 ? ` (+${found.length - 1} more)` : '';
  return { level: worst.level, summary: `${worst.cause}${more}`, causes: found.map((f) => f.cause) };
}
