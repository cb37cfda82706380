// Acting on FlinkDeployments / FlinkSessionJobs the operator's way, as changes the user previews
// before they are sent: trigger a savepoint or checkpoint (a FlinkStateSnapshot, or the spec's
// nonce where the CRD lacks FlinkStateSnapshot), restore from a snapshot (initialSavepointPath +
// savepointRedeployNonce, or a new deployment from it) and rescale (job.parallelism or per-vertex
// overrides). Pure: the preview shows exactly the body that operator-actions-apply.ts sends.
import { OPERATOR_API_VERSION } from './operator-watch';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export type OperatorKind = 'FlinkDeployment' | 'FlinkSessionJob';

/** The argument shape of the operator commands (the explorer's nodes carry it). */
export interface OperatorResourceRef {
  context?: string;
  namespace: string;
  kind: OperatorKind;
  name: string;
}

export interface SnapshotRef {
  namespace: string;
  name: string;
}

export const OVERRIDES_KEY = 'pipeline.jobvertex-parallelism-overrides';

export type ChangeAction = 'snapshot' | 'restore' | 'rescale';

/** One previewable change: a new object to create, or a JSON merge patch of the resource. */
export interface OperatorChange {
  action: ChangeAction;
  /** "Trigger a savepoint of FlinkDeployment ns/name": what the modal says. */
  title: string;
  resource: OperatorResourceRef;
  method: 'create' | 'merge-patch';
  /** The whole object (create) or the merge patch body (merge-patch). */
  body: Obj;
  /** For the follow step: what has to be seen before the change counts as done. */
  expect: {
    savepointTriggerNonce?: number;
    checkpointTriggerNonce?: number;
    savepointRedeployNonce?: number;
    parallelism?: number;
    overrides?: string;
    /** The name of the FlinkStateSnapshot or of the new deployment created. */
    created?: string;
  };
}

export class OperatorActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorActionError';
  }
}

export function refText(r: OperatorResourceRef): string {
  return `${r.kind} ${r.namespace}/${r.name}`;
}

function refOfObject(obj: Obj): OperatorResourceRef {
  const meta = o(obj.metadata);
  const kind = String(obj.kind) === 'FlinkSessionJob' ? 'FlinkSessionJob' : 'FlinkDeployment';
  return { kind, namespace: String(meta.namespace ?? ''), name: String(meta.name ?? '') };
}

function jobOf(obj: Obj, what: string): Obj {
  const job = o(o(obj.spec).job);
  if (!Object.keys(job).length) {
    const r = refText(refOfObject(obj));
    throw new OperatorActionError(
      `${r} is a session cluster without a job: ${what} applies to application FlinkDeployments and FlinkSessionJobs. Pick one of those (or a FlinkSessionJob of this cluster).`,
    );
  }
  return job;
}

/** A nonce that differs from the current one (any change triggers the operator). */
export function nextNonce(current: number | undefined, now: number): number {
  return current !== undefined && now <= current ? current + 1 : now;
}

/** Kubernetes object names: lower case, digits and '-', at most 63 characters here. */
export function snapshotName(resource: string, type: 'savepoint' | 'checkpoint', now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '').toLowerCase();
  const tail = `-${type === 'savepoint' ? 'sp' : 'cp'}-${stamp}`;
  return `${resource.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
}

/**
 * A savepoint or checkpoint. With FlinkStateSnapshot (operator 1.10+): a new snapshot resource the
 * operator triggers and records. Without: the spec's trigger nonce (recorded in the job status).
 */
export function snapshotChange(
  obj: Obj,
  type: 'savepoint' | 'checkpoint',
  opts: { snapshotResource: boolean; now?: number },
): OperatorChange {
  const now = opts.now ?? Date.now();
  const resource = refOfObject(obj);
  const job = jobOf(obj, `a ${type}`);
  const title = `Trigger a ${type} of ${refText(resource)}`;
  if (opts.snapshotResource) {
    const name = snapshotName(resource.name, type, now);
    return {
      action: 'snapshot',
      title,
      resource,
      method: 'create',
      body: {
        apiVersion: OPERATOR_API_VERSION,
        kind: 'FlinkStateSnapshot',
        metadata: { name, namespace: resource.namespace },
        spec: {
          jobReference: { kind: resource.kind, name: resource.name },
          ...(type === 'savepoint'
            ? { savepoint: { disposeOnDelete: false, formatType: 'CANONICAL', alreadyExists: false } }
            : { checkpoint: {} }),
          backoffLimit: 0,
        },
      },
      expect: { created: name },
    };
  }
  const key = type === 'savepoint' ? 'savepointTriggerNonce' : 'checkpointTriggerNonce';
  const nonce = nextNonce(num(job[key]), now);
  return {
    action: 'snapshot',
    title,
    resource,
    method: 'merge-patch',
    body: { spec: { job: { [key]: nonce } } },
    expect: { [key]: nonce },
  };
}

function checkPath(path: string): string {
  const p = path.trim();
  if (!p) throw new OperatorActionError('The snapshot has no path (it has not completed). Pick a COMPLETED snapshot.');
  return p;
}

/** Redeploys the job from `path`: the operator stops it and starts it again from that snapshot. */
export function restoreChange(obj: Obj, path: string, now: number = Date.now()): OperatorChange {
  const resource = refOfObject(obj);
  const job = jobOf(obj, 'restoring from a snapshot');
  const nonce = nextNonce(num(job.savepointRedeployNonce), now);
  const p = checkPath(path);
  return {
    action: 'restore',
    title: `Redeploy ${refText(resource)} from ${p}`,
    resource,
    method: 'merge-patch',
    body: { spec: { job: { initialSavepointPath: p, savepointRedeployNonce: nonce } } },
    expect: { savepointRedeployNonce: nonce },
  };
}

/** A copy of the resource under a new name whose job starts from `path`; the original is left alone. */
export function newDeploymentFromSnapshot(obj: Obj, newName: string, path: string): OperatorChange {
  const resource = refOfObject(obj);
  jobOf(obj, 'a new deployment from a snapshot');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(newName) || newName.length > 45) {
    throw new OperatorActionError(
      `"${newName}" is not a valid name: use at most 45 lower-case letters, digits and '-', starting and ending with a letter or digit.`,
    );
  }
  const meta = o(obj.metadata);
  const spec = structuredClone(o(obj.spec));
  const job = o(spec.job);
  delete job.savepointRedeployNonce;
  delete job.savepointTriggerNonce;
  delete job.checkpointTriggerNonce;
  job.initialSavepointPath = checkPath(path);
  job.state = 'running';
  const labels = o(meta.labels);
  return {
    action: 'restore',
    title: `Create ${resource.kind} ${resource.namespace}/${newName} from ${job.initialSavepointPath as string}`,
    resource: { ...resource, name: newName },
    method: 'create',
    body: {
      apiVersion: String(obj.apiVersion ?? OPERATOR_API_VERSION),
      kind: resource.kind,
      metadata: { name: newName, namespace: resource.namespace, ...(Object.keys(labels).length ? { labels } : {}) },
      spec,
    },
    expect: { created: newName },
  };
}

/** `v1:2,v2:3` from `{v1: 2, v2: 3}`; vertex ids are 32 hex characters. */
export function formatOverrides(overrides: Record<string, number>): string {
  return Object.entries(overrides)
    .map(([v, p]) => `${v}:${p}`)
    .join(',');
}

/** Parses what the user typed: `4`, or `vertexId:2,vertexId:3`. */
export function parseRescaleInput(text: string): { parallelism: number } | { overrides: Record<string, number> } {
  const t = text.trim();
  const positive = (s: string, what: string): number => {
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 32768)
      throw new OperatorActionError(`${what} must be a whole number from 1 to 32768 (got "${s}").`);
    return Number(s);
  };
  if (!t.includes(':')) return { parallelism: positive(t, 'The parallelism') };
  const overrides: Record<string, number> = {};
  for (const part of t.split(',').map((p) => p.trim())) {
    const [vertex = '', p = ''] = part.split(':').map((x) => x.trim());
    if (!/^[0-9a-f]{32}$/i.test(vertex))
      throw new OperatorActionError(
        `"${vertex}" is not a job vertex id (32 hex characters, as in Flink's job graph). Write vertexId:parallelism pairs separated by commas.`,
      );
    overrides[vertex.toLowerCase()] = positive(p, `The parallelism of vertex ${vertex}`);
  }
  return { overrides };
}

/** job.parallelism, or per-vertex overrides in flinkConfiguration; the operator upgrades the job. */
export function rescaleChange(
  obj: Obj,
  to: { parallelism: number } | { overrides: Record<string, number> },
): OperatorChange {
  const resource = refOfObject(obj);
  const job = jobOf(obj, 'rescaling');
  if ('parallelism' in to) {
    if (!Number.isInteger(to.parallelism) || to.parallelism < 1)
      throw new OperatorActionError(`The parallelism must be a whole number of at least 1 (got ${to.parallelism}).`);
    if (num(job.parallelism) === to.parallelism)
      throw new OperatorActionError(`${refText(resource)} already runs with parallelism ${to.parallelism}.`);
    return {
      action: 'rescale',
      title: `Rescale ${refText(resource)} to parallelism ${to.parallelism}`,
      resource,
      method: 'merge-patch',
      body: { spec: { job: { parallelism: to.parallelism } } },
      expect: { parallelism: to.parallelism },
    };
  }
  const value = formatOverrides(to.overrides);
  if (!value) throw new OperatorActionError('Give at least one vertexId:parallelism pair.');
  return {
    action: 'rescale',
    title: `Rescale vertices of ${refText(resource)} (${value})`,
    resource,
    method: 'merge-patch',
    body: { spec: { flinkConfiguration: { [OVERRIDES_KEY]: value } } },
    expect: { overrides: value },
  };
}

/** What the user reads under "Show patch": the kubectl equivalent, then the body. */
export function describeChange(c: OperatorChange, context: string): string {
  const r = c.resource;
  const head =
    c.method === 'create'
      ? `# kubectl --context ${context} create -f - <<EOF`
      : `# kubectl --context ${context} -n ${r.namespace} patch ${r.kind.toLowerCase()} ${r.name} --type merge -p "$(cat <<EOF`;
  return `# ${c.title}\n# context: ${context}, namespace: ${r.namespace}\n${head}\n${JSON.stringify(c.body, null, 2)}\nEOF${c.method === 'create' ? '' : '\n)"'}\n`;
}
