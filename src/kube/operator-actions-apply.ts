// Sending an OperatorChange (operator-actions.ts) and following it through the operator until what
// it reports shows the change done: the snapshot COMPLETED, the job redeployed from the snapshot,
// the job running with the new parallelism. Fails with the cause and what was already done: CRDs
// missing, RBAC denial (KubeError), the operator's validation rejecting the change, an operator
// that never acts on it, a snapshot or job that fails.
import { PatchStrategy, type KubernetesObject, type V1APIResource } from '@kubernetes/client-node';
import { FIELD_MANAGER, sleep, type KubeClient } from './client';
import { KubeError } from './errors';
import {
  refText,
  type OperatorChange,
  type OperatorKind,
  type OperatorResourceRef,
  OVERRIDES_KEY,
} from './operator-actions';
import { describeOperatorStatus, operatorResourceStatus, type OperatorResourceStatus } from './operator-status';
import {
  OPERATOR_API_VERSION,
  operatorEvents,
  readOperatorObject,
  waitForOperator,
  waitForSnapshot,
  type OperatorEvent,
} from './operator-watch';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

interface Discovery {
  resource(apiVersion: string, kind: string): Promise<V1APIResource | undefined>;
}

/** Whether the API server serves an operator kind (its CRD is installed). */
export async function operatorKindServed(
  client: KubeClient,
  kind: OperatorKind | 'FlinkStateSnapshot',
): Promise<boolean> {
  try {
    const r = await client.call({ verb: 'discover', kind }, (api) =>
      (api as unknown as Discovery).resource(OPERATOR_API_VERSION, kind),
    );
    return !!r;
  } catch (e) {
    if ((e as KubeError).status === 404) return false;
    throw e;
  }
}

function crdMissing(client: KubeClient, kind: string): KubeError {
  return new KubeError(
    `The cluster (context "${client.context}") does not serve ${OPERATOR_API_VERSION} ${kind}: the Flink Kubernetes Operator's CRDs are not installed. Install the operator (its Helm chart installs the CRDs) or switch to the context where it runs.`,
    { reason: 'NoOperator', kind, resource: OPERATOR_API_VERSION },
  );
}

/** Reads the resource the user chose; a clear error when its CRD or the resource itself is missing. */
export async function readOperatorResource(client: KubeClient, ref: OperatorResourceRef): Promise<Obj> {
  if (!(await operatorKindServed(client, ref.kind))) throw crdMissing(client, ref.kind);
  const obj = await readOperatorObject(client, ref);
  if (!obj)
    throw new KubeError(
      `${refText(ref)} was not found in context "${client.context}" (deleted?). Refresh the explorer and pick it again.`,
      { reason: 'NotFound', status: 404, kind: ref.kind, name: ref.name, namespace: ref.namespace },
    );
  return obj;
}

/** Sends the change: creates the object or merge-patches the resource. Returns the server's object. */
export async function applyChange(client: KubeClient, c: OperatorChange): Promise<Obj> {
  const r = c.resource;
  if (c.method === 'create') {
    const kind = String(c.body.kind) as OperatorKind | 'FlinkStateSnapshot';
    if (!(await operatorKindServed(client, kind))) throw crdMissing(client, kind);
    const res = await client.call(
      { verb: 'create', kind, name: String(o(c.body.metadata).name), namespace: r.namespace },
      (api) => api.create(c.body as KubernetesObject, undefined, undefined, FIELD_MANAGER),
    );
    return JSON.parse(JSON.stringify(res)) as Obj;
  }
  const res = await client.call({ verb: 'patch', kind: r.kind, name: r.name, namespace: r.namespace }, (api) =>
    api.patch(
      { apiVersion: OPERATOR_API_VERSION, kind: r.kind, metadata: { name: r.name, namespace: r.namespace }, ...c.body },
      undefined,
      undefined,
      FIELD_MANAGER,
      undefined,
      PatchStrategy.MergePatch,
    ),
  );
  return JSON.parse(JSON.stringify(res)) as Obj;
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** Overall limit; default 5 min. */
  timeoutMs?: number;
  pollMs?: number;
  /** The operator has not acted on the change after this long: say so. Default 60 s. */
  noAnswerMs?: number;
  onUpdate?: (line: string) => void;
}

export interface FollowResult {
  message: string;
  /** The snapshot's path (snapshots) or the path the job was restored from. */
  path?: string;
  status?: OperatorResourceStatus;
}

export class OperatorChangeError extends Error {
  constructor(
    message: string,
    readonly reason: 'Rejected' | 'NoAnswer' | 'Failed' | 'Timeout' | 'Gone',
    readonly events: OperatorEvent[] = [],
  ) {
    super(message);
    this.name = 'OperatorChangeError';
  }
}

/** The last spec the operator acted on (it keeps it as a JSON string in the status). */
function reconciledSpec(obj: Obj): Obj {
  const raw = str(o(o(o(obj.status).reconciliationStatus)).lastReconciledSpec);
  if (!raw) return {};
  try {
    const parsed = o(JSON.parse(raw));
    return o(parsed.spec ?? parsed);
  } catch {
    return {};
  }
}

/** The job runs on the spec the operator reconciled last (not mid-upgrade). */
function settledRunning(st: OperatorResourceStatus, previousJobId?: string): boolean {
  const deployedOk = st.kind === 'FlinkSessionJob' || st.lifecycleState === 'STABLE';
  return (
    deployedOk &&
    st.reconciliationState === 'DEPLOYED' &&
    st.jobState === 'RUNNING' &&
    (!previousJobId || (!!st.jobId && st.jobId !== previousJobId))
  );
}

/** Whether what the operator reports shows the patch done; the path where there is one. */
function patchDone(
  c: OperatorChange,
  obj: Obj,
  st: OperatorResourceStatus,
  previousJobId?: string,
): FollowResult | undefined {
  const e = c.expect;
  const spec = reconciledSpec(obj);
  const job = o(spec.job);
  const jobStatus = o(o(obj.status).jobStatus);
  if (e.savepointTriggerNonce !== undefined || e.checkpointTriggerNonce !== undefined) {
    // Operators without FlinkStateSnapshot record nonce-triggered snapshots in the job status.
    const sp = e.savepointTriggerNonce !== undefined;
    const last = o(o(jobStatus[sp ? 'savepointInfo' : 'checkpointInfo'])[sp ? 'lastSavepoint' : 'lastCheckpoint']);
    if (num(last.triggerNonce) === (sp ? e.savepointTriggerNonce : e.checkpointTriggerNonce))
      return {
        message: `${sp ? 'Savepoint' : 'Checkpoint'} of ${refText(c.resource)} completed.`,
        path: str(last.location),
        status: st,
      };
    return undefined;
  }
  if (e.savepointRedeployNonce !== undefined) {
    if (num(job.savepointRedeployNonce) !== e.savepointRedeployNonce || !settledRunning(st, previousJobId))
      return undefined;
    const path = str(job.initialSavepointPath);
    return {
      message: `${refText(c.resource)} runs job ${st.jobId ?? '?'} restored from ${path ?? 'the snapshot'}.`,
      path,
      status: st,
    };
  }
  if (e.parallelism !== undefined) {
    if (num(job.parallelism) !== e.parallelism || !settledRunning(st)) return undefined;
    return {
      message: `${refText(c.resource)} runs job ${st.jobId ?? '?'} with parallelism ${e.parallelism}.`,
      status: st,
    };
  }
  if (e.overrides !== undefined) {
    if (str(o(spec.flinkConfiguration)[OVERRIDES_KEY]) !== e.overrides || !settledRunning(st)) return undefined;
    return {
      message: `${refText(c.resource)} runs job ${st.jobId ?? '?'} with vertex parallelism ${e.overrides}.`,
      status: st,
    };
  }
  return { message: `${refText(c.resource)} changed.`, status: st };
}

function warnings(events: OperatorEvent[], n = 3): string {
  const w = events.filter((e) => e.type === 'Warning').slice(-n);
  return w.length ? ` Operator warnings: ${w.map((e) => `${e.reason}: ${e.message.split('\n')[0]}`).join(' | ')}.` : '';
}

/**
 * Follows a change applied at generation `applied.metadata.generation` until the operator reports it
 * done. `previousJobId`: the job before a restore (the restored one must be a new job).
 */
export async function followChange(
  client: KubeClient,
  c: OperatorChange,
  applied: Obj,
  opts: FollowOptions & { previousJobId?: string } = {},
): Promise<FollowResult> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  if (c.method === 'create' && String(c.body.kind) === 'FlinkStateSnapshot') {
    const name = String(o(c.body.metadata).name);
    opts.onUpdate?.(`waiting for FlinkStateSnapshot ${name}`);
    const snap = await waitForSnapshot(client, c.resource.namespace, name, { ...opts, timeoutMs }).catch(
      (e: unknown) => {
        throw new OperatorChangeError(
          `${(e as Error).message} (FlinkStateSnapshot ${c.resource.namespace}/${name} stays for you to inspect or delete.)`,
          'Failed',
        );
      },
    );
    return {
      message: `${snap.type === 'checkpoint' ? 'Checkpoint' : 'Savepoint'} ${snap.ref} of ${refText(c.resource)} completed.`,
      path: snap.path,
    };
  }
  if (c.method === 'create') {
    const st = await waitForOperator(client, c.resource, (s) => settledRunning(s), {
      ...opts,
      timeoutMs,
      noStatusMs: opts.noAnswerMs,
      onUpdate: (_s, line) => opts.onUpdate?.(line),
    });
    return { message: `${refText(c.resource)} runs job ${st.jobId ?? '?'}.`, status: st };
  }
  const generation = num(o(applied.metadata).generation) ?? 0;
  const started = Date.now();
  const noAnswerMs = opts.noAnswerMs ?? 60_000;
  const ref = refText(c.resource);
  let lastLine = '';
  for (;;) {
    const obj = await readOperatorObject(client, c.resource);
    if (!obj) throw new OperatorChangeError(`${ref} was deleted while the change was followed.`, 'Gone');
    const st = operatorResourceStatus(obj);
    const acted = st.observedGeneration !== undefined && st.observedGeneration >= generation;
    const line =
      acted || !st.hasStatus
        ? describeOperatorStatus(st)
        : `waiting for the operator to act on the change (${describeOperatorStatus(st)})`;
    if (line !== lastLine) opts.onUpdate?.(line);
    lastLine = line;
    const done = patchDone(c, obj, st, opts.previousJobId);
    if (done) return done;
    const elapsed = Date.now() - started;
    // The operator's validation keeps the last good spec, leaves observedGeneration behind and says why.
    if (!acted && st.error && /\(ValidationException\)$/.test(st.error)) {
      const events = await operatorEvents(client, c.resource);
      throw new OperatorChangeError(
        `The operator rejected the change to ${ref}: ${st.error.replace(/ \(ValidationException\)$/, '')}.${warnings(events)} The patch is in the resource's spec, but the operator keeps running the last valid spec: fix the value (or patch it back) and apply again.`,
        'Rejected',
        events,
      );
    }
    if (acted && (st.lifecycleState === 'FAILED' || st.jobState === 'FAILED' || st.jobManager === 'ERROR')) {
      const events = await operatorEvents(client, c.resource);
      throw new OperatorChangeError(
        `${ref} failed after the change: ${line}.${warnings(events)} Read the operator's events and the JobManager log.`,
        'Failed',
        events,
      );
    }
    if (!acted && elapsed >= noAnswerMs) {
      throw new OperatorChangeError(
        `The change was applied to ${ref}, but no Flink Kubernetes Operator acted on it within ${Math.round(elapsed / 1000)} s (observed generation ${st.observedGeneration ?? 'none'}, spec generation ${generation}). Check that the operator runs and watches namespace "${c.resource.namespace}"; it will act on the change when it does.`,
        'NoAnswer',
      );
    }
    if (elapsed >= timeoutMs) {
      const events = await operatorEvents(client, c.resource);
      throw new OperatorChangeError(
        `${ref} did not show the change done within ${Math.round(timeoutMs / 1000)} s; the operator reports: ${line}.${warnings(events)}`,
        'Timeout',
        events,
      );
    }
    await sleep(opts.pollMs ?? 1_000, opts.signal);
  }
}
