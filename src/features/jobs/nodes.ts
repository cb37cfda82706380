// The job explorer's nodes and how each one looks (label, description, icon, contextValue). Pure:
// no vscode, so the labels and grouping are unit-tested; provider.ts maps Presentation to TreeItem.
import type { ClusterRef } from '../shared/cluster-ref';
import type { JobException } from '../../flink/exceptions';
import type {
  CheckpointStats,
  ClusterOverview,
  JobOverviewEntry,
  JobStatus,
  JobVertex,
  LogFileInfo,
  TaskManagerInfo,
} from '../../flink/types';
import type { HealthVerdict } from '../../core/health/verdict';
import type { Incident } from '../../core/incidents/store';
import { incidentRow } from '../../core/incidents/text';
import type { BlueGreenInfo, OperatorResourceRef, SessionJobInfo, SnapshotInfo } from '../../kube/operator-resources';
import { formatBytes, formatDuration, formatStart, plural } from './format';
import { healthColor, healthTooltip, presentOperator } from './operator-nodes';

export type { ClusterRef } from '../shared/cluster-ref';

export type JobSection = 'vertices' | 'checkpoints' | 'exceptions' | 'configuration';

interface Base {
  id: string;
}
export type JobsNode = Base &
  (
    | {
        kind: 'cluster';
        cluster: ClusterRef;
        overview?: ClusterOverview;
        version?: string;
        /** Operator clusters: the FlinkDeployment, for the operator commands. */
        resource?: OperatorResourceRef;
        health?: HealthVerdict;
      }
    | {
        kind: 'sessionJob';
        clusterId: string;
        job: SessionJobInfo;
        resource: OperatorResourceRef;
        health: HealthVerdict;
      }
    | { kind: 'snapshots'; clusterId: string; snapshots: SnapshotInfo[]; resource: OperatorResourceRef }
    | {
        kind: 'snapshot';
        clusterId: string;
        info: SnapshotInfo;
        resource: OperatorResourceRef;
        snapshot: { namespace: string; name: string };
      }
    | { kind: 'blueGreen'; info: BlueGreenInfo; clusterIds: string[] }
    | { kind: 'overview'; clusterId: string; overview: ClusterOverview; version?: string }
    | { kind: 'stateGroup'; clusterId: string; state: JobStatus; count: number }
    | { kind: 'job'; clusterId: string; job: JobOverviewEntry; managedByOperator: boolean }
    | { kind: 'section'; clusterId: string; jobId: string; section: JobSection; count?: number }
    | { kind: 'vertex'; clusterId: string; jobId: string; vertex: JobVertex }
    | {
        kind: 'checkpoint';
        clusterId: string;
        jobId: string;
        checkpoint: CheckpointStats;
        role?: 'latest completed' | 'latest savepoint' | 'latest failed';
      }
    | { kind: 'exception'; clusterId: string; jobId: string; exception: JobException }
    | { kind: 'taskmanagers'; clusterId: string; count?: number }
    | { kind: 'taskmanager'; clusterId: string; tm: TaskManagerInfo }
    | { kind: 'jobmanager'; clusterId: string }
    | { kind: 'incidents'; clusterId: string; count: number }
    | { kind: 'incident'; clusterId: string; incident: Incident }
    | { kind: 'logFile'; clusterId: string; taskManagerId?: string; file: LogFileInfo }
    | { kind: 'info'; label: string; description?: string; tooltip?: string; icon?: string }
    | { kind: 'loading'; label: string }
    | { kind: 'error'; message: string; detail?: string; levelId: string }
  );

export interface Presentation {
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id, with an optional theme color id after a '|' (e.g. "error|errorForeground"). */
  icon?: string;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Command to run on click: [command id, ...args]. */
  command?: { id: string; title: string; args: unknown[] };
}

/** Display order of job states: active first, then terminal. */
export const STATE_ORDER: JobStatus[] = [
  'RUNNING',
  'RESTARTING',
  'FAILING',
  'CANCELLING',
  'INITIALIZING',
  'CREATED',
  'RECONCILING',
  'SUSPENDED',
  'FAILED',
  'CANCELED',
  'FINISHED',
];

export const TERMINAL_STATES: ReadonlySet<JobStatus> = new Set(['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED']);

export function stateIcon(state: string): string {
  switch (state) {
    case 'RUNNING':
      return 'play-circle|testing.iconPassed';
    case 'FINISHED':
      return 'pass|testing.iconPassed';
    case 'FAILED':
      return 'error|testing.iconFailed';
    case 'FAILING':
    case 'RESTARTING':
      return 'warning|problemsWarningIcon.foreground';
    case 'CANCELED':
    case 'CANCELLING':
      return 'circle-slash';
    case 'SUSPENDED':
      return 'debug-pause';
    default:
      return 'loading~spin';
  }
}

/** Jobs grouped by state, groups in STATE_ORDER, jobs newest first inside a group. */
export function groupJobs(jobs: readonly JobOverviewEntry[]): Array<{ state: JobStatus; jobs: JobOverviewEntry[] }> {
  const by = new Map<JobStatus, JobOverviewEntry[]>();
  for (const j of jobs) by.set(j.state, [...(by.get(j.state) ?? []), j]);
  const known = STATE_ORDER.filter((s) => by.has(s));
  const unknown = [...by.keys()].filter((s) => !STATE_ORDER.includes(s)).sort();
  return [...known, ...unknown].map((state) => ({
    state,
    jobs: (by.get(state) ?? []).sort((a, b) => b['start-time'] - a['start-time']),
  }));
}

export function clusterIsSession(c: ClusterRef): boolean {
  return c.discovered?.kind !== 'operator' || c.discovered.deploymentMode === 'session';
}

function clusterContext(c: ClusterRef): string {
  if (c.source === 'settings') return 'cluster.rest';
  const d = c.discovered;
  if (!d || d.kind === 'standalone' || d.kind === 'native') return 'cluster.standalone';
  if (d.deploymentMode === 'session') return 'cluster.operator.session';
  return `cluster.operator.application.${d.job?.state === 'suspended' ? 'suspended' : 'running'}`;
}

export function present(node: JobsNode, now: number = Date.now()): Presentation {
  switch (node.kind) {
    case 'cluster': {
      const c = node.cluster;
      const d = c.discovered;
      const v = node.health;
      const parts: string[] = [];
      // A verdict that needs attention says why, first; otherwise the usual facts.
      if (v && v.level !== 'healthy' && v.level !== 'unknown') parts.push(v.summary);
      else if (d?.kind === 'operator') parts.push(d.lifecycleState ?? 'no status');
      if (d?.blueGreen) parts.push(`${d.blueGreen.side}${d.blueGreen.active === d.blueGreen.side ? ' (active)' : ''}`);
      if (node.version) parts.push(node.version);
      if (c.source === 'settings') parts.push(c.url ?? '');
      else if (d)
        parts.push(
          `${d.namespace}${d.kind === 'operator' ? ' · FlinkDeployment' : d.kind === 'native' ? ' · native' : ''}`,
        );
      const tip = [
        `${c.name}`,
        c.url ? `REST: ${c.url}` : undefined,
        d
          ? `Kubernetes: context ${d.context}, namespace ${d.namespace}, JobManager pods ${d.jobManagerSelector}`
          : undefined,
        d?.kind === 'native' ? "Started by Flink's native Kubernetes mode" : undefined,
        d?.lifecycleState
          ? `Lifecycle: ${d.lifecycleState}${d.jobManagerDeploymentStatus ? `, JobManager ${d.jobManagerDeploymentStatus}` : ''}`
          : undefined,
        d?.error ? `Operator error: ${d.error}` : undefined,
        healthTooltip(v),
      ]
        .filter(Boolean)
        .join('\n');
      const shape = d?.kind === 'operator' ? 'cloud' : d ? 'server-environment' : 'server';
      const color = v
        ? healthColor(v.level)
        : d?.kind === 'operator' && (d.lifecycleState === 'FAILED' || d.error)
          ? 'errorForeground'
          : undefined;
      return {
        label: c.name,
        description: parts.filter(Boolean).join(' · '),
        tooltip: tip,
        icon: color ? `${shape}|${color}` : shape,
        contextValue: clusterContext(c),
        collapsible: 'collapsed',
      };
    }
    case 'sessionJob':
    case 'snapshots':
    case 'snapshot':
    case 'blueGreen':
      return presentOperator(node, now);
    case 'overview': {
      const o = node.overview;
      return {
        label: node.version ? `Flink ${node.version}` : 'Flink',
        description: `${plural(o.taskmanagers, 'TaskManager')} · ${o['slots-total']} slots, ${o['slots-available']} free`,
        tooltip: `Jobs: ${o['jobs-running']} running, ${o['jobs-finished']} finished, ${o['jobs-cancelled']} canceled, ${o['jobs-failed']} failed`,
        icon: 'info',
        contextValue: 'overview',
        collapsible: 'none',
      };
    }
    case 'stateGroup':
      return {
        label: node.state,
        description: String(node.count),
        icon: stateIcon(node.state),
        contextValue: 'stateGroup',
        collapsible: node.state === 'RUNNING' ? 'expanded' : 'collapsed',
      };
    case 'job': {
      const j = node.job;
      const active = !TERMINAL_STATES.has(j.state);
      return {
        label: j.name,
        description: `${formatDuration(j.duration)} · started ${formatStart(j['start-time'], now)}`,
        tooltip: `${j.name}\n${j.jid}\nState: ${j.state}\nStarted: ${new Date(j['start-time']).toISOString()}${j['end-time'] > 0 ? `\nEnded: ${new Date(j['end-time']).toISOString()}` : ''}\nDuration: ${formatDuration(j.duration)}`,
        icon: stateIcon(j.state),
        contextValue: `job.${active ? 'active' : 'terminal'}${node.managedByOperator ? '.managed' : ''}`,
        collapsible: 'collapsed',
      };
    }
    case 'section': {
      const titles: Record<JobSection, [string, string]> = {
        vertices: ['Vertices', 'type-hierarchy'],
        checkpoints: ['Checkpoints', 'save-all'],
        exceptions: ['Exceptions', 'bug'],
        configuration: ['Configuration', 'settings-gear'],
      };
      const [label, icon] = titles[node.section];
      return {
        label,
        description: node.count !== undefined ? String(node.count) : undefined,
        icon,
        contextValue: `section.${node.section}`,
        collapsible: 'collapsed',
      };
    }
    case 'vertex': {
      const v = node.vertex;
      return {
        label: v.name,
        description: `${v.status} · parallelism ${v.parallelism}`,
        tooltip: `${v.name}\n${v.id}\nStatus: ${v.status}\nParallelism: ${v.parallelism}${v.maxParallelism ? ` (max ${v.maxParallelism})` : ''}\nDuration: ${formatDuration(v.duration)}`,
        icon: stateIcon(v.status === 'CANCELING' ? 'CANCELLING' : v.status),
        contextValue: 'vertex',
        collapsible: 'none',
      };
    }
    case 'checkpoint': {
      const c = node.checkpoint;
      const size = formatBytes(c.checkpointed_size ?? c.state_size);
      const what = c.is_savepoint ? 'savepoint' : 'checkpoint';
      return {
        label: `${node.role ? `${node.role.charAt(0).toUpperCase()}${node.role.slice(1)}: ` : ''}#${c.id}`,
        description: `${c.status} · ${size} · ${formatDuration(c.end_to_end_duration)} · ${formatStart(c.trigger_timestamp, now)}`,
        tooltip: [
          `${what} ${c.id}: ${c.status}`,
          c.external_path ? `Path: ${c.external_path}` : undefined,
          c.failure_message ? `Failure: ${c.failure_message}` : undefined,
          `${c.num_acknowledged_subtasks}/${c.num_subtasks} subtasks acknowledged`,
        ]
          .filter(Boolean)
          .join('\n'),
        icon: c.status === 'COMPLETED' ? 'pass' : c.status === 'FAILED' ? 'error|testing.iconFailed' : 'loading~spin',
        contextValue: c.external_path ? 'checkpoint.withPath' : 'checkpoint',
        collapsible: 'none',
      };
    }
    case 'exception': {
      const e = node.exception;
      return {
        label: e.message,
        description: `${e.name.split('.').pop()} · ${formatStart(e.timestamp, now)}${e.taskName ? ` · ${e.taskName}` : ''}`,
        tooltip: e.stacktrace.slice(0, 4000),
        icon: 'error|errorForeground',
        contextValue: 'exception',
        collapsible: 'none',
      };
    }
    case 'taskmanagers':
      return {
        label: 'TaskManagers',
        description: node.count !== undefined ? String(node.count) : undefined,
        icon: 'server-process',
        contextValue: 'taskmanagers',
        collapsible: 'collapsed',
      };
    case 'taskmanager': {
      const t = node.tm;
      const mem = t.memoryConfiguration?.totalProcessMemory ?? t.hardware?.physicalMemory;
      return {
        label: t.id,
        description: `${t.slotsNumber - t.freeSlots}/${t.slotsNumber} slots used · ${formatBytes(mem)}`,
        tooltip: `${t.id}\n${t.path}\nSlots: ${t.slotsNumber} (${t.freeSlots} free)\nMemory: ${formatBytes(mem)}\nCPU cores: ${t.hardware?.cpuCores ?? '–'}\nLast heartbeat: ${formatDuration(t.timeSinceLastHeartbeat)} ago`,
        icon: 'server-process',
        contextValue: 'taskmanager',
        collapsible: 'collapsed',
      };
    }
    case 'jobmanager':
      return {
        label: 'JobManager',
        description: 'logs',
        icon: 'server',
        contextValue: 'jobmanager',
        collapsible: 'collapsed',
      };
    case 'incidents':
      return {
        label: 'Incidents',
        description: String(node.count),
        tooltip: 'JobManager/TaskManager restarts and failed jobs seen this session, with what was captured',
        icon: 'flame|problemsWarningIcon.foreground',
        contextValue: 'incidents',
        collapsible: 'collapsed',
      };
    case 'incident': {
      const row = incidentRow(node.incident);
      return {
        ...row,
        icon: node.incident.capture ? 'bug|errorForeground' : 'loading~spin',
        contextValue: 'incident',
        collapsible: 'none',
        command: { id: 'flink.showIncident', title: 'Show What Happened', args: [node.incident.id] },
      };
    }
    case 'logFile':
      return {
        label: node.file.name,
        description: formatBytes(node.file.size),
        icon: 'output',
        contextValue: 'logFile',
        collapsible: 'none',
        command: {
          id: 'flink.openLogs',
          title: 'Open Log',
          args: [{ clusterId: node.clusterId, taskManagerId: node.taskManagerId, fileName: node.file.name }],
        },
      };
    case 'info':
      return {
        label: node.label,
        description: node.description,
        tooltip: node.tooltip,
        icon: node.icon,
        contextValue: 'info',
        collapsible: 'none',
      };
    case 'loading':
      return { label: node.label, icon: 'loading~spin', contextValue: 'loading', collapsible: 'none' };
    case 'error':
      return {
        label: node.message,
        tooltip: node.detail ?? node.message,
        icon: 'error|errorForeground',
        contextValue: 'error',
        collapsible: 'none',
        command: { id: 'flink.retryJobsNode', title: 'Retry', args: [node] },
      };
  }
}
