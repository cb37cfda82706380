// "Delete Flink cluster": removes what a deploy created (the objects carrying its deploy id, named
// in the manifests or left over), in reverse dependency order, then waits until gone. What the
// deploy did not create is listed, never deleted (ownership.ts decides).
import type { KubernetesObject } from '@kubernetes/client-node';
import { mapLimit, readLive, resolveScopes } from './apply';
import { sleep, type KubeClient } from './client';
import { KubeError } from './errors';
import { DEPLOY_ID_LABEL, deploySelector, objectRef, sortForDelete, type DeployObject } from './manifests';
import {
  classifyForDelete,
  deploySource,
  idsOnLive,
  isUniqueDeployId,
  type DeletePlan,
  type DeleteTarget,
} from './ownership';

export type { DeletePlan, DeleteTarget } from './ownership';

export type DeleteOutcome = 'deleted' | 'absent' | 'failed' | 'pending';

export interface DeleteResult {
  target: DeleteTarget;
  outcome: DeleteOutcome;
  error?: KubeError;
}

/** Kinds a Flink deploy creates, searched when deleting by label. */
export const LABELLED_KINDS: { apiVersion: string; kind: string; namespaced: boolean }[] = [
  { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkSessionJob', namespaced: true },
  { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', namespaced: true },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', namespaced: true },
];

/** Objects labelled with the deploy id in a namespace (kinds the cluster does not serve are skipped). */
export async function findDeployed(client: KubeClient, deployId: string, namespace: string): Promise<DeleteTarget[]> {
  const out: DeleteTarget[] = [];
  for (const k of LABELLED_KINDS) {
    try {
      const list = await client.call({ verb: 'list', kind: k.kind, namespace }, (api) =>
        api.list(k.apiVersion, k.kind, namespace, undefined, undefined, undefined, undefined, deploySelector(deployId)),
      );
      for (const item of list.items as KubernetesObject[])
        out.push({ apiVersion: k.apiVersion, kind: k.kind, name: item.metadata?.name ?? '', namespace });
    } catch (e) {
      const err = e as KubeError;
      if (err.status === 404 || /Unrecognized API version and kind/.test(String((err.cause as Error)?.message)))
        continue;
      throw err;
    }
  }
  return out;
}

/** The manifests' objects as delete targets (scopes resolved against the server). */
export async function targetsFromObjects(client: KubeClient, objs: DeployObject[]): Promise<DeleteTarget[]> {
  const errors = await resolveScopes(client, objs);
  // Kinds the server does not serve cannot exist there: nothing to delete for them.
  return objs
    .filter((o) => !errors.has(o))
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace }));
}

/**
 * What deleting these manifests removes: the objects created by their deploy (the id recorded on
 * them; `deployIds` when the caller recorded it), plus objects left over with that id when it is
 * a unique one. Everything else they name is kept and listed; Namespaces are listed apart.
 */
export async function planDelete(
  client: KubeClient,
  objs: DeployObject[],
  opts: { deployIds?: string[] } = {},
): Promise<DeletePlan> {
  const targets = await targetsFromObjects(client, objs);
  const lives = await mapLimit(targets, 6, (t) => readLive(client, t));
  // Only the id of objects made from these same files: an adopted object may carry another deploy's id.
  const found = idsOnLive(lives, deploySource(objs))[0];
  const ids = opts.deployIds?.length ? opts.deployIds : found ? [found] : [];
  const namespaces = new Set([client.namespace, ...targets.map((t) => t.namespace).filter((n): n is string => !!n)]);
  const labelled: { target: DeleteTarget; live: Record<string, unknown> }[] = [];
  // Ids made from file names (older deploys) may be shared by two deploys: no label search for those.
  for (const id of ids.filter(isUniqueDeployId))
    for (const ns of namespaces)
      for (const target of await findDeployed(client, id, ns))
        labelled.push({ target, live: { metadata: { labels: { [DEPLOY_ID_LABEL]: id } } } });
  // Namespaces the deploy created carry its id too: listed apart, for a second confirmation.
  for (const ns of namespaces) {
    const target = { apiVersion: 'v1', kind: 'Namespace', name: ns };
    const live = await readLive(client, target).catch(() => undefined); // no permission: not ours to judge
    const id = (live?.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[DEPLOY_ID_LABEL];
    if (live && id && ids.includes(id)) labelled.push({ target, live });
  }
  return classifyForDelete(targets, lives, labelled, ids);
}

async function exists(client: KubeClient, t: DeleteTarget): Promise<boolean> {
  try {
    await client.call({ verb: 'get', kind: t.kind, name: t.name, namespace: t.namespace }, (api) =>
      api.read({ apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name, namespace: t.namespace } }),
    );
    return true;
  } catch (e) {
    if ((e as KubeError).status === 404) return false;
    throw e;
  }
}

export interface DeleteOptions {
  signal?: AbortSignal;
  /** Wait until the objects are gone (Namespaces excepted: they terminate in the background). Default 60 s; 0 = do not wait. */
  waitMs?: number;
  onProgress?: (message: string) => void;
}

export async function deleteTargets(
  client: KubeClient,
  targets: DeleteTarget[],
  opts: DeleteOptions = {},
): Promise<DeleteResult[]> {
  const ordered = sortForDelete(targets);
  const results: DeleteResult[] = [];
  // Reverse tiers: CRs first (the operator cleans up after them), Namespaces last.
  for (const t of ordered) {
    opts.onProgress?.(`Deleting ${objectRef(t)}`);
    try {
      await client.call({ verb: 'delete', kind: t.kind, name: t.name, namespace: t.namespace }, (api) =>
        api.delete(
          { apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name, namespace: t.namespace } },
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        ),
      );
      results.push({ target: t, outcome: 'deleted' });
    } catch (e) {
      const err = e as KubeError;
      results.push(
        err.status === 404 ? { target: t, outcome: 'absent' } : { target: t, outcome: 'failed', error: err },
      );
    }
  }
  const waitMs = opts.waitMs ?? 60_000;
  if (waitMs > 0) {
    const deadline = Date.now() + waitMs;
    let pending = results.filter((r) => r.outcome === 'deleted' && r.target.kind !== 'Namespace');
    while (pending.length && Date.now() < deadline) {
      opts.onProgress?.(`Waiting for ${pending.length} objects to go away`);
      const still = await mapLimit(pending, 6, (r) => exists(client, r.target));
      pending = pending.filter((_, i) => still[i]);
      if (pending.length) await sleep(500, opts.signal);
    }
    for (const r of pending) r.outcome = 'pending';
  }
  return results;
}

export function describeDelete(results: DeleteResult[], target: string): string {
  const names = (o: DeleteOutcome) => results.filter((r) => r.outcome === o).map((r) => objectRef(r.target));
  const parts: string[] = [];
  const deleted = names('deleted');
  parts.push(deleted.length ? `Deleted from ${target}: ${deleted.join(', ')}.` : `Nothing was deleted from ${target}.`);
  const absent = names('absent');
  if (absent.length) parts.push(`Already absent: ${absent.join(', ')}.`);
  const pending = names('pending');
  if (pending.length) parts.push(`Still terminating: ${pending.join(', ')}.`);
  for (const r of results.filter((x) => x.outcome === 'failed'))
    parts.push(`Not deleted: ${objectRef(r.target)}: ${r.error?.message}`);
  return parts.join(' ');
}
