// What the explorer shows of the operator's resources besides the FlinkDeployment itself: its last
// savepoint/checkpoint and upgrade mode, its FlinkSessionJobs, the FlinkStateSnapshots of each, and
// the FlinkBlueGreenDeployment that owns it. Pure readers of plain JSON (tested without a server),
// and one list call per kind that answers "no such CRD" with an empty list.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { EventHealth } from '../core/health/verdict';
import type { KubeClient } from './client';
import { KubeError, toKubeError } from './errors';
import { operatorResourceStatus, snapshotStatus, type SnapshotStatus } from './operator-status';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
// client-node turns date-time fields of typed objects (Pod, Event) into Date; custom resources stay strings.
const time = (v: unknown): number | undefined => {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

export const OPERATOR_RESOURCES_API = 'flink.apache.org/v1beta1';

/** The operator's resource a node stands for (what the operator commands take). */
export interface OperatorResourceRef {
  context?: string;
  namespace: string;
  kind: 'FlinkDeployment' | 'FlinkSessionJob';
  name: string;
}

/** What a FlinkDeployment or FlinkSessionJob says about its job, beyond the lifecycle. */
export interface OperatorJobInfo {
  lifecycleState?: string;
  jobManagerDeploymentStatus?: string;
  jobState?: string;
  jobId?: string;
  jobName?: string;
  /** spec.job.upgradeMode (what the next upgrade will use). */
  upgradeMode?: string;
  /** spec.job.state: running | suspended. */
  desiredState?: string;
  error?: string;
  lastSavepoint?: { path?: string; at?: number; triggerType?: string };
  lastCheckpointAt?: number;
  upgradeSavepointPath?: string;
}

export interface SnapshotInfo extends SnapshotStatus {
  /** The resource it is of (spec.jobReference). */
  of?: { kind: string; name: string };
  createdAt?: number;
  resultAt?: number;
}

export interface SessionJobInfo extends OperatorJobInfo {
  name: string;
  namespace: string;
  /** spec.deploymentName: the session FlinkDeployment it runs on. */
  deploymentName?: string;
  snapshots: SnapshotInfo[];
  events: EventHealth[];
}

export interface BlueGreenInfo {
  name: string;
  namespace: string;
  /** ACTIVE_BLUE, TRANSITIONING_TO_GREEN, ... */
  state?: string;
  /** Which side serves now (from the state; undefined while it initializes). */
  active?: 'BLUE' | 'GREEN';
  jobState?: string;
  error?: string;
}

/** The job part of a FlinkDeployment or FlinkSessionJob. */
export function operatorJobInfo(obj: unknown): OperatorJobInfo {
  const r = o(obj);
  const st = operatorResourceStatus(obj);
  const spec = o(r.spec);
  const job = o(o(r.status).jobStatus);
  const sp = o(o(job.savepointInfo).lastSavepoint);
  const cp = o(o(job.checkpointInfo).lastCheckpoint);
  return {
    lifecycleState: st.lifecycleState,
    jobManagerDeploymentStatus: st.jobManager,
    jobState: st.jobState,
    jobId: st.jobId,
    jobName: st.jobName,
    upgradeMode: s(o(spec.job).upgradeMode) ?? st.reconciled.upgradeMode,
    desiredState: s(o(spec.job).state),
    error: st.error,
    lastSavepoint: s(sp.location)
      ? { path: s(sp.location), at: num(sp.timeStamp), triggerType: s(sp.triggerType) }
      : undefined,
    lastCheckpointAt: num(cp.timeStamp),
    upgradeSavepointPath: st.upgradeSavepointPath,
  };
}

export function snapshotInfo(obj: unknown): SnapshotInfo {
  const r = o(obj);
  const ref = o(o(r.spec).jobReference);
  const name = s(ref.name);
  return {
    ...snapshotStatus(obj),
    of: name ? { kind: s(ref.kind) ?? 'FlinkDeployment', name } : undefined,
    createdAt: time(o(r.metadata).creationTimestamp),
    resultAt: time(o(r.status).resultTimestamp),
  };
}

export function sessionJobInfo(
  obj: unknown,
  snapshots: SnapshotInfo[] = [],
  events: EventHealth[] = [],
): SessionJobInfo {
  const r = o(obj);
  const meta = o(r.metadata);
  const name = s(meta.name) ?? '?';
  return {
    ...operatorJobInfo(obj),
    name,
    namespace: s(meta.namespace) ?? '',
    deploymentName: s(o(r.spec).deploymentName),
    snapshots: snapshots.filter((x) => x.of?.kind === 'FlinkSessionJob' && x.of.name === name),
    events,
  };
}

export function blueGreenInfo(obj: unknown): BlueGreenInfo {
  const r = o(obj);
  const meta = o(r.metadata);
  const status = o(r.status);
  const state = s(status.blueGreenState);
  const active =
    state === 'ACTIVE_BLUE' || state === 'SAVEPOINTING_BLUE' || state === 'TRANSITIONING_TO_GREEN'
      ? 'BLUE'
      : state === 'ACTIVE_GREEN' || state === 'SAVEPOINTING_GREEN' || state === 'TRANSITIONING_TO_BLUE'
        ? 'GREEN'
        : undefined;
  return {
    name: s(meta.name) ?? '?',
    namespace: s(meta.namespace) ?? '',
    state,
    active,
    jobState: s(o(status.jobStatus).state),
    error: s(status.error),
  };
}

/** The blue/green side of a FlinkDeployment (its `flink/blue-green-deployment-type` label) and owner. */
export function blueGreenSide(obj: unknown): { owner: string; side: 'BLUE' | 'GREEN' } | undefined {
  const meta = o(o(obj).metadata);
  const side = s(o(meta.labels)['flink/blue-green-deployment-type']);
  const owner = (Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [])
    .map(o)
    .find((ref) => s(ref.kind) === 'FlinkBlueGreenDeployment');
  if ((side !== 'BLUE' && side !== 'GREEN') || !s(owner?.name)) return undefined;
  return { owner: s(owner?.name) ?? '', side };
}

/** Lists one operator kind in the namespace; a missing CRD is an empty list, anything else a warning. */
export async function listOperatorKind(
  client: KubeClient,
  kind: string,
  warnings: string[],
): Promise<KubernetesObject[]> {
  const ns = client.namespace;
  try {
    return await client.call(
      { verb: 'list', kind, namespace: ns },
      async (api) => (await api.list(OPERATOR_RESOURCES_API, kind, ns)).items,
    );
  } catch (e) {
    const ke = e instanceof KubeError ? e : toKubeError(e);
    if (ke.status === 404 || /not found|does not exist|resource.*Flink/i.test(ke.message)) return [];
    warnings.push(`${kind}s not listed: ${ke.message}`);
    return [];
  }
}
