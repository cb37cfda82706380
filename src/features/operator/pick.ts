// The operator commands' argument (from the explorer) or, without one, QuickPicks: the
// FlinkDeployments with a job and FlinkSessionJobs of the current context, then the snapshots of
// the chosen resource. Also the kube client for the resource's own context.
import * as vscode from 'vscode';
import { createKubeClient, type KubeClient } from '../../kube/client';
import { KubeError } from '../../kube/errors';
import type { OperatorKind, OperatorResourceRef, SnapshotRef } from '../../kube/operator-actions';
import { operatorKindServed } from '../../kube/operator-actions-apply';
import type { SnapshotStatus } from '../../kube/operator-status';
import { OPERATOR_API_VERSION, listSnapshots } from '../../kube/operator-watch';
import { resolveTarget, contextsFor } from '../../kube/target';
import type { TargetStore } from '../shared/kube-target';
import { UserError } from '../shared/problems';
import { kubeSettings } from '../shared/settings';

export interface OperatorArg {
  resource: OperatorResourceRef;
  snapshot?: SnapshotRef;
}

const KINDS = new Set<OperatorKind>(['FlinkDeployment', 'FlinkSessionJob']);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The command argument, checked; undefined when there is none (the user picks). */
export function parseArg(arg: unknown): OperatorArg | undefined {
  if (arg === undefined || arg === null) return undefined;
  const a = arg as { resource?: Record<string, unknown>; snapshot?: Record<string, unknown> };
  const r = a.resource;
  if (!r || !isStr(r.namespace) || !isStr(r.name) || !KINDS.has(r.kind as OperatorKind))
    throw new UserError(
      'This command needs a FlinkDeployment or FlinkSessionJob: run it from the Flink explorer or the command palette (it then asks which one).',
    );
  if (r.context !== undefined && !isStr(r.context)) throw new UserError('The resource names an invalid context.');
  const s = a.snapshot;
  if (s !== undefined && (!s || !isStr(s.namespace) || !isStr(s.name)))
    throw new UserError('The snapshot argument needs a namespace and a name. Pick the snapshot from the list instead.');
  return {
    resource: {
      context: r.context as string | undefined,
      namespace: r.namespace,
      kind: r.kind as OperatorKind,
      name: r.name,
    },
    snapshot: s ? { namespace: s.namespace as string, name: s.name as string } : undefined,
  };
}

/** A client on the resource's context (the explorer's node may be of another context than the status bar's). */
export function clientFor(
  store: TargetStore,
  ref: { context?: string; namespace: string },
  signal?: AbortSignal,
): KubeClient {
  const settings = kubeSettings();
  if (ref.context && !contextsFor(settings).some((c) => c.name === ref.context))
    throw new UserError(
      `The kubeconfig has no context "${ref.context}" (any more). Refresh the explorer, or switch to a context that has the resource.`,
      ['Switch Context'],
    );
  const target = ref.context
    ? resolveTarget({ context: ref.context, namespace: ref.namespace }, settings)
    : store.target();
  return createKubeClient(target.kc, { signal });
}

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

async function listKind(client: KubeClient, kind: OperatorKind): Promise<Obj[]> {
  const list = (ns?: string) =>
    client.call({ verb: 'list', kind, namespace: ns }, (api) => api.list(OPERATOR_API_VERSION, kind, ns));
  let res;
  try {
    res = await list(undefined);
  } catch (e) {
    // Users allowed one namespace only: list that one.
    if ((e as KubeError).status !== 403) throw e;
    res = await list(client.namespace);
  }
  return JSON.parse(JSON.stringify(res.items)) as Obj[];
}

/** Asks for a FlinkDeployment with a job, or a FlinkSessionJob, of the current context. */
export async function pickResource(store: TargetStore, title: string): Promise<OperatorResourceRef | undefined> {
  const target = store.target();
  const client = createKubeClient(target.kc);
  if (!(await operatorKindServed(client, 'FlinkDeployment')))
    throw new KubeError(
      `Context "${target.context}" has no Flink Kubernetes Operator: its CRDs (FlinkDeployment) are not installed. Install the operator or switch context.`,
      { reason: 'NoOperator', kind: 'FlinkDeployment' },
    );
  const items = [
    ...(await listKind(client, 'FlinkDeployment')).filter((d) => Object.keys(o(o(d.spec).job)).length),
    ...((await operatorKindServed(client, 'FlinkSessionJob')) ? await listKind(client, 'FlinkSessionJob') : []),
  ].map((d) => {
    const meta = o(d.metadata);
    const status = o(d.status);
    const kind = d.kind === 'FlinkSessionJob' ? 'FlinkSessionJob' : 'FlinkDeployment';
    const ref: OperatorResourceRef = {
      context: target.context,
      namespace: String(meta.namespace),
      kind,
      name: String(meta.name),
    };
    const state = [status.lifecycleState, o(status.jobStatus).state].filter(Boolean).join(', ');
    return { label: ref.name, description: `${kind} · ${ref.namespace}`, detail: state || 'no status yet', ref };
  });
  if (!items.length)
    throw new UserError(
      `Context "${target.context}" has no application FlinkDeployment or FlinkSessionJob. Deploy one first (a session cluster alone has no job to act on).`,
      ['Switch Context'],
    );
  const picked = await vscode.window.showQuickPick(items, {
    title: `${title} (context ${target.context})`,
    placeHolder: 'FlinkDeployment or FlinkSessionJob',
    matchOnDescription: true,
  });
  return picked?.ref;
}

/** Asks for a COMPLETED snapshot of the resource, newest first. */
export async function pickSnapshot(client: KubeClient, ref: OperatorResourceRef): Promise<SnapshotStatus | undefined> {
  if (!(await operatorKindServed(client, 'FlinkStateSnapshot')))
    throw new UserError(
      `Context "${client.context}" has no FlinkStateSnapshot resources (an operator before 1.10): restore needs a savepoint path; set job.initialSavepointPath and savepointRedeployNonce in the manifest and deploy it.`,
    );
  const snaps = (await listSnapshots(client, ref.namespace, ref.name)).filter((s) => s.state === 'COMPLETED' && s.path);
  if (!snaps.length)
    throw new UserError(
      `${ref.kind} ${ref.namespace}/${ref.name} has no completed snapshot. Trigger a savepoint first ("Flink: Trigger savepoint or checkpoint").`,
    );
  const picked = await vscode.window.showQuickPick(
    [...snaps].reverse().map((s) => ({ label: s.name, description: s.type, detail: s.path, snap: s })),
    { title: `Restore ${ref.name} from which snapshot?`, matchOnDetail: true },
  );
  return picked?.snap;
}
