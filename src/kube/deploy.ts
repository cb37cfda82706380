// The deploy pipeline without any UI: scopes and operator CRDs, missing namespaces, server-side
// dry-run of every object, diff, confirmation, server-side apply in dependency order. The
// questions to the user are callbacks, answered by the VS Code adapter (or by a test).
import {
  applyAll,
  createNamespaces,
  describeResults,
  dryRunAll,
  mapLimit,
  missingNamespaces,
  readLive,
  resolveScopes,
  type ApplyResult,
  type PlannedObject,
} from './apply';
import type { KubeClient } from './client';
import { changedPaths, maskSecrets, normalizeForDiff, toYaml, unifiedDiff } from './diff';
import type { KubeError } from './errors';
import { DEPLOY_ID_LABEL, MANAGED_BY, MANAGED_BY_LABEL, objectRef, type DeployObject } from './manifests';
import { planLabels } from './ownership';

export interface PlanSummary {
  context: string;
  server: string;
  /** The chosen namespace (objects without one go there). */
  namespace: string;
  /** Every namespace the objects go to (manifests may name their own). */
  namespaces: string[];
  create: PlannedObject[];
  update: PlannedObject[];
  unchanged: PlannedObject[];
}

export interface DeployQuestions {
  /** Namespaces that do not exist: create them? */
  createNamespaces(names: string[], target: { context: string; server: string }): Promise<boolean>;
  /** Conflicts with other field managers: take the fields over (force)? */
  forceConflicts(conflicts: PlannedObject[]): Promise<boolean>;
  /** Show what changes (objects that exist and change). */
  showDiff?(changed: PlannedObject[]): Promise<void>;
  /** The final confirmation; never skipped by the adapter's default. */
  confirm(summary: PlanSummary): Promise<boolean>;
  progress?(message: string): void;
}

export type DeployStatus = 'applied' | 'unchanged' | 'rejected' | 'cancelled' | 'failed';

export interface DeployOutcome {
  status: DeployStatus;
  message: string;
  plan: PlannedObject[];
  results: ApplyResult[];
  /** Errors attached to objects (dry-run rejections, unknown kinds), for diagnostics on their lines. */
  objectErrors: { obj: DeployObject; error: KubeError }[];
  createdNamespaces: string[];
  /** The id recorded on the objects this deploy created (once the objects were read). */
  deployId?: string;
  /** Objects that existed without this deploy's id: applied over but not marked as created. */
  adopted: string[];
}

export interface DeployOptions {
  /** An id recorded for these manifests earlier; default: the id their live objects carry, else a new one. */
  deployId?: string;
  force?: boolean;
  signal?: AbortSignal;
  /** Each object's apply result as its tier finishes (progress; the fault suite stops the API server here). */
  onResult?: (r: ApplyResult) => void;
}

/** The diff text of one planned object (live vs. dry-run result), both sides normalized. */
export function diffOf(p: PlannedObject): { before: string; after: string; unified: string; paths: string[] } {
  const live = normalizeForDiff(p.live);
  const next = normalizeForDiff(p.dryRun ?? p.object);
  maskSecrets(live, next);
  const before = toYaml(live);
  const after = toYaml(next);
  return { before, after, unified: unifiedDiff(before, after, objectRef(p)), paths: changedPaths(p.live, p.dryRun) };
}

/** Several errors as one message: RBAC denials of the same user merged into one sentence. */
export function summarizeErrors(errors: KubeError[]): string {
  const denied = errors.filter((e) => e.reason === 'Forbidden' && e.verb && e.resource);
  const parts: string[] = [];
  const groups = new Map<string, KubeError[]>();
  for (const e of denied) {
    const k = `${e.details?.user ?? ''}|${e.namespace ?? ''}|${e.details?.context ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  for (const g of groups.values()) {
    const [e] = g;
    if (!e) continue;
    const what = [...new Set(g.map((x) => `${x.verb} ${x.resource}`))].join(', ');
    parts.push(
      `Permission denied${e.details?.context ? ` in context "${e.details.context}"` : ''}: ${e.details?.user ? `user "${e.details.user}"` : 'your user'} cannot ${what}${e.namespace ? ` in namespace "${e.namespace}"` : ''}. Ask a cluster admin for these RBAC permissions, or switch to a context that has them.`,
    );
  }
  for (const e of errors) if (!denied.includes(e)) parts.push(e.message);
  return parts.join(' ');
}

function outcome(status: DeployStatus, message: string, partial: Partial<DeployOutcome> = {}): DeployOutcome {
  return { status, message, plan: [], results: [], objectErrors: [], createdNamespaces: [], adopted: [], ...partial };
}

export async function deploy(
  client: KubeClient,
  objects: DeployObject[],
  q: DeployQuestions,
  opts: DeployOptions,
): Promise<DeployOutcome> {
  const created: string[] = [];
  const ids: { deployId?: string; adopted: string[] } = { adopted: [] };
  let result: DeployOutcome;
  try {
    result = { ...(await deploySteps(client, objects, q, opts, created, ids)), ...ids };
  } catch (e) {
    // Errors before the apply step (discovery, namespace checks, dry-run transport): nothing applied.
    const err = e as KubeError;
    result = outcome(err.reason === 'Cancelled' ? 'cancelled' : 'failed', `Nothing was applied: ${err.message}`, {
      createdNamespaces: [...created],
      ...ids,
    });
  }
  // A missing namespace is created before the dry-run (objects in it cannot be dry-run otherwise).
  // When nothing is applied in the end (cancelled at the confirmation, rejected by the dry-run), it
  // is removed again: a deploy that was not confirmed leaves nothing behind.
  if (created.length && !result.results.some((r) => r.outcome === 'created' || r.outcome === 'configured')) {
    const removed = await removeNamespaces(client, created);
    const kept = created.filter((n) => !removed.includes(n));
    const note = [
      removed.length ? `Namespace ${removed.join(', ')} (created for the dry-run) was removed again.` : '',
      kept.length ? `Namespace ${kept.join(', ')} could not be removed: delete it yourself if you do not need it.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    result = {
      ...result,
      message: `${result.message.replace(/ Created namespace [^.]*\./, '')} ${note}`,
      createdNamespaces: kept,
    };
  }
  return result;
}

/** Best effort: the namespaces this deploy created and then did not use; returns those removed. */
async function removeNamespaces(client: KubeClient, names: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    try {
      await client.call({ verb: 'delete', kind: 'Namespace', name }, (api) =>
        api.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
      );
      removed.push(name);
    } catch {
      // Reported in the message; the user decides.
    }
  }
  return removed;
}

async function deploySteps(
  client: KubeClient,
  objects: DeployObject[],
  q: DeployQuestions,
  opts: DeployOptions,
  createdNamespaces: string[],
  ids: { deployId?: string; adopted: string[] },
): Promise<DeployOutcome> {
  const target = `context "${client.context}", namespace "${client.namespace}"`;
  if (!objects.length)
    return outcome('rejected', 'There is nothing to deploy: the manifests contain no Kubernetes objects.');
  q.progress?.('Checking kinds and namespaces');
  const scopeErrors = await resolveScopes(client, objects);
  if (scopeErrors.size) {
    const objectErrors = [...scopeErrors].map(([obj, error]) => ({ obj, error }));
    const first = objectErrors[0]?.error.message ?? '';
    return outcome(
      'rejected',
      `Nothing was applied: ${first}${objectErrors.length > 1 ? ` (and ${objectErrors.length - 1} more)` : ''}`,
      { objectErrors },
    );
  }

  // Only objects that do not exist yet (or that this deploy created before) get the deploy id:
  // delete removes those and never what was there before.
  const lives = await mapLimit(objects, 6, (o) => readLive(client, o));
  const labels = planLabels(objects, lives, opts.deployId);
  ids.deployId = labels.deployId;
  ids.adopted = labels.adopted.map((o) => objectRef(o));

  const missing = await missingNamespaces(client, objects);
  if (missing.length) {
    const ok = await q.createNamespaces(missing, { context: client.context, server: client.server });
    if (!ok)
      return outcome(
        'cancelled',
        `Nothing was applied: namespace ${missing.map((m) => `"${m}"`).join(', ')} does not exist in ${target}.`,
      );
    await createNamespaces(client, missing, objects, {
      [MANAGED_BY_LABEL]: MANAGED_BY,
      [DEPLOY_ID_LABEL]: labels.deployId,
    });
    createdNamespaces.push(...missing);
  }
  const nsNote = createdNamespaces.length ? ` Created namespace ${createdNamespaces.join(', ')}.` : '';

  q.progress?.(`Server-side dry-run of ${objects.length} objects`);
  let plan = await dryRunAll(client, objects, { force: opts.force });
  const conflicts = plan.filter((p) => p.error?.reason === 'Conflict' && p.error.details?.conflicts?.length);
  const others = plan.filter((p) => p.error && !conflicts.includes(p));
  if (others.length) {
    const objectErrors = others.map((p) => ({ obj: p as DeployObject, error: p.error! }));
    return outcome(
      'rejected',
      `The server's dry-run rejected ${others.length} of ${plan.length} objects; nothing was applied.${nsNote} ${summarizeErrors(others.map((p) => p.error!))}`,
      { plan, objectErrors, createdNamespaces },
    );
  }
  let force = opts.force ?? false;
  if (conflicts.length) {
    if (!(await q.forceConflicts(conflicts))) {
      return outcome('cancelled', `Nothing was applied: ${conflicts.map((p) => p.error!.message).join(' ')}${nsNote}`, {
        plan,
        createdNamespaces,
        objectErrors: conflicts.map((p) => ({ obj: p, error: p.error! })),
      });
    }
    force = true;
    plan = await dryRunAll(client, objects, { force });
    const still = plan.filter((p) => p.error);
    if (still.length) {
      return outcome(
        'rejected',
        `The server's dry-run rejected ${still.length} objects; nothing was applied.${nsNote} ${summarizeErrors(still.map((p) => p.error!))}`,
        { plan, objectErrors: still.map((p) => ({ obj: p, error: p.error! })), createdNamespaces },
      );
    }
  }

  const summary: PlanSummary = {
    context: client.context,
    server: client.server,
    namespace: client.namespace,
    namespaces: [...new Set(plan.map((p) => p.namespace).filter((n): n is string => !!n))].sort(),
    create: plan.filter((p) => p.change === 'create'),
    update: plan.filter((p) => p.change === 'update'),
    unchanged: plan.filter((p) => p.change === 'unchanged'),
  };
  if (!summary.create.length && !summary.update.length) {
    return outcome('unchanged', `No changes: all ${plan.length} objects already match ${target}.${nsNote}`, {
      plan,
      createdNamespaces,
    });
  }
  if (summary.update.length && q.showDiff) await q.showDiff(summary.update);
  if (!(await q.confirm(summary))) {
    return outcome('cancelled', `Deploy cancelled; nothing was applied.${nsNote}`, { plan, createdNamespaces });
  }
  if (opts.signal?.aborted)
    return outcome('cancelled', `Deploy cancelled; nothing was applied.${nsNote}`, { plan, createdNamespaces });

  q.progress?.(`Applying ${summary.create.length + summary.update.length} objects to ${target}`);
  const results = await applyAll(
    client,
    plan.filter((p) => p.change !== 'unchanged'),
    { force, onResult: opts.onResult },
  );
  const unchanged = plan
    .filter((p) => p.change === 'unchanged')
    .map((obj): ApplyResult => ({ obj, outcome: 'unchanged' }));
  const all = [...results, ...unchanged];
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length) {
    return outcome('failed', `Deploy to ${target} failed. ${describeResults(all)}${nsNote}`, {
      plan,
      results: all,
      createdNamespaces,
      objectErrors: failed.map((r) => ({ obj: r.obj, error: r.error! })),
    });
  }
  const created = results.filter((r) => r.outcome === 'created').length;
  const configured = results.filter((r) => r.outcome === 'configured').length;
  return outcome(
    'applied',
    `Applied to ${target}: ${created} created, ${configured} configured, ${unchanged.length} unchanged.${nsNote}`,
    { plan, results: all, createdNamespaces },
  );
}
