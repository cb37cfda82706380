// High availability: storage dir, cluster id, the RBAC Kubernetes HA needs, standby JobManagers.
import { lookup, toMap, type EffectiveConfig } from '../../flinkconf/cluster';
import type { ConfigEntry } from '../../flinkconf/parse-config';
import { asArr, asObj, get, str, type ManifestDoc } from '../../model/parse';
import { sameNamespace } from '../../model/workloads';
import type { RuleContext } from '../context';

const HA_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export function haMode(
  values: Map<string, ConfigEntry>,
): { entry: ConfigEntry; mode: 'kubernetes' | 'zookeeper' | 'custom' } | undefined {
  const entry = lookup(values, 'high-availability.type');
  const v = entry?.value?.trim().toLowerCase();
  if (!entry || !v || v === 'none') return undefined;
  const mode =
    v === 'kubernetes' || v.includes('kuberneteshaservicesfactory')
      ? 'kubernetes'
      : v === 'zookeeper'
        ? 'zookeeper'
        : 'custom';
  return { entry, mode };
}

export function checkHa(ctx: RuleContext): void {
  const done = new Set<object>();
  for (const ec of ctx.model.containers) {
    const ha = haMode(ec.values);
    if (!ha) {
      checkStandby(ctx, ec);
      continue;
    }
    if (!done.has(ha.entry)) {
      done.add(ha.entry);
      checkHaKeys(ctx, ec.values, ha.entry, ha.mode, false);
    }
    if (ha.mode === 'kubernetes') checkRbac(ctx, ec);
  }
  // A ConfigMap's Flink configuration that no container of the set reads (linted alone): checked as written.
  const read = new Set(ctx.model.containers.flatMap((ec) => [ec.file, ...ec.unread]).map((f) => f?.configMap));
  for (const [cm, files] of ctx.model.configFiles) {
    if (read.has(cm)) continue;
    for (const block of files.values()) {
      const values = toMap(block.entries);
      const ha = haMode(values);
      if (ha) checkHaKeys(ctx, values, ha.entry, ha.mode, false);
    }
  }
  for (const block of ctx.model.configFileBlocks) {
    const values = toMap(block.entries);
    const ha = haMode(values);
    if (ha) checkHaKeys(ctx, values, ha.entry, ha.mode, false);
  }
  for (const doc of ctx.model.byKind.get('FlinkDeployment') ?? []) {
    const values = toMap(ctx.model.operatorConfigs.get(doc)?.entries ?? []);
    const ha = haMode(values);
    if (ha) checkHaKeys(ctx, values, ha.entry, ha.mode, true);
    const replicas = get(doc.object, ['spec', 'jobManager', 'replicas']);
    if (!ha && typeof replicas === 'number' && replicas > 1) {
      ctx.report.at(
        doc,
        ['spec', 'jobManager', 'replicas'],
        'value',
        'error',
        'jobmanager-replicas-without-ha',
        `The operator rejects jobManager.replicas: ${replicas} without high availability ("High availability should be enabled when starting standby JobManagers"). Set high-availability.type: kubernetes with a storage dir, or use 1 replica.`,
      );
    }
  }
}

function checkHaKeys(
  ctx: RuleContext,
  values: Map<string, ConfigEntry>,
  entry: ConfigEntry,
  mode: string,
  operator: boolean,
): void {
  if (!values.get('high-availability.storageDir')) {
    ctx.report.atOffsets(
      entry.doc,
      entry.keyOffsets,
      'error',
      'ha-storage-dir-missing',
      `High availability is enabled (${entry.key}: ${entry.value}) but high-availability.storageDir is not set: the JobManager fails at startup, since HA keeps job metadata in that directory and only pointers in ${mode === 'zookeeper' ? 'ZooKeeper' : 'Kubernetes'}. Set high-availability.storageDir to a durable location (s3://, hdfs://, a shared volume).`,
    );
  }
  if (!operator && mode === 'kubernetes' && !values.get('kubernetes.cluster-id')) {
    ctx.report.atOffsets(
      entry.doc,
      entry.keyOffsets,
      'error',
      'ha-cluster-id-missing',
      `Kubernetes HA needs kubernetes.cluster-id (at most 45 characters, lowercase letters, digits and '-'): it names the leader ConfigMaps. Set it, e.g. kubernetes.cluster-id: my-flink-cluster.`,
    );
  }
}

function checkStandby(ctx: RuleContext, ec: EffectiveConfig): void {
  const t = ec.template;
  if (ec.container.role !== 'jobmanager' || t.kind !== 'Deployment' || !t.replicas || t.replicas <= 1) return;
  ctx.report.at(
    t.doc,
    ['spec', 'replicas'],
    'value',
    'warning',
    'jobmanager-replicas-without-ha',
    `${t.replicas} JobManager replicas without high availability start ${t.replicas} independent JobManagers behind one Service: TaskManagers and clients reach a different one each time. Use 1 replica, or enable HA (high-availability.type: kubernetes) for standby JobManagers.`,
  );
}

/** Kubernetes HA: the pods' service account must be allowed to create, edit and watch ConfigMaps (flink.md §4.8). */
function checkRbac(ctx: RuleContext, ec: EffectiveConfig): void {
  const t = ec.template;
  const sa = str(t.spec.serviceAccountName) ?? str(t.spec.serviceAccount);
  const path = [...t.specPath, 'serviceAccountName'];
  if (!sa || sa === 'default') {
    ctx.report.at(
      t.doc,
      sa ? path : [...t.specPath.slice(0, -1), 'spec'],
      'key',
      'warning',
      'ha-rbac-missing',
      `Kubernetes HA is enabled but the pods run as the "default" service account, which normally may not create or edit ConfigMaps: leader election fails and the JobManager never becomes leader. Set serviceAccountName to an account bound to a Role that allows ${HA_VERBS.join(', ')} on configmaps.`,
    );
    return;
  }
  const ns = t.namespace;
  const bindings = [
    ...(ctx.model.byKind.get('RoleBinding') ?? []),
    ...(ctx.model.byKind.get('ClusterRoleBinding') ?? []),
  ];
  const bound = bindings.filter((b) =>
    asArr(b.object?.subjects).some((s) => {
      const so = asObj(s);
      return (
        str(so?.kind) === 'ServiceAccount' &&
        str(so?.name) === sa &&
        sameNamespace(str(so?.namespace) ?? b.namespace, ns)
      );
    }),
  );
  if (bound.some((b) => grantsConfigMaps(ctx, b))) return;
  ctx.report.at(
    t.doc,
    path,
    'value',
    'warning',
    'ha-rbac-missing',
    bound.length
      ? `Service account ${sa} is bound, but not to a Role that allows ${HA_VERBS.join(', ')} on configmaps: Kubernetes HA leader election fails. Add those verbs to the Role.`
      : `Kubernetes HA is enabled but no RoleBinding in these manifests gives service account ${sa} access to ConfigMaps: leader election fails unless one exists in the cluster. Add a Role allowing ${HA_VERBS.join(', ')} on configmaps and a RoleBinding for ${sa}.`,
  );
}

function grantsConfigMaps(ctx: RuleContext, binding: ManifestDoc): boolean {
  const ref = asObj(binding.object?.roleRef);
  const kind = str(ref?.kind),
    name = str(ref?.name);
  if (kind === 'ClusterRole' && (name === 'edit' || name === 'admin' || name === 'cluster-admin')) return true;
  const role = (ctx.model.byKind.get(kind ?? '') ?? []).find(
    (r) => r.name === name && (kind === 'ClusterRole' || sameNamespace(r.namespace, binding.namespace)),
  );
  if (!role) return true; // the Role lives elsewhere: nothing to say
  return asArr(role.object?.rules).some((r) => {
    const ro = asObj(r);
    const res = asArr(ro?.resources).map(String);
    const verbs = asArr(ro?.verbs).map(String);
    const groups = asArr(ro?.apiGroups).map(String);
    return (
      (groups.includes('') || groups.includes('*')) &&
      (res.includes('configmaps') || res.includes('*')) &&
      (verbs.includes('*') || HA_VERBS.every((v) => verbs.includes(v)))
    );
  });
}
