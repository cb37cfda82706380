// What the Flink Kubernetes Operator reports on its resources, read from plain JSON: the status of a
// FlinkDeployment / FlinkSessionJob (lifecycle, JobManager, job, reconciliation, error) and of a
// FlinkStateSnapshot. Pure, so it is tested without a server; operator-watch.ts polls the objects.
import { operatorError } from './rollout-state';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export interface OperatorResourceStatus {
  /** `FlinkDeployment ns/name`. */
  ref: string;
  kind: string;
  name: string;
  namespace: string;
  generation?: number;
  /** The generation the operator last observed (absent before its first reconciliation). */
  observedGeneration?: number;
  /** True once the operator has written any status at all. */
  hasStatus: boolean;
  /** CREATED, DEPLOYED, STABLE, UPGRADING, SUSPENDED, ROLLING_BACK, ROLLED_BACK, FAILED, DELETING. */
  lifecycleState?: string;
  /** FlinkDeployment only: DEPLOYING, DEPLOYED_NOT_READY, READY, MISSING, ERROR. */
  jobManager?: string;
  /** The job state the operator last saw through the JobManager's REST API. */
  jobState?: string;
  jobId?: string;
  jobName?: string;
  /** DEPLOYED, UPGRADING, ROLLING_BACK, ROLLED_BACK. */
  reconciliationState?: string;
  /** From the last reconciled spec: what the operator has acted on. */
  reconciled: { jobState?: string; upgradeMode?: string; savepointTriggerNonce?: number; parallelism?: number };
  /** Savepoint the operator took on the last upgrade/suspend (jobStatus.upgradeSavepointPath). */
  upgradeSavepointPath?: string;
  /** The operator's error (status.error), message and exception type. */
  error?: string;
}

function refOf(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The operator stores the last reconciled spec as a JSON string `{spec, resource_metadata}`. */
function lastReconciledSpec(status: Obj): Obj {
  const raw = s(o(status.reconciliationStatus).lastReconciledSpec);
  if (!raw) return {};
  try {
    const parsed = o(JSON.parse(raw));
    return o(parsed.spec ?? parsed);
  } catch {
    return {};
  }
}

export function operatorResourceStatus(obj: unknown): OperatorResourceStatus {
  const r = o(obj);
  const meta = o(r.metadata);
  const status = o(r.status);
  const kind = s(r.kind) ?? '?';
  const name = s(meta.name) ?? '?';
  const namespace = s(meta.namespace) ?? '';
  const job = o(status.jobStatus);
  const last = lastReconciledSpec(status);
  const lastJob = o(last.job);
  return {
    ref: refOf(kind, namespace, name),
    kind,
    name,
    namespace,
    generation: num(meta.generation),
    observedGeneration: num(status.observedGeneration),
    hasStatus: Object.keys(status).length > 0,
    lifecycleState: s(status.lifecycleState),
    jobManager: s(status.jobManagerDeploymentStatus),
    jobState: s(job.state),
    jobId: s(job.jobId),
    jobName: s(job.jobName),
    reconciliationState: s(o(status.reconciliationStatus).state),
    reconciled: {
      jobState: s(lastJob.state),
      upgradeMode: s(lastJob.upgradeMode),
      savepointTriggerNonce: num(lastJob.savepointTriggerNonce),
      parallelism: num(lastJob.parallelism),
    },
    upgradeSavepointPath: s(job.upgradeSavepointPath),
    error: operatorError(status.error),
  };
}

/** True when the operator has acted on the object's current spec (its generation). */
export function isReconciled(st: OperatorResourceStatus): boolean {
  return st.generation !== undefined && st.observedGeneration !== undefined && st.observedGeneration >= st.generation;
}

/** One line for a progress notification: `STABLE, JobManager READY, job RUNNING`. */
export function describeOperatorStatus(st: OperatorResourceStatus): string {
  if (!st.hasStatus) return 'waiting for the operator';
  const parts = [
    st.lifecycleState,
    st.jobManager && `JobManager ${st.jobManager}`,
    st.jobState && `job ${st.jobState}`,
    st.error && `error: ${st.error}`,
  ];
  return parts.filter(Boolean).join(', ');
}

export interface SnapshotStatus {
  ref: string;
  name: string;
  namespace: string;
  /** TRIGGER_PENDING, IN_PROGRESS, COMPLETED, FAILED, ABANDONED. */
  state: string;
  /** savepoint | checkpoint (spec.savepoint / spec.checkpoint). */
  type: 'savepoint' | 'checkpoint' | 'unknown';
  /** The resource the snapshot is of: `FlinkDeployment name`. */
  jobReference?: string;
  path?: string;
  error?: string;
  failures: number;
  triggerId?: string;
}

export function snapshotStatus(obj: unknown): SnapshotStatus {
  const r = o(obj);
  const meta = o(r.metadata);
  const spec = o(r.spec);
  const status = o(r.status);
  const ref = o(spec.jobReference);
  const name = s(meta.name) ?? '?';
  const namespace = s(meta.namespace) ?? '';
  return {
    ref: refOf('FlinkStateSnapshot', namespace, name),
    name,
    namespace,
    state: s(status.state) ?? 'TRIGGER_PENDING',
    type: spec.savepoint ? 'savepoint' : spec.checkpoint ? 'checkpoint' : 'unknown',
    jobReference: s(ref.name) ? `${s(ref.kind) ?? 'FlinkDeployment'} ${s(ref.name)}` : undefined,
    path: s(status.path),
    error: s(status.error),
    failures: num(status.failures) ?? 0,
    triggerId: s(status.triggerId),
  };
}

export const SNAPSHOT_DONE = new Set(['COMPLETED', 'FAILED', 'ABANDONED']);
