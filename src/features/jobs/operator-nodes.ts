// The operator's resources in the explorer, all from what discovery already listed (no request of
// their own): a FlinkDeployment's operator rows, its FlinkSessionJobs, its FlinkStateSnapshots, and
// FlinkBlueGreenDeployments with the active side. Nodes carry `resource` (and `snapshot`) for the
// operator commands (flink.operator.*). Pure: no vscode.
import { formatAge, healthVerdict, type HealthLevel, type HealthVerdict } from '../../core/health/verdict';
import type { DiscoveredCluster } from '../../kube/discover';
import type { BlueGreenInfo, OperatorResourceRef, SessionJobInfo, SnapshotInfo } from '../../kube/operator-resources';
import type { JobOverviewEntry } from '../../flink/types';
import type { JobsNode, Presentation } from './nodes';

export type OperatorNode = Extract<JobsNode, { kind: 'sessionJob' | 'snapshots' | 'snapshot' | 'blueGreen' }>;

export function resourceRef(
  d: { context?: string; namespace: string; name: string },
  kind: OperatorResourceRef['kind'],
): OperatorResourceRef {
  return { context: d.context, namespace: d.namespace, kind, name: d.name };
}

/** Theme colour of a health level, for the node's icon. */
export function healthColor(level: HealthLevel): string | undefined {
  switch (level) {
    case 'failing':
      return 'errorForeground';
    case 'degraded':
      return 'problemsWarningIcon.foreground';
    case 'progressing':
      return 'charts.blue';
    case 'healthy':
      return 'testing.iconPassed';
    default:
      return undefined;
  }
}

export function healthTooltip(v: HealthVerdict | undefined): string | undefined {
  if (!v) return undefined;
  const lines = [`Health: ${v.level}: ${v.summary}`];
  if (v.causes.length > 1) for (const c of v.causes) lines.push(`  • ${c}`);
  return lines.join('\n');
}

/** A session job's verdict: the CR, its own events, and its job in the cluster's REST list when loaded. */
export function sessionJobHealth(j: SessionJobInfo, restJobs: JobOverviewEntry[] | undefined, now: number) {
  const rest = j.jobId ? restJobs?.find((x) => x.jid === j.jobId) : undefined;
  return healthVerdict({
    now,
    resource: { kind: 'FlinkSessionJob', lifecycleState: j.lifecycleState, jobState: j.jobState, error: j.error },
    events: j.events,
    job: rest ? { name: rest.name, state: rest.state } : undefined,
  });
}

/** The rows shown first under a FlinkDeployment cluster node. */
export function operatorChildren(
  clusterId: string,
  d: DiscoveredCluster,
  restJobs: JobOverviewEntry[] | undefined,
  now: number,
): JobsNode[] {
  if (d.kind !== 'operator') return [];
  const j = d.operatorJob;
  const out: JobsNode[] = [];
  const lifecycle = [
    d.lifecycleState ?? 'no status yet',
    d.jobManagerDeploymentStatus && `JobManager ${d.jobManagerDeploymentStatus}`,
  ];
  const job =
    d.deploymentMode === 'application'
      ? [
          `job ${j?.jobState ?? 'unknown'}`,
          j?.desiredState === 'suspended' ? 'suspended' : undefined,
          j?.upgradeMode && `upgrade mode ${j.upgradeMode}`,
        ]
      : ['session cluster'];
  out.push({
    id: `${clusterId}/operator`,
    kind: 'info',
    label: 'Operator',
    description: [...lifecycle, ...job].filter(Boolean).join(' · '),
    tooltip: [
      `FlinkDeployment ${d.namespace}/${d.name}`,
      `Lifecycle: ${d.lifecycleState ?? 'no status yet (is the operator running and watching this namespace?)'}`,
      d.jobManagerDeploymentStatus && `JobManager: ${d.jobManagerDeploymentStatus}`,
      j?.jobState && `Job: ${j.jobState}${j.jobId ? ` (${j.jobId})` : ''}`,
      j?.upgradeMode && `Upgrade mode: ${j.upgradeMode}`,
      d.blueGreen && `Blue/green: ${d.blueGreen.side} side of ${d.blueGreen.name} (${d.blueGreen.state ?? 'no state'})`,
      d.error && `Operator error: ${d.error}`,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: d.error ? 'error|errorForeground' : 'gear',
  });
  if (j?.lastSavepoint?.path)
    out.push({
      id: `${clusterId}/operator/savepoint`,
      kind: 'info',
      label: 'Last savepoint',
      description: `${j.lastSavepoint.at ? `${formatAge(now - j.lastSavepoint.at)} ago · ` : ''}${j.lastSavepoint.path}`,
      tooltip: `${j.lastSavepoint.path}${j.lastSavepoint.triggerType ? `\nTrigger: ${j.lastSavepoint.triggerType}` : ''}`,
      icon: 'save',
    });
  else if (j?.upgradeSavepointPath)
    out.push({
      id: `${clusterId}/operator/savepoint`,
      kind: 'info',
      label: 'Upgrade savepoint',
      description: j.upgradeSavepointPath,
      tooltip: j.upgradeSavepointPath,
      icon: 'save',
    });
  if (j?.lastCheckpointAt)
    out.push({
      id: `${clusterId}/operator/checkpoint`,
      kind: 'info',
      label: 'Last checkpoint (operator)',
      description: `${formatAge(now - j.lastCheckpointAt)} ago`,
      icon: 'save-all',
    });
  for (const sj of d.sessionJobs ?? [])
    out.push({
      id: `${clusterId}/sessionjob/${sj.name}`,
      kind: 'sessionJob',
      clusterId,
      job: sj,
      resource: resourceRef({ ...sj, context: d.context }, 'FlinkSessionJob'),
      health: sessionJobHealth(sj, restJobs, now),
    });
  if (d.snapshots?.length)
    out.push(snapshotsNode(clusterId, `${clusterId}/snapshots`, d.snapshots, resourceRef(d, 'FlinkDeployment')));
  return out;
}

function snapshotsNode(
  clusterId: string,
  id: string,
  snapshots: SnapshotInfo[],
  resource: OperatorResourceRef,
): JobsNode {
  return { id, kind: 'snapshots', clusterId, snapshots, resource };
}

/** Children of the operator nodes that have any, from the node's own data. */
export function operatorDerived(node: OperatorNode, clusterNode: (id: string) => JobsNode | undefined): JobsNode[] {
  if (node.kind === 'sessionJob') {
    const snaps = node.job.snapshots;
    return snaps.length ? [snapshotsNode(node.clusterId, `${node.id}/snapshots`, snaps, node.resource)] : [];
  }
  if (node.kind === 'snapshots')
    return [...node.snapshots]
      .sort((a, b) => (b.resultAt ?? b.createdAt ?? 0) - (a.resultAt ?? a.createdAt ?? 0))
      .map((s) => ({
        id: `${node.id}/${s.name}`,
        kind: 'snapshot',
        clusterId: node.clusterId,
        info: s,
        resource: node.resource,
        snapshot: { namespace: s.namespace, name: s.name },
      }));
  if (node.kind === 'blueGreen') return node.clusterIds.map(clusterNode).filter((n) => n !== undefined);
  return [];
}

const SNAPSHOT_ICON: Record<string, string> = {
  COMPLETED: 'pass|testing.iconPassed',
  FAILED: 'error|testing.iconFailed',
  ABANDONED: 'circle-slash',
};

export function presentOperator(node: OperatorNode, now: number): Presentation {
  switch (node.kind) {
    case 'sessionJob': {
      const j = node.job;
      const v = node.health;
      const state = [
        j.lifecycleState ?? 'no status yet',
        j.jobState && `job ${j.jobState}`,
        j.upgradeMode && `upgrade ${j.upgradeMode}`,
      ];
      const color = healthColor(v.level);
      return {
        label: j.name,
        description: v.level === 'healthy' || v.level === 'unknown' ? state.filter(Boolean).join(' · ') : v.summary,
        tooltip: [
          `FlinkSessionJob ${j.namespace}/${j.name} on ${j.deploymentName ?? '?'}`,
          `Lifecycle: ${j.lifecycleState ?? 'no status yet'}`,
          j.jobState && `Job: ${j.jobState}${j.jobId ? ` (${j.jobId})` : ''}`,
          j.upgradeMode && `Upgrade mode: ${j.upgradeMode}`,
          j.lastSavepoint?.path && `Last savepoint: ${j.lastSavepoint.path}`,
          j.error && `Operator error: ${j.error}`,
          healthTooltip(v),
        ]
          .filter(Boolean)
          .join('\n'),
        icon: `symbol-event${color ? `|${color}` : ''}`,
        contextValue: `operator.sessionJob.${j.desiredState === 'suspended' ? 'suspended' : 'running'}`,
        collapsible: j.snapshots.length ? 'collapsed' : 'none',
      };
    }
    case 'snapshots': {
      const done = node.snapshots.filter((s) => s.state === 'COMPLETED').length;
      return {
        label: 'Snapshots',
        description: `${node.snapshots.length} (${done} completed)`,
        tooltip: `FlinkStateSnapshots of ${node.resource.kind} ${node.resource.name}`,
        icon: 'history',
        contextValue: `operator.snapshots.${node.resource.kind}`,
        collapsible: 'collapsed',
      };
    }
    case 'snapshot': {
      const s = node.info;
      const at = s.resultAt ?? s.createdAt;
      return {
        label: s.name,
        description: [s.type, s.state, at ? `${formatAge(now - at)} ago` : undefined, s.path]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          `FlinkStateSnapshot ${s.namespace}/${s.name} (${s.type}) of ${s.jobReference ?? '?'}`,
          `State: ${s.state}${s.failures ? `, ${s.failures} failures` : ''}`,
          s.path && `Path: ${s.path}`,
          s.error && `Error: ${s.error}`,
        ]
          .filter(Boolean)
          .join('\n'),
        icon: SNAPSHOT_ICON[s.state] ?? 'loading~spin',
        contextValue: `operator.snapshot.${s.state === 'COMPLETED' && s.path ? 'completed' : s.state.toLowerCase()}`,
        collapsible: 'none',
      };
    }
    case 'blueGreen': {
      const b = node.info;
      return {
        label: b.name,
        description: [
          b.active ? `${b.active} active` : (b.state ?? 'no status yet'),
          b.jobState && `job ${b.jobState}`,
          'FlinkBlueGreenDeployment',
        ]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          `FlinkBlueGreenDeployment ${b.namespace}/${b.name}`,
          `State: ${b.state ?? 'no status yet'}`,
          b.active && `Active side: ${b.active}`,
          b.error && `Error: ${b.error}`,
        ]
          .filter(Boolean)
          .join('\n'),
        icon: b.error ? 'arrow-swap|errorForeground' : 'arrow-swap',
        contextValue: 'operator.blueGreen',
        collapsible: 'expanded',
      };
    }
  }
}

export type { BlueGreenInfo };
