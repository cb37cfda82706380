// Following a FlinkDeployment / FlinkSessionJob / FlinkStateSnapshot through the Flink Kubernetes
// Operator: polls the resource and its events until a condition on what the operator reports holds,
// and fails early with the cause in words when the operator reports a failure, when no operator
// writes any status, or when the resource is gone. Polling, like rollout.ts: bounded and simple.
import type { KubeClient } from './client';
import { sleep } from './client';
import type { KubeError } from './errors';
import {
  describeOperatorStatus,
  operatorResourceStatus,
  snapshotStatus,
  SNAPSHOT_DONE,
  type OperatorResourceStatus,
  type SnapshotStatus,
} from './operator-status';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

export const OPERATOR_API_VERSION = 'flink.apache.org/v1beta1';

export interface OperatorTarget {
  kind: 'FlinkDeployment' | 'FlinkSessionJob' | 'FlinkStateSnapshot';
  name: string;
  namespace: string;
  apiVersion?: string;
}

export interface OperatorEvent {
  type: string;
  reason: string;
  message: string;
  /** Which part of the operator wrote it (JobManagerDeployment, Operator, Job, ...). */
  component: string;
  count: number;
  time: string;
}

export class OperatorWatchError extends Error {
  constructor(
    message: string,
    readonly status?: OperatorResourceStatus,
    readonly events: OperatorEvent[] = [],
  ) {
    super(message);
    this.name = 'OperatorWatchError';
  }
}

export async function readOperatorObject(client: KubeClient, t: OperatorTarget): Promise<Obj | undefined> {
  const apiVersion = t.apiVersion ?? OPERATOR_API_VERSION;
  try {
    const res = await client.call({ verb: 'get', kind: t.kind, name: t.name, namespace: t.namespace }, (api) =>
      api.read({ apiVersion, kind: t.kind, metadata: { name: t.name, namespace: t.namespace } }),
    );
    return JSON.parse(JSON.stringify(res)) as Obj;
  } catch (e) {
    if ((e as KubeError).status === 404) return undefined;
    throw e;
  }
}

/** The events about one object (the operator's own and the JobManager's), oldest first. */
export async function operatorEvents(client: KubeClient, t: OperatorTarget): Promise<OperatorEvent[]> {
  const res = await client.call({ verb: 'list', kind: 'Event', namespace: t.namespace }, (api) =>
    api.list('v1', 'Event', t.namespace, undefined, undefined, undefined, `involvedObject.name=${t.name}`),
  );
  return (JSON.parse(JSON.stringify(res.items)) as Obj[])
    .filter((e) => o(e.involvedObject).kind === t.kind)
    .map((e) => ({
      type: String(e.type ?? ''),
      reason: String(e.reason ?? ''),
      message: String(e.message ?? ''),
      component: String(o(e.source).component ?? e.reportingComponent ?? ''),
      count: typeof e.count === 'number' ? e.count : 1,
      time: String(e.lastTimestamp ?? e.eventTime ?? o(e.metadata).creationTimestamp ?? ''),
    }))
    .sort((a, b) => a.time.localeCompare(b.time));
}

export interface OperatorWaitOptions {
  signal?: AbortSignal;
  /** Overall limit; default 3 min. */
  timeoutMs?: number;
  pollMs?: number;
  /** No status at all after this long means no operator handles the resource. Default 60 s. */
  noStatusMs?: number;
  /** Called on every change of what the operator reports. */
  onUpdate?: (status: OperatorResourceStatus, line: string) => void;
  /** Failures the caller expects (e.g. waiting for a FAILED job): do not stop early on them. */
  allowFailure?: boolean;
  /** Called once for each new event about the object (the operator's and the JobManager's). */
  onEvent?: (event: OperatorEvent) => void;
  /**
   * Each poll's object as read, before the condition is checked: the deploy feature reports the
   * cluster's pods to the session's incidents. Awaited; a throw does not end the wait.
   */
  onPoll?: (obj: Obj) => void | Promise<void>;
}

/** Key of an event for "seen before": a repeated event (count up) is news again. */
const eventKey = (e: OperatorEvent) => `${e.time}|${e.reason}|${e.count}|${e.message}`;

function failureOf(st: OperatorResourceStatus): string | undefined {
  // The operator's own validation (no webhook needed): it keeps the last good spec and says why.
  if (st.error && /\(ValidationException\)$/.test(st.error)) return 'the operator rejected the spec';
  if (st.lifecycleState === 'FAILED') return `the operator reports it FAILED`;
  if (st.jobManager === 'ERROR') return `its JobManager deployment is in ERROR`;
  if (st.jobState === 'FAILED') return `its job FAILED`;
  return undefined;
}

function lastWarnings(events: OperatorEvent[], n = 3): string {
  const w = events.filter((e) => e.type === 'Warning').slice(-n);
  return w.length ? ` Recent warnings: ${w.map((e) => `${e.reason}: ${e.message.split('\n')[0]}`).join(' | ')}` : '';
}

/**
 * Polls a FlinkDeployment or FlinkSessionJob until `until(status)` holds; resolves with that status.
 * Rejects with an OperatorWatchError that names the cause and the next step otherwise.
 */
export async function waitForOperator(
  client: KubeClient,
  t: OperatorTarget,
  until: (st: OperatorResourceStatus) => boolean,
  opts: OperatorWaitOptions = {},
): Promise<OperatorResourceStatus> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const noStatusMs = opts.noStatusMs ?? 60_000;
  const ref = `${t.kind} ${t.namespace}/${t.name}`;
  let lastLine = '';
  let st: OperatorResourceStatus | undefined;
  const seen = new Set<string>();
  for (;;) {
    const obj = await readOperatorObject(client, t);
    if (!obj) throw new OperatorWatchError(`${ref} does not exist (deleted?). Deploy it again.`, st);
    st = operatorResourceStatus(obj);
    try {
      await opts.onPoll?.(obj);
    } catch {
      // Reporting what the follow saw must not end the follow.
    }
    const line = describeOperatorStatus(st);
    if (line !== lastLine) opts.onUpdate?.(st, line);
    lastLine = line;
    if (opts.onEvent) {
      for (const e of await operatorEvents(client, t)) {
        if (seen.has(eventKey(e))) continue;
        seen.add(eventKey(e));
        opts.onEvent(e);
      }
    }
    if (until(st)) return st;
    const elapsed = Date.now() - started;
    const failure = opts.allowFailure ? undefined : failureOf(st);
    if (failure) {
      const events = await operatorEvents(client, t);
      throw new OperatorWatchError(
        `${ref}: ${failure}${st.error ? `: ${st.error}` : ''}.${lastWarnings(events)} Read the operator's events and the JobManager log, fix the spec and apply it again.`,
        st,
        events,
      );
    }
    if (!st.hasStatus) {
      // Some rejections (an unsupported flinkVersion) leave no status, only the operator's Warning.
      const warning = (await operatorEvents(client, t)).filter((e) => e.type === 'Warning').pop();
      if (warning && !opts.allowFailure) {
        throw new OperatorWatchError(
          `${ref}: the operator did not accept it: ${warning.reason}: ${warning.message.split('\n')[0]} Fix the spec and apply it again.`,
          st,
          [warning],
        );
      }
    }
    if (!st.hasStatus && elapsed >= noStatusMs) {
      throw new OperatorWatchError(
        `${ref} has no status after ${Math.round(elapsed / 1000)} s: no Flink Kubernetes Operator is handling it. Check that the operator runs and watches namespace "${t.namespace}".`,
        st,
      );
    }
    if (elapsed >= timeoutMs) {
      const events = await operatorEvents(client, t);
      throw new OperatorWatchError(
        `${ref} did not reach the expected state within ${Math.round(timeoutMs / 1000)} s; the operator reports: ${line}.${lastWarnings(events)}`,
        st,
        events,
      );
    }
    await sleep(opts.pollMs ?? 1_000, opts.signal);
  }
}

/** Snapshots of one FlinkDeployment / FlinkSessionJob (the operator labels them with the job reference). */
export async function listSnapshots(
  client: KubeClient,
  namespace: string,
  resourceName?: string,
): Promise<SnapshotStatus[]> {
  const selector = resourceName ? `job-reference.name=${resourceName}` : undefined;
  const res = await client.call({ verb: 'list', kind: 'FlinkStateSnapshot', namespace }, (api) =>
    api.list(
      OPERATOR_API_VERSION,
      'FlinkStateSnapshot',
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      selector,
    ),
  );
  return (JSON.parse(JSON.stringify(res.items)) as Obj[]).map(snapshotStatus);
}

/** Polls a FlinkStateSnapshot until it is COMPLETED; rejects with the operator's error otherwise. */
export async function waitForSnapshot(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { signal?: AbortSignal; timeoutMs?: number; pollMs?: number; noStatusMs?: number } = {},
): Promise<SnapshotStatus> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const t: OperatorTarget = { kind: 'FlinkStateSnapshot', name, namespace };
  for (;;) {
    const obj = await readOperatorObject(client, t);
    if (!obj) throw new OperatorWatchError(`FlinkStateSnapshot ${namespace}/${name} does not exist.`);
    const snap = snapshotStatus(obj);
    const hasStatus = Object.keys(o(obj.status)).length > 0;
    if (snap.state === 'COMPLETED') return snap;
    if (SNAPSHOT_DONE.has(snap.state)) {
      throw new OperatorWatchError(
        `${snap.ref} ${snap.state}${snap.error ? `: ${snap.error}` : ''}. Check the job is running and the savepoint directory is writable, then trigger it again.`,
      );
    }
    const elapsed = Date.now() - started;
    if (!hasStatus && elapsed >= (opts.noStatusMs ?? 60_000)) {
      throw new OperatorWatchError(
        `${snap.ref} has no status after ${Math.round(elapsed / 1000)} s: no Flink Kubernetes Operator is handling it (snapshot resources need kubernetes.operator.snapshot.resource.enabled).`,
      );
    }
    if (elapsed >= timeoutMs) {
      throw new OperatorWatchError(
        `${snap.ref} is still ${snap.state} after ${Math.round(timeoutMs / 1000)} s (${snap.failures} failed attempts).`,
      );
    }
    await sleep(opts.pollMs ?? 1_000, opts.signal);
  }
}

/**
 * A deployed FlinkDeployment / FlinkSessionJob is up once the operator has acted on this spec
 * (observed generation) and reports it running: a session cluster with its JobManager READY, an
 * application or session job RUNNING (or SUSPENDED when the spec asks for that).
 */
export function operatorDeployReady(st: OperatorResourceStatus, spec: Obj): boolean {
  if (st.generation !== undefined && (st.observedGeneration ?? -1) < st.generation) return false;
  const job = o(spec.job);
  const hasJob = Object.keys(job).length > 0;
  if (hasJob && job.state === 'suspended') return st.lifecycleState === 'SUSPENDED';
  const jobOk = !hasJob || st.jobState === 'RUNNING' || st.jobState === 'FINISHED';
  if (st.kind === 'FlinkSessionJob') return jobOk && st.reconciliationState === 'DEPLOYED';
  return st.jobManager === 'READY' && jobOk && (st.lifecycleState === 'STABLE' || st.lifecycleState === 'DEPLOYED');
}
