// The quick picks behind `flink.openLogs` without arguments (and for a job: which TaskManager).
import * as vscode from 'vscode';
import type { KubeConfig } from '@kubernetes/client-node';
import { flinkRequest, type HttpOptions } from '../../flink/http';
import { listLogFiles, type LogOwner } from '../../flink/logs';
import { currentNamespace } from '../../kube/config';
import { listPods } from '../../kube/core-api';
import type { ParsedArgs } from './args';

type Item<T> = vscode.QuickPickItem & { value: T };

async function pick<T>(items: Item<T>[], title: string, placeHolder?: string): Promise<T | undefined> {
  const r = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true });
  return r?.value;
}

function fmtSize(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a Flink REST source comes from: a known cluster (its connection) or a URL typed once. */
export type FlinkEndpoint = { clusterId: string } | { restUrl: string };

/** Asks what to open. `kube` is called only when a Kubernetes source is chosen. */
export async function pickSource(
  pickEndpoint: () => Promise<FlinkEndpoint | undefined>,
  connect: (e: FlinkEndpoint) => Promise<HttpOptions>,
  kube: () => KubeConfig,
): Promise<ParsedArgs | undefined> {
  const kind = await pick<'flink' | 'pod' | 'selector'>(
    [
      { label: '$(server) Flink REST API', description: 'JobManager or TaskManager log files, stdout', value: 'flink' },
      {
        label: '$(symbol-namespace) Kubernetes pods by label selector',
        description: 'all TaskManagers as one view (kubectl logs -f -l …)',
        value: 'selector',
      },
      { label: '$(vm) Kubernetes pod', description: 'one container, or the previous one after a crash', value: 'pod' },
    ],
    'Open Flink logs',
  );
  if (kind === 'flink') {
    const endpoint = await pickEndpoint();
    if (!endpoint) return undefined;
    const http = await connect(endpoint);
    const owner = await pickOwner(http);
    if (!owner) return undefined;
    return pickFile(http, endpoint, owner);
  }
  if (kind === 'selector') {
    const kc = kube();
    const ns = currentNamespace(kc);
    const labelSelector = await vscode.window.showInputBox({
      title: `Label selector (namespace ${ns})`,
      value: 'component=taskmanager',
      prompt: 'Pods matching it are merged in time order, each line tagged with its pod.',
    });
    return labelSelector ? { kind: 'selector', args: { labelSelector, namespace: ns } } : undefined;
  }
  if (kind === 'pod') return pickPod(kube());
  return undefined;
}

/** JobManager or one of the TaskManagers (only those running `jobId` when given). */
export async function pickOwner(http: HttpOptions, jobId?: string): Promise<LogOwner | undefined> {
  const tms = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Listing TaskManagers…' },
    async () => {
      const all =
        (
          await flinkRequest<{
            taskmanagers?: { id: string; path?: string; freeSlots?: number; slotsNumber?: number }[];
          }>(http, '/taskmanagers')
        ).taskmanagers ?? [];
      if (!jobId) return all;
      const job = await flinkRequest<{ vertices?: { id: string }[] }>(http, `/jobs/${jobId}`);
      const ids = new Set<string>();
      for (const v of job.vertices ?? []) {
        const r = await flinkRequest<{ taskmanagers?: Record<string, unknown>[] }>(
          http,
          `/jobs/${jobId}/vertices/${v.id}/taskmanagers`,
        );
        for (const t of r.taskmanagers ?? []) {
          const id = t['taskmanager-id'] ?? t.taskmanagerId ?? t.resourceId;
          if (typeof id === 'string') ids.add(id);
        }
      }
      const used = all.filter((t) => ids.has(t.id));
      return used.length ? used : all;
    },
  );
  const items: Item<LogOwner>[] = jobId ? [] : [{ label: '$(server) JobManager', value: { type: 'jobmanager' } }];
  for (const t of tms)
    items.push({
      label: `$(server-process) ${t.id}`,
      description: t.path,
      detail:
        t.slotsNumber !== undefined
          ? `${(t.slotsNumber ?? 0) - (t.freeSlots ?? 0)}/${t.slotsNumber} slots used`
          : undefined,
      value: { type: 'taskmanager', id: t.id },
    });
  if (items.length === 1 && jobId) return items[0]?.value;
  return pick(items, jobId ? `TaskManagers of job ${jobId}` : 'Whose logs?');
}

async function pickFile(http: HttpOptions, endpoint: FlinkEndpoint, owner: LogOwner): Promise<ParsedArgs | undefined> {
  const files = await listLogFiles(http.baseUrl, owner, { auth: http.auth, ...(http.ca ? { ca: http.ca } : {}) });
  const taskManagerId = owner.type === 'taskmanager' ? owner.id : undefined;
  const items: Item<ParsedArgs>[] = [
    {
      label: '$(output) Main log',
      description: 'the log4j file (…/log)',
      value: { kind: 'flink', args: { ...endpoint, taskManagerId } },
    },
    {
      label: '$(terminal) stdout',
      description: '…/stdout',
      value: { kind: 'flink', args: { ...endpoint, taskManagerId, stdout: true } },
    },
    ...files.map((f) => ({
      label: `$(file) ${f.name}`,
      description: fmtSize(f.size),
      value: { kind: 'flink' as const, args: { ...endpoint, taskManagerId, fileName: f.name } },
    })),
  ];
  return pick(items, 'Which file?');
}

async function pickPod(kc: KubeConfig): Promise<ParsedArgs | undefined> {
  const namespace = currentNamespace(kc);
  // A deadline (30 s), so that an API server that never answers cannot hold the picker.
  const pods = (await listPods(kc, namespace)).items;
  const pod = await pick(
    pods.map((p) => {
      const restarts = (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
      return {
        label: p.metadata?.name ?? '?',
        description: `${p.status?.phase ?? ''}${restarts ? ` · ${restarts} restarts` : ''}`,
        value: p,
      };
    }),
    `Pods in ${namespace}`,
  );
  if (!pod?.metadata?.name) return undefined;
  const containers = pod.spec?.containers?.map((c) => c.name) ?? [];
  const container =
    containers.length > 1
      ? await pick(
          containers.map((c) => ({ label: c, value: c })),
          'Which container?',
        )
      : containers[0];
  if (!container) return undefined;
  const restarted = (pod.status?.containerStatuses ?? []).some(
    (c) => c.name === container && (c.restartCount ?? 0) > 0,
  );
  const previous = restarted
    ? await pick(
        [
          { label: 'Current container', value: false },
          {
            label: 'Previous container',
            description: 'the run before the last restart (e.g. after an OOMKill)',
            value: true,
          },
        ],
        'Which run?',
      )
    : false;
  if (previous === undefined) return undefined;
  return { kind: 'pod', args: { pod: pod.metadata.name, namespace, container, previous } };
}
