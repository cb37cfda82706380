// The rollout state machine: from one snapshot of the cluster (workloads, their pods, events,
// operator resources) to progressing / available / failed, with the cause. Pure, so it is tested
// without a server; rollout.ts takes the snapshots.
import { classifyEvent, classifyPod, mainProblem, type Problem } from './events';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);

export interface Snapshot {
  /** Deployments/StatefulSets as read now (plain JSON). */
  workloads: Obj[];
  jobs: Obj[];
  pods: Obj[];
  events: Obj[];
  /** FlinkDeployment / FlinkSessionJob resources. */
  flink: Obj[];
  /** ms since the watch started. */
  elapsedMs: number;
}

export interface WorkloadState {
  ref: string;
  desired: number;
  available: number;
  updated: number;
  done: boolean;
}
export interface PodState {
  name: string;
  phase: string;
  ready: boolean;
  detail: string;
}
export interface FlinkState {
  ref: string;
  lifecycleState?: string;
  jobManagerDeploymentStatus?: string;
  jobState?: string;
  error?: string;
  done: boolean;
}

export type Phase = 'progressing' | 'available' | 'failed';

export interface RolloutState {
  phase: Phase;
  workloads: WorkloadState[];
  pods: PodState[];
  flink: FlinkState[];
  problems: Problem[];
  /** The main cause when failed (or the current worry while progressing). */
  cause?: Problem;
  /** One line for the progress notification or the failure message. */
  summary: string;
}

export interface EvaluateOptions {
  /** FailedScheduling counts as a failure only after this long (nodes may be added). Default 60 s. */
  schedulingGraceMs?: number;
  /** An operator resource without status after this long means no operator is running. Default 90 s. */
  operatorGraceMs?: number;
}

function refOf(x: Obj): string {
  const m = o(x.metadata);
  return `${s(x.kind)} ${m.namespace ? `${s(m.namespace)}/` : ''}${s(m.name)}`;
}

export function workloadState(w: Obj): WorkloadState {
  const spec = o(w.spec);
  const status = o(w.status);
  const meta = o(w.metadata);
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const available = s(w.kind) === 'StatefulSet' ? n(status.readyReplicas) : n(status.availableReplicas);
  const updated = n(status.updatedReplicas);
  const observed = n(status.observedGeneration) >= n(meta.generation);
  const done = observed && updated >= desired && available >= desired && n(status.replicas) <= desired;
  return { ref: refOf(w), desired, available, updated, done };
}

function podState(p: Obj): PodState {
  const status = o(p.status);
  const cs = ((status.containerStatuses as unknown[]) ?? []).map(o);
  const ready = cs.length > 0 && cs.every((c) => c.ready === true);
  const waiting = cs.map((c) => s(o(o(c.state).waiting).reason)).filter(Boolean);
  return { name: s(o(p.metadata).name), phase: s(status.phase) || 'Pending', ready, detail: waiting.join(', ') };
}

/** Parses the operator's `status.error` (JSON FlinkResourceException or plain text). */
export function operatorError(error: unknown): string | undefined {
  const text = s(error);
  if (!text) return undefined;
  try {
    const j = JSON.parse(text) as { type?: string; message?: string };
    return j.message ? `${j.message}${j.type ? ` (${j.type.split('.').pop()})` : ''}` : text;
  } catch {
    return text;
  }
}

export function flinkState(f: Obj): FlinkState {
  const status = o(f.status);
  const lifecycleState = s(status.lifecycleState) || undefined;
  const jm = s(status.jobManagerDeploymentStatus) || undefined;
  const jobState = s(o(status.jobStatus).state) || undefined;
  const error = operatorError(status.error);
  const hasJob = !!o(f.spec).job;
  const isSessionJob = s(f.kind) === 'FlinkSessionJob';
  const jobOk = !hasJob || jobState === 'RUNNING' || jobState === 'FINISHED';
  const done = isSessionJob
    ? jobState === 'RUNNING' || jobState === 'FINISHED'
    : jm === 'READY' && jobOk && (lifecycleState === 'STABLE' || lifecycleState === 'DEPLOYED');
  return { ref: refOf(f), lifecycleState, jobManagerDeploymentStatus: jm, jobState, error, done };
}

export function evaluate(snap: Snapshot, opts: EvaluateOptions = {}): RolloutState {
  const schedulingGrace = opts.schedulingGraceMs ?? 60_000;
  const operatorGrace = opts.operatorGraceMs ?? 90_000;
  const workloads = snap.workloads.map(workloadState);
  const pods = snap.pods.map(podState);
  const flink = snap.flink.map(flinkState);
  const podNames = new Set(pods.map((p) => p.name));
  const problems: Problem[] = snap.pods.flatMap(classifyPod);
  for (const e of snap.events) {
    const p = classifyEvent(e);
    if (!p) continue;
    if (p.pod && !podNames.has(p.pod)) continue; // an old pod's event
    if (!problems.some((q) => q.cause === p.cause && q.object === p.object)) problems.push(p);
  }
  // Scheduling problems become fatal after the grace period.
  for (const p of problems) if (p.cause === 'FailedScheduling' && snap.elapsedMs >= schedulingGrace) p.fatal = true;

  for (const f of flink) {
    if (f.lifecycleState === 'FAILED' || f.jobManagerDeploymentStatus === 'ERROR' || f.jobState === 'FAILED') {
      problems.push({
        cause: 'Error',
        object: f.ref,
        fatal: true,
        message: `${f.ref} failed: ${f.error ?? `lifecycle ${f.lifecycleState ?? '?'}, JobManager ${f.jobManagerDeploymentStatus ?? '?'}, job ${f.jobState ?? '?'}`}.`,
        hint: "Read the operator's error and the JobManager logs; fix the spec and deploy again.",
      });
    } else if (!f.lifecycleState && !f.jobManagerDeploymentStatus && !f.jobState && snap.elapsedMs >= operatorGrace) {
      problems.push({
        cause: 'Error',
        object: f.ref,
        fatal: true,
        message: `${f.ref} has no status after ${Math.round(operatorGrace / 1000)} s: no Flink Kubernetes Operator is handling it.`,
        hint: 'Check that the operator is running and watches this namespace (watchNamespaces).',
      });
    }
  }

  const cause = mainProblem(problems);
  const wl = workloads.map((w) => `${w.ref.split(' ')[1]?.split('/').pop()} ${w.available}/${w.desired}`).join(', ');
  const running = pods.filter((p) => p.phase === 'Running').length;
  const fl = flink
    .map(
      (f) =>
        `${f.ref.split('/').pop()}: ${[f.lifecycleState, f.jobManagerDeploymentStatus, f.jobState].filter(Boolean).join(', ') || 'waiting for the operator'}`,
    )
    .join('; ');
  const base = [wl && `available ${wl}`, pods.length ? `pods running ${running}/${pods.length}` : '', fl]
    .filter(Boolean)
    .join('; ');
  if (cause?.fatal) {
    return { phase: 'failed', workloads, pods, flink, problems, cause, summary: `${cause.message} ${cause.hint}` };
  }
  const jobsDone = snap.jobs.every((j) => n(o(j.status).succeeded) > 0 || n(o(j.status).active) > 0);
  const allDone =
    workloads.every((w) => w.done) &&
    flink.every((f) => f.done) &&
    jobsDone &&
    pods.every((p) => p.phase === 'Running' || p.phase === 'Succeeded');
  if (allDone)
    return { phase: 'available', workloads, pods, flink, problems, cause, summary: base || 'nothing to wait for' };
  return {
    phase: 'progressing',
    workloads,
    pods,
    flink,
    problems,
    cause,
    summary: `${base || 'waiting'}${cause ? ` (${cause.cause}: ${cause.message})` : ''}`,
  };
}
