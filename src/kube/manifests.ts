// The objects a deploy sends: read from the manifest model (with the source range of each document,
// for diagnostics), labelled so that "Delete Flink cluster" finds them, in dependency order.
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseManifests, rangeAt, type ManifestDoc, type PathSeg } from '../core/model/parse';
import type { Range, SourceFile } from '../core/validate/types';
import type { KubeError } from './errors';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'flink-vscode';
export const DEPLOY_ID_LABEL = 'flink-vscode/deploy-id';

export interface DeployObject {
  /** The manifest file and the document's range in it (0-based lines). */
  file: string;
  docIndex: number;
  range: Range;
  /** What is sent (a copy of the document with labels and namespace added). */
  object: KubernetesObject & Record<string, unknown>;
  apiVersion: string;
  kind: string;
  name: string;
  /** Set for namespaced kinds once the scope is resolved (see apply.ts resolveScopes). */
  namespace?: string;
  /** The parsed document, to place server errors on the field's line. */
  doc?: ManifestDoc;
}

export interface ManifestProblem {
  file: string;
  range: Range;
  message: string;
}

export interface ReadResult {
  objects: DeployObject[];
  problems: ManifestProblem[];
}

/** Documents that are not Kubernetes objects (no kind/apiVersion/name) are reported, not sent. */
export function readDeployObjects(files: SourceFile[]): ReadResult {
  const set = parseManifests(files);
  const objects: DeployObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const f of set.files) {
    for (const p of f.problems) {
      problems.push({ file: f.path, range: f.lines.range(p.offsets[0], p.offsets[1]), message: p.message });
    }
  }
  for (const d of set.docs) {
    if (!d.object) continue;
    if (!d.kind || !d.apiVersion || !d.name) {
      const missing = [!d.apiVersion && 'apiVersion', !d.kind && 'kind', !d.name && 'metadata.name']
        .filter(Boolean)
        .join(', ');
      problems.push({
        file: d.file,
        range: d.range,
        message: `This document cannot be deployed: it has no ${missing}.`,
      });
      continue;
    }
    if (d.kind === 'List' || d.kind.endsWith('List')) {
      problems.push({
        file: d.file,
        range: d.range,
        message: `${d.kind} documents are not supported by deploy: list the items as separate documents.`,
      });
      continue;
    }
    const object = structuredClone(d.object) as DeployObject['object'];
    objects.push({
      file: d.file,
      docIndex: d.index,
      range: d.range,
      object,
      apiVersion: d.apiVersion,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      doc: d,
    });
  }
  return { objects, problems };
}

/** A deploy id usable as a label value: lowercase alphanumerics and '-', at most 63 chars. */
export function deployIdFrom(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/\.(ya?ml|json)$/, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return id || 'flink';
}

/** Adds the managed-by label (unless the manifest sets its own) and the deploy id label. */
export function labelObject(o: DeployObject, deployId: string): void {
  const meta = (o.object.metadata ??= {});
  const labels = (meta.labels ??= {});
  if (!(MANAGED_BY_LABEL in labels)) labels[MANAGED_BY_LABEL] = MANAGED_BY;
  labels[DEPLOY_ID_LABEL] = deployId;
}

export function deploySelector(deployId: string): string {
  return `${DEPLOY_ID_LABEL}=${deployId}`;
}

const RANKS: Record<string, number> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
  ServiceAccount: 2,
  Role: 2,
  ClusterRole: 2,
  RoleBinding: 3,
  ClusterRoleBinding: 3,
  ConfigMap: 4,
  Secret: 4,
  StorageClass: 5,
  PersistentVolume: 5,
  PersistentVolumeClaim: 6,
  Service: 7,
  Deployment: 8,
  StatefulSet: 8,
  DaemonSet: 8,
  ReplicaSet: 8,
  Job: 8,
  CronJob: 8,
  Pod: 8,
  FlinkDeployment: 10,
  FlinkSessionJob: 11,
  FlinkStateSnapshot: 12,
};
const BUILTIN_GROUP = /^(v1|[a-z0-9]+\/v[0-9a-z]+|[a-z0-9.]+\.k8s\.io\/v[0-9a-z]+)$/;

/** Dependency rank: Namespace, ServiceAccount/RBAC, ConfigMap/Secret, PVC, Service, workloads, CRs. */
export function rankOf(kind: string, apiVersion: string): number {
  const rank = RANKS[kind];
  if (rank !== undefined) return rank;
  // Other built-ins (Ingress, NetworkPolicy, PodDisruptionBudget, HPA...) go with the workloads; custom resources last.
  return BUILTIN_GROUP.test(apiVersion) ? 9 : 10;
}

/** Stable sort by rank (file order within a rank). */
export function sortForApply<T extends Pick<DeployObject, 'kind' | 'apiVersion'>>(objs: readonly T[]): T[] {
  return objs
    .map((o, i) => ({ o, i, r: rankOf(o.kind, o.apiVersion) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.o);
}

/** Objects grouped into tiers of equal rank, in apply order (objects in a tier are independent). */
export function applyTiers<T extends Pick<DeployObject, 'kind' | 'apiVersion'>>(objs: readonly T[]): T[][] {
  const tiers: T[][] = [];
  let last = -1;
  let tier: T[] = [];
  for (const o of sortForApply(objs)) {
    const r = rankOf(o.kind, o.apiVersion);
    if (r !== last) {
      tier = [];
      tiers.push(tier);
    }
    tier.push(o);
    last = r;
  }
  return tiers;
}

/** Delete order: the reverse of apply order. */
export function sortForDelete<T extends Pick<DeployObject, 'kind' | 'apiVersion'>>(objs: readonly T[]): T[] {
  return sortForApply(objs).reverse();
}

export function objectRef(o: Pick<DeployObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** `spec.template.spec.containers[0].name` -> ['spec', 'template', 'spec', 'containers', 0, 'name']. */
export function fieldPath(field: string): PathSeg[] {
  const out: PathSeg[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return out;
}

/**
 * Where a server error belongs in the manifest: one location per invalid field (422 causes),
 * else the object's name. Messages stay the error's own.
 */
export function errorLocations(o: DeployObject, e: KubeError): { range: Range; message: string }[] {
  const causes = (e.details?.causes ?? []).filter((c) => c.field);
  // Strict field validation (400): `.spec.replicaz: field not declared in schema`.
  if (!causes.length) {
    for (const m of e.message.matchAll(
      /(?:^|[\s:(])\.([A-Za-z0-9_\-[\].]+): (field not declared in schema|duplicate field "[^"]*"|unknown field "[^"]*")/g,
    ))
      causes.push({ field: m[1], message: m[2] });
  }
  if (o.doc && causes.length) {
    return causes.map((c) => ({
      range: rangeAt(o.doc!, fieldPath(c.field!)),
      message: `${c.field}: ${c.message ?? c.reason ?? 'invalid'} (rejected by the API server's dry-run)`,
    }));
  }
  const range = o.doc ? rangeAt(o.doc, ['metadata', 'name']) : o.range;
  return [{ range, message: e.message }];
}
