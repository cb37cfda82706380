// Kubernetes object basics: apiVersion/kind present, removed apiVersions (with the fix), kinds this
// validator does not know.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { asObj, get, locate, offsetsAt, own, str, type ManifestDoc } from '../../model/parse';
import { edit, fix, type RuleContext } from '../context';
import type { Fix, TextEdit } from '../types';

interface Removal {
  replacement?: string;
  removedIn: string;
  simple: boolean;
}

/** Removed apiVersions seen in old Flink tutorials (flink.md §5). `simple`: same schema, so the fix only renames. */
const REMOVED: Record<string, Record<string, Removal>> = {
  Deployment: {
    'extensions/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta2': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
  },
  ReplicaSet: {
    'extensions/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta2': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
  },
  StatefulSet: {
    'apps/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta2': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
  },
  DaemonSet: {
    'extensions/v1beta1': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
    'apps/v1beta2': { replacement: 'apps/v1', removedIn: '1.16', simple: true },
  },
  NetworkPolicy: { 'extensions/v1beta1': { replacement: 'networking.k8s.io/v1', removedIn: '1.16', simple: true } },
  Ingress: {
    'extensions/v1beta1': { replacement: 'networking.k8s.io/v1', removedIn: '1.22', simple: false },
    'networking.k8s.io/v1beta1': { replacement: 'networking.k8s.io/v1', removedIn: '1.22', simple: false },
  },
  CustomResourceDefinition: {
    'apiextensions.k8s.io/v1beta1': { replacement: 'apiextensions.k8s.io/v1', removedIn: '1.22', simple: false },
  },
  Role: {
    'rbac.authorization.k8s.io/v1beta1': {
      replacement: 'rbac.authorization.k8s.io/v1',
      removedIn: '1.22',
      simple: true,
    },
  },
  ClusterRole: {
    'rbac.authorization.k8s.io/v1beta1': {
      replacement: 'rbac.authorization.k8s.io/v1',
      removedIn: '1.22',
      simple: true,
    },
  },
  RoleBinding: {
    'rbac.authorization.k8s.io/v1beta1': {
      replacement: 'rbac.authorization.k8s.io/v1',
      removedIn: '1.22',
      simple: true,
    },
  },
  ClusterRoleBinding: {
    'rbac.authorization.k8s.io/v1beta1': {
      replacement: 'rbac.authorization.k8s.io/v1',
      removedIn: '1.22',
      simple: true,
    },
  },
  CronJob: { 'batch/v1beta1': { replacement: 'batch/v1', removedIn: '1.25', simple: true } },
  PodDisruptionBudget: { 'policy/v1beta1': { replacement: 'policy/v1', removedIn: '1.25', simple: true } },
  PodSecurityPolicy: { 'policy/v1beta1': { removedIn: '1.25', simple: false } },
  HorizontalPodAutoscaler: {
    'autoscaling/v2beta1': { replacement: 'autoscaling/v2', removedIn: '1.25', simple: false },
    'autoscaling/v2beta2': { replacement: 'autoscaling/v2', removedIn: '1.26', simple: true },
  },
};

/** The only version the operator's CRDs serve (operator 1.0 and later; schemas/flink-operator.json). */
const OPERATOR_API = 'flink.apache.org/v1beta1';
const OPERATOR_KINDS = new Set([
  'FlinkDeployment',
  'FlinkSessionJob',
  'FlinkStateSnapshot',
  'FlinkBlueGreenDeployment',
]);

/** Kinds known without a schema (core ones are also covered by the shipped schemas). */
export const KNOWN_KINDS = new Set([
  'ConfigMap',
  'Secret',
  'Service',
  'ServiceAccount',
  'Namespace',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'Pod',
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'Ingress',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'CustomResourceDefinition',
  'List',
  'LimitRange',
  'ResourceQuota',
  'StorageClass',
  'FlinkDeployment',
  'FlinkSessionJob',
  'FlinkStateSnapshot',
  'FlinkBlueGreenDeployment',
  'PodSecurityPolicy',
  'Endpoints',
  'EndpointSlice',
  'PriorityClass',
]);

export function checkKube(ctx: RuleContext): void {
  const crdKinds = new Set(
    (ctx.model.byKind.get('CustomResourceDefinition') ?? [])
      .map((d) => str(get(d.object, ['spec', 'names', 'kind'])))
      .filter(Boolean),
  );
  for (const d of ctx.set.docs) {
    if (!d.object || d.configFile) continue;
    if (!d.apiVersion || !d.kind) {
      const missing = [!d.apiVersion && 'apiVersion', !d.kind && 'kind'].filter(Boolean).join(' and ');
      ctx.report.at(
        d,
        [],
        'key',
        'error',
        'missing-kind',
        `This document has no ${missing}: kubectl rejects it ("Object 'Kind' is missing"). Add ${missing}.`,
      );
      continue;
    }
    const byVersion = own(REMOVED, d.kind);
    const removal = byVersion && own(byVersion, d.apiVersion);
    if (removal) {
      ctx.report.at(
        d,
        ['apiVersion'],
        'value',
        'error',
        'removed-api-version',
        `${d.apiVersion} ${d.kind} is no longer served since Kubernetes ${removal.removedIn}: the API server rejects it ("no matches for kind ${d.kind} in version ${d.apiVersion}").${removal.replacement ? ` Use ${removal.replacement}${d.kind === 'Deployment' ? ', which also requires spec.selector' : ''}${removal.simple ? '' : ' (the schema changed: fields need rewriting)'}.` : ' It has no replacement.'}`,
        removal.replacement && removal.simple ? removalFix(d, removal.replacement) : undefined,
      );
      continue;
    }
    if (OPERATOR_KINDS.has(d.kind) && d.apiVersion.startsWith('flink.apache.org/') && d.apiVersion !== OPERATOR_API) {
      ctx.report.at(
        d,
        ['apiVersion'],
        'value',
        'error',
        'operator-api-version-removed',
        `${d.apiVersion} ${d.kind} is not served by the Flink Kubernetes Operator since 1.0 (its CRDs serve ${OPERATOR_API} only): the API server rejects it ("no matches for kind ${d.kind} in version ${d.apiVersion}"). Use ${OPERATOR_API}; v1alpha1 fields changed, so check the spec against the operator documentation.`,
        [fix(`Change to ${OPERATOR_API}`, edit(d, offsetsAt(d, ['apiVersion']), OPERATOR_API))],
      );
      continue;
    }
    const known =
      KNOWN_KINDS.has(d.kind) ||
      (d.kind === 'Template' && d.apiVersion.startsWith('template.openshift.io/')) ||
      crdKinds.has(d.kind) ||
      !!ctx.opts.schemas?.schemaFor(d.apiVersion, d.kind);
    if (!known) {
      ctx.report.at(
        d,
        ['kind'],
        'value',
        'info',
        'unknown-kind',
        `${d.apiVersion} ${d.kind} is not a kind this validator knows; only YAML syntax was checked. Connect to a cluster to validate it against the schema the cluster serves.`,
      );
    }
  }
}

function removalFix(d: ManifestDoc, to: string): Fix[] {
  const edits: TextEdit[] = [edit(d, offsetsAt(d, ['apiVersion']), to)];
  const selectorKinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];
  let title = `Change to ${to}`;
  if (selectorKinds.includes(d.kind ?? '') && get(d.object, ['spec', 'selector']) === undefined) {
    const labels = asObj(get(d.object, ['spec', 'template', 'metadata', 'labels']));
    const spec = locate(d.yaml, ['spec']).node;
    const ins = labels && Object.keys(labels).length && isMap(spec) ? firstKeyLineStart(d, spec as YAMLMap) : undefined;
    if (ins && labels) {
      const lines = Object.entries(labels)
        .map(([k, v]) => `${ins.indent}    ${k}: ${JSON.stringify(str(v) ?? '')}`)
        .join('\n');
      edits.push(edit(d, [ins.offset, ins.offset], `${ins.indent}selector:\n${ins.indent}  matchLabels:\n${lines}\n`));
      title = `Change to ${to} and add spec.selector from the template labels`;
    }
  }
  return [fix(title, ...edits)];
}

function firstKeyLineStart(d: ManifestDoc, map: YAMLMap): { offset: number; indent: string } | undefined {
  if (map.flow) return undefined;
  const k = map.items[0]?.key;
  if (!isScalar(k) || !k.range) return undefined;
  const pos = d.lines.position(k.range[0]);
  const start = d.lines.lineStart(pos.line);
  if (d.lines.text.slice(start, k.range[0]).trim() !== '') return undefined;
  return { offset: start, indent: ' '.repeat(pos.character) };
}
