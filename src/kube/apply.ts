// Server-side apply in dependency order, and the server-side dry-run that precedes it.
import type { KubernetesObject, V1APIResource } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import { sameObject } from './diff';
import { KubeError } from './errors';
import { applyTiers, objectRef, type DeployObject } from './manifests';
import { serverSideApply } from './ssa';

// client-node's discovery lookup (cached per client) is protected in its typings.
interface Discovery {
  resource(apiVersion: string, kind: string): Promise<V1APIResource | undefined>;
}

export const OPERATOR_GROUP = 'flink.apache.org';

export type Change = 'create' | 'update' | 'unchanged';

export interface PlannedObject extends DeployObject {
  /** The object in the cluster before the deploy (plain JSON), if it exists. */
  live?: Record<string, unknown>;
  /** The server's dry-run result of applying `object`. */
  dryRun?: Record<string, unknown>;
  change?: Change;
  error?: KubeError;
}

export type Outcome = 'created' | 'configured' | 'unchanged' | 'failed' | 'not-applied';

export interface ApplyResult {
  obj: PlannedObject;
  outcome: Outcome;
  error?: KubeError;
  applied?: Record<string, unknown>;
}

const plain = (o: unknown) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

function what(o: Pick<DeployObject, 'kind' | 'name' | 'namespace'>, verb: string) {
  return { verb, kind: o.kind, name: o.name, namespace: o.namespace };
}

/** Runs `fn` over `items` with at most `limit` at a time, in order of start. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  // One iterator shared by all workers: each takes the next item when it is free.
  const pending = items.entries();
  const worker = async () => {
    for (const [i, item] of pending) out[i] = await fn(item, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function operatorMissing(o: DeployObject, client: KubeClient): KubeError {
  return new KubeError(
    `${o.kind} "${o.name}" needs the Flink Kubernetes Operator, but the cluster (context "${client.context}") does not serve ${o.apiVersion} ${o.kind}: the operator's CRDs are not installed. Install the Flink Kubernetes Operator (its Helm chart installs the CRDs), or deploy a standalone session cluster instead.`,
    { reason: 'NoOperator', kind: o.kind, name: o.name, namespace: o.namespace, verb: 'apply', resource: o.apiVersion },
  );
}

/**
 * Looks each kind up in the API server's discovery: sets the namespace of namespaced objects
 * (the manifest's or the chosen one), clears it on cluster-scoped ones, and reports kinds the
 * server does not know (with the operator's CRDs named for flink.apache.org kinds).
 */
export async function resolveScopes(client: KubeClient, objs: DeployObject[]): Promise<Map<DeployObject, KubeError>> {
  const errors = new Map<DeployObject, KubeError>();
  // One discovery lookup per apiVersion (client-node caches the resource list per apiVersion), in parallel.
  const byVersion = new Map<string, Promise<unknown>>();
  for (const o of objs) {
    if (!byVersion.has(o.apiVersion))
      byVersion.set(
        o.apiVersion,
        client
          .call(what(o, 'discover'), (api) => (api as unknown as Discovery).resource(o.apiVersion, o.kind))
          .catch(() => undefined),
      );
  }
  await Promise.all(byVersion.values());
  for (const o of objs) {
    let resource;
    try {
      resource = await client.call(what(o, 'discover'), (api) =>
        (api as unknown as Discovery).resource(o.apiVersion, o.kind),
      );
    } catch (e) {
      const err = e as KubeError;
      if (err.status === 404) {
        errors.set(
          o,
          o.apiVersion.startsWith(`${OPERATOR_GROUP}/`)
            ? operatorMissing(o, client)
            : new KubeError(
                `The cluster does not serve ${o.apiVersion} (for ${o.kind} "${o.name}"): the API group is not installed or the apiVersion was removed. Use an apiVersion the cluster serves, or install its CRDs.`,
                { reason: 'NoKind', kind: o.kind, name: o.name },
              ),
        );
        continue;
      }
      throw err;
    }
    if (!resource) {
      errors.set(
        o,
        o.apiVersion.startsWith(`${OPERATOR_GROUP}/`)
          ? operatorMissing(o, client)
          : new KubeError(
              `The cluster serves ${o.apiVersion} but has no kind ${o.kind} in it (for "${o.name}"). Check the kind's spelling and apiVersion.`,
              { reason: 'NoKind', kind: o.kind, name: o.name },
            ),
      );
      continue;
    }
    const meta = (o.object.metadata ??= {});
    if (resource.namespaced) {
      o.namespace = o.namespace || client.namespace;
      meta.namespace = o.namespace;
    } else {
      o.namespace = undefined;
      delete meta.namespace;
    }
  }
  return errors;
}

/** Namespaces the objects go to that do not exist yet (whether or not the manifests define them). */
export async function missingNamespaces(client: KubeClient, objs: DeployObject[]): Promise<string[]> {
  const names = [...new Set(objs.map((o) => o.namespace).filter((n): n is string => !!n))];
  const found = await Promise.all(
    names.map(async (ns) => {
      try {
        await client.call({ verb: 'get', kind: 'Namespace', name: ns }, (api) =>
          api.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
        );
        return true;
      } catch (e) {
        const err = e as KubeError;
        if (err.status === 404) return false;
        if (err.status === 403) return true; // without permission to read namespaces, let the dry-run tell
        throw err;
      }
    }),
  );
  return names.filter((_, i) => !found[i]);
}

/** Creates the namespaces, from the manifests' Namespace objects when they have them. */
export async function createNamespaces(
  client: KubeClient,
  names: string[],
  objs: DeployObject[],
  labels: Record<string, string>,
): Promise<void> {
  for (const ns of names) {
    const fromManifest = objs.find((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name === ns);
    const body: KubernetesObject = fromManifest?.object ?? {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels },
    };
    await client.call({ verb: 'create', kind: 'Namespace', name: ns }, (api) => serverSideApply(api, body));
  }
}

/** The object as it is in the cluster (plain JSON), or undefined when it does not exist. */
export async function readLive(
  client: KubeClient,
  o: Pick<DeployObject, 'apiVersion' | 'kind' | 'name' | 'namespace'>,
): Promise<Record<string, unknown> | undefined> {
  try {
    const live = await client.call(what(o, 'get'), (api) =>
      api.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } }),
    );
    return plain(live);
  } catch (e) {
    if ((e as KubeError).status === 404) return undefined;
    throw e;
  }
}

/**
 * Dry-run (dryRun=All) of every object: admission, schema and conflict errors come back per object
 * without anything being stored. Reads the live object for the diff and the no-op check.
 */
export async function dryRunAll(
  client: KubeClient,
  objs: DeployObject[],
  opts: { force?: boolean; concurrency?: number } = {},
): Promise<PlannedObject[]> {
  return mapLimit(objs, opts.concurrency ?? 6, async (o) => {
    const p: PlannedObject = { ...o };
    try {
      // The live read and the dry-run are independent: both at once.
      const [live, dry] = await Promise.all([
        readLive(client, o),
        client.call(what(o, 'apply'), (api) => serverSideApply(api, o.object, { dryRun: true, force: opts.force })),
      ]);
      p.live = live;
      p.dryRun = plain(dry);
      p.change = !p.live ? 'create' : sameObject(p.live, p.dryRun) ? 'unchanged' : 'update';
    } catch (e) {
      const err = e as KubeError;
      // CRDs removed a moment ago may still be in discovery: the server then answers 404 for the kind.
      p.error =
        err.status === 404 && err.details?.causes === undefined && o.apiVersion.startsWith(`${OPERATOR_GROUP}/`)
          ? operatorMissing(o, client)
          : err;
    }
    return p;
  });
}

/**
 * Applies tier by tier (Namespace, RBAC, config, storage, Services, workloads, CRs); objects in a
 * tier go in parallel. After a tier with a failure nothing further is applied.
 */
export async function applyAll(
  client: KubeClient,
  objs: PlannedObject[],
  opts: { force?: boolean; onResult?: (r: ApplyResult) => void; concurrency?: number } = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  let failed = false;
  for (const tier of applyTiers(objs)) {
    if (failed) {
      for (const obj of tier) results.push({ obj, outcome: 'not-applied' });
      continue;
    }
    const tierResults = await mapLimit(tier, opts.concurrency ?? 8, async (obj): Promise<ApplyResult> => {
      try {
        const applied = plain(
          await client.call(what(obj, 'apply'), (api) => serverSideApply(api, obj.object, { force: opts.force })),
        );
        const before = (obj.live?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        const after = (applied.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        const outcome: Outcome =
          obj.live === undefined && obj.change === undefined
            ? 'configured'
            : !obj.live
              ? 'created'
              : before === after
                ? 'unchanged'
                : 'configured';
        return { obj, outcome, applied };
      } catch (e) {
        return { obj, outcome: 'failed', error: e as KubeError };
      }
    });
    for (const r of tierResults) {
      results.push(r);
      opts.onResult?.(r);
      if (r.outcome === 'failed') failed = true;
    }
  }
  return results;
}

/** One message: what was applied, what failed (and why), what was not applied. */
export function describeResults(results: ApplyResult[]): string {
  const by = (o: Outcome) => results.filter((r) => r.outcome === o);
  const names = (rs: ApplyResult[]) => rs.map((r) => objectRef(r.obj)).join(', ');
  const parts: string[] = [];
  const done = [...by('created'), ...by('configured'), ...by('unchanged')];
  if (done.length) parts.push(`Applied: ${names(done)}.`);
  else parts.push('Nothing was applied.');
  for (const r of by('failed')) parts.push(`Failed: ${objectRef(r.obj)}: ${r.error?.message ?? 'unknown error'}`);
  const rest = by('not-applied');
  if (rest.length) parts.push(`Not applied: ${names(rest)}.`);
  return parts.join(' ');
}
