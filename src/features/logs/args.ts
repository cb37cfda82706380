// The argument of `flink.openLogs`, for the other features that open logs (the job explorer's
// TaskManager / JobManager / log-file nodes, the deploy flow after a failed rollout). No vscode.
//
//   { restUrl | clusterId, taskManagerId?, fileName? | stdout? }   Flink REST log (JobManager when no taskManagerId)
//   { restUrl | clusterId, jobId }                                 pick one of the job's TaskManagers
//   { pod, namespace?, container?, previous?, tailLines?, sinceSeconds? }   one pod's container
//   { labelSelector, namespace?, container?, tailLines?, sinceSeconds? }    all pods of a selector, merged
import type { LogFileRef, LogOwner } from '../../flink/logs';

export interface OpenFlinkLogsArgs {
  /** JobManager REST URL, e.g. http://127.0.0.1:8081. */
  restUrl?: string;
  /** A cluster id of the Jobs view (resolved through its connections, port-forward included). */
  clusterId?: string;
  /** Absent: the JobManager. */
  taskManagerId?: string;
  /** A file of the log directory (from /logs); absent: the main log. */
  fileName?: string;
  /** The .out file instead of the log. */
  stdout?: boolean;
  /** Open the logs of a job's TaskManagers: asks which one. */
  jobId?: string;
  follow?: boolean;
}

export interface OpenPodLogsArgs {
  pod: string;
  namespace?: string;
  container?: string;
  /** The previous (crashed) container: what the REST API can no longer give after a restart. */
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
}

export interface OpenSelectorLogsArgs {
  /** e.g. "component=taskmanager" or "app=flink,component=taskmanager". */
  labelSelector: string;
  namespace?: string;
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
}

export type OpenLogsArgs = OpenFlinkLogsArgs | OpenPodLogsArgs | OpenSelectorLogsArgs;

export type ParsedArgs =
  | { kind: 'flink'; args: OpenFlinkLogsArgs }
  | { kind: 'pod'; args: OpenPodLogsArgs }
  | { kind: 'selector'; args: OpenSelectorLogsArgs };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Reads whatever a command invocation passed (tree nodes included); undefined = ask the user. */
export function parseOpenLogsArgs(raw: unknown): ParsedArgs | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const namespace = str(o.namespace);
  const container = str(o.container);
  const tailLines = num(o.tailLines);
  const sinceSeconds = num(o.sinceSeconds);
  const labelSelector = str(o.labelSelector) ?? str(o.selector);
  if (labelSelector)
    return { kind: 'selector', args: clean({ labelSelector, namespace, container, tailLines, sinceSeconds }) };
  const pod = str(o.pod) ?? str(o.podName);
  if (pod)
    return {
      kind: 'pod',
      args: clean({ pod, namespace, container, previous: bool(o.previous), tailLines, sinceSeconds }),
    };
  // Nodes of the Jobs view (passed by its inline and context-menu actions).
  const tm = o.tm && typeof o.tm === 'object' ? str((o.tm as Record<string, unknown>).id) : undefined;
  const file = o.file && typeof o.file === 'object' ? str((o.file as Record<string, unknown>).name) : str(o.file);
  const job = o.job && typeof o.job === 'object' ? str((o.job as Record<string, unknown>).jid) : undefined;
  const restUrl = str(o.restUrl) ?? str(o.url);
  const clusterId = str(o.clusterId);
  if (restUrl || clusterId) {
    return {
      kind: 'flink',
      args: clean({
        restUrl,
        clusterId,
        taskManagerId: str(o.taskManagerId) ?? tm,
        fileName: str(o.fileName) ?? file,
        stdout: bool(o.stdout),
        jobId: str(o.jobId) ?? job,
        follow: bool(o.follow),
      }),
    };
  }
  return undefined;
}

export function flinkOwner(a: OpenFlinkLogsArgs): LogOwner {
  return a.taskManagerId ? { type: 'taskmanager', id: a.taskManagerId } : { type: 'jobmanager' };
}

export function flinkFile(a: OpenFlinkLogsArgs): LogFileRef {
  if (a.fileName) return { kind: 'file', name: a.fileName };
  return a.stdout ? { kind: 'stdout' } : { kind: 'main' };
}

/** One panel per source: the key of a source. */
export function sourceKey(p: ParsedArgs, resolvedBase?: string): string {
  switch (p.kind) {
    case 'flink': {
      const f = flinkFile(p.args);
      return `flink|${resolvedBase ?? p.args.restUrl ?? p.args.clusterId}|${p.args.taskManagerId ?? 'jm'}|${f.kind === 'file' ? f.name : f.kind}`;
    }
    case 'pod':
      return `pod|${p.args.namespace ?? ''}|${p.args.pod}|${p.args.container ?? ''}|${p.args.previous ? 'prev' : 'cur'}`;
    case 'selector':
      return `sel|${p.args.namespace ?? ''}|${p.args.labelSelector}|${p.args.container ?? ''}`;
  }
}
