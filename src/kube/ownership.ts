// Which objects a deploy created, so that "Delete Flink cluster" removes those and nothing else.
// A deploy id is random and recorded at deploy time on the objects it creates (the deploy-id
// label); objects that existed before (adopted: applied over, not created) never get it, so they,
// and above all Namespaces, PVCs and Secrets someone else made, are never deleted by us.
import { createHash, randomBytes } from 'node:crypto';
import { DEPLOY_ID_LABEL, MANAGED_BY, MANAGED_BY_LABEL, objectRef, type DeployObject } from './manifests';

/** Kinds whose loss is not recoverable by a redeploy: deleted only when this deploy created them. */
export const PROTECTED_KINDS = new Set(['Namespace', 'PersistentVolumeClaim', 'Secret']);

const UNIQUE_ID = /^d-[0-9a-z]{12}$/;
/** Which manifest files made an object (a hash of their paths): an id is reused only by them. */
export const SOURCE_ANNOTATION = 'flink-vscode/deploy-source';

/** A short hash of the manifests' file paths (paths themselves never go to the cluster). */
export function deploySource(objects: readonly Pick<DeployObject, 'file'>[]): string {
  const files = [...new Set(objects.map((o) => o.file))].sort().join('\n');
  return createHash('sha256').update(files).digest('hex').slice(0, 16);
}

/** A fresh deploy id: `d-` and 12 random base-36 characters (a valid label value). */
export function newDeployId(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += (b % 36).toString(36);
  return `d-${s}`;
}

/** Ids made by newDeployId; older ids came from file names and may be shared by two deploys. */
export function isUniqueDeployId(id: string): boolean {
  return UNIQUE_ID.test(id);
}

type Live = Record<string, unknown> | undefined;

export function liveLabels(live: Live): Record<string, string> {
  const labels = (live?.metadata as { labels?: Record<string, unknown> } | undefined)?.labels ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

function liveAnnotation(live: Live, key: string): string | undefined {
  const v = (live?.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The deploy ids carried by the live objects, most frequent first; with `source`, only ids of
 * objects made from the same manifest files (an adopted object may carry another deploy's id).
 */
export function idsOnLive(lives: readonly Live[], source?: string): string[] {
  const counts = new Map<string, number>();
  for (const l of lives) {
    if (source !== undefined && liveAnnotation(l, SOURCE_ANNOTATION) !== source) continue;
    const id = liveLabels(l)[DEPLOY_ID_LABEL];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

export interface LabelPlan {
  deployId: string;
  /** Objects that did not exist: created by this deploy, labelled with its id. */
  created: DeployObject[];
  /** Objects this deploy created before (their live copy carries the id): labelled again. */
  owned: DeployObject[];
  /** Objects that existed without this deploy's id: applied over, never labelled as ours. */
  adopted: DeployObject[];
}

/**
 * Decides the deploy id (the given one, else the one that objects made from the same manifest
 * files carry, else a new one) and labels the objects: created and owned ones get the id,
 * managed-by and the source hash; adopted ones get nothing new, but keep another deploy's marks
 * (all deploys share one field manager, so leaving them out of the apply would remove them).
 */
export function planLabels(objects: DeployObject[], lives: readonly Live[], given?: string): LabelPlan {
  const source = deploySource(objects);
  const deployId = given ?? idsOnLive(lives, source)[0] ?? newDeployId();
  const plan: LabelPlan = { deployId, created: [], owned: [], adopted: [] };
  objects.forEach((o, i) => {
    const live = lives[i];
    const meta = (o.object.metadata ??= {});
    const theirs = liveLabels(live)[DEPLOY_ID_LABEL];
    if (live && theirs !== deployId) {
      plan.adopted.push(o);
      if (theirs) {
        const labels = (meta.labels ??= {});
        labels[DEPLOY_ID_LABEL] = theirs;
        const managedBy = liveLabels(live)[MANAGED_BY_LABEL];
        if (managedBy && !(MANAGED_BY_LABEL in labels)) labels[MANAGED_BY_LABEL] = managedBy;
        const theirSource = liveAnnotation(live, SOURCE_ANNOTATION);
        if (theirSource) (meta.annotations ??= {})[SOURCE_ANNOTATION] = theirSource;
      }
      return;
    }
    (live ? plan.owned : plan.created).push(o);
    const labels = (meta.labels ??= {});
    if (!(MANAGED_BY_LABEL in labels)) labels[MANAGED_BY_LABEL] = MANAGED_BY;
    labels[DEPLOY_ID_LABEL] = deployId;
    (meta.annotations ??= {})[SOURCE_ANNOTATION] = source;
  });
  return plan;
}

export interface DeleteTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface KeptObject {
  target: DeleteTarget;
  /** Why it stays, in words for the confirmation. */
  reason: string;
}

export interface DeletePlan {
  /** The deploy ids whose objects are removed. */
  deployIds: string[];
  /** Created by this deploy: deleted after the confirmation. */
  remove: DeleteTarget[];
  /** Namespaces created by this deploy: deleted only after a second, explicit confirmation. */
  namespaces: DeleteTarget[];
  /** Named in the manifests but not created by this deploy: listed, never deleted. */
  keep: KeptObject[];
  /** Named in the manifests, not in the cluster. */
  absent: DeleteTarget[];
}

/**
 * Sorts the manifests' objects (with their live copies) and the objects found by the deploy-id
 * label into what is removed and what stays. `ids`: the deploys to remove (recorded ones, or
 * those found on the live objects).
 */
export function classifyForDelete(
  targets: readonly DeleteTarget[],
  lives: readonly Live[],
  labelled: readonly { target: DeleteTarget; live?: Live }[],
  ids: readonly string[],
): DeletePlan {
  const plan: DeletePlan = { deployIds: [...ids], remove: [], namespaces: [], keep: [], absent: [] };
  const key = (t: DeleteTarget) => `${t.apiVersion}|${t.kind}|${t.namespace ?? ''}|${t.name}`;
  const seen = new Set<string>();
  const consider = (t: DeleteTarget, live: Live) => {
    if (seen.has(key(t))) return;
    seen.add(key(t));
    const id = liveLabels(live)[DEPLOY_ID_LABEL];
    if (id && ids.includes(id)) {
      (t.kind === 'Namespace' ? plan.namespaces : plan.remove).push(t);
      return;
    }
    const what = PROTECTED_KINDS.has(t.kind) ? `${t.kind === 'Namespace' ? 'a Namespace' : `a ${t.kind}`} ` : '';
    plan.keep.push({
      target: t,
      reason: id
        ? `${what}created by another deploy, id ${id}`
        : `${what}not created by a deploy of this extension: it existed before, or was made elsewhere`,
    });
  };
  targets.forEach((t, i) => {
    const live = lives[i];
    if (!live) {
      if (!seen.has(key(t))) plan.absent.push(t);
      seen.add(key(t));
      return;
    }
    consider(t, live);
  });
  for (const l of labelled) consider(l.target, l.live);
  return plan;
}

/** One paragraph for a confirmation or the output channel. */
export function describeDeletePlan(plan: DeletePlan): string {
  const refs = (ts: readonly DeleteTarget[]) => ts.map((t) => objectRef(t)).join(', ');
  const parts: string[] = [];
  parts.push(plan.remove.length ? `Delete: ${refs(plan.remove)}.` : 'Nothing that this deploy created is left.');
  if (plan.namespaces.length)
    parts.push(`Namespaces created by this deploy (asked separately): ${refs(plan.namespaces)}.`);
  if (plan.keep.length) parts.push(`Kept: ${plan.keep.map((k) => `${objectRef(k.target)} (${k.reason})`).join(', ')}.`);
  if (plan.absent.length) parts.push(`Not in the cluster: ${refs(plan.absent)}.`);
  return parts.join(' ');
}
