// What the job explorer's commands share, and the helpers they all use to find their target
// (from the clicked node, or by asking when run from the palette).
import * as vscode from 'vscode';
import type { FlinkClient } from '../../flink/client';
import { describeError } from '../../flink/errors';
import type { KubeClient } from '../../kube/client';
import type { Log } from '../log';
import type { Connections } from './connections';
import type { JobsModel } from './model';
import type { ClusterRef, JobsNode } from './nodes';

export interface JobsCtx {
  model: JobsModel;
  connections: Connections;
  log: Log;
  secrets: vscode.SecretStorage;
  kube: () => KubeClient | undefined;
}

export type JobNode = Extract<JobsNode, { kind: 'job' }>;
export type ClusterNode = Extract<JobsNode, { kind: 'cluster' }>;

/** The cluster of a node, or one the user picks. */
export async function pickCluster(
  ctx: JobsCtx,
  node: JobsNode | undefined,
  filter: (c: ClusterRef) => boolean = () => true,
): Promise<ClusterRef | undefined> {
  if (node?.kind === 'cluster') return node.cluster;
  if (node && 'clusterId' in node) return ctx.model.cluster(node.clusterId);
  await ctx.model.resolveChildren(undefined);
  const clusters = ctx.model.allClusters().filter(filter);
  if (!clusters.length) {
    void vscode.window.showInformationMessage(
      'No matching Flink cluster. Add one by URL ("Flink: Add Cluster by URL") or deploy one.',
    );
    return undefined;
  }
  if (clusters.length === 1) return clusters[0];
  const pick = await vscode.window.showQuickPick(
    clusters.map((c) => ({ label: c.name, description: c.url ?? c.discovered?.namespace, c })),
    { placeHolder: 'Flink cluster' },
  );
  return pick?.c;
}

/** The job of a node, or one the user picks among the cluster's jobs (active ones by default). */
export async function pickJob(
  ctx: JobsCtx,
  node: JobsNode | undefined,
  activeOnly = true,
): Promise<JobNode | undefined> {
  if (node?.kind === 'job') return node;
  const cluster = await pickCluster(ctx, node);
  if (!cluster) return undefined;
  const clusterNode = ctx.model.node(cluster.id);
  if (!clusterNode) return undefined;
  const jobs: JobNode[] = [];
  for (const group of await ctx.model.resolveChildren(clusterNode)) {
    if (group.kind !== 'stateGroup') continue;
    for (const j of await ctx.model.resolveChildren(group))
      if (j.kind === 'job' && (!activeOnly || !['FINISHED', 'CANCELED', 'FAILED'].includes(j.job.state))) jobs.push(j);
  }
  if (!jobs.length) {
    void vscode.window.showInformationMessage(`No ${activeOnly ? 'running ' : ''}jobs on ${cluster.name}.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    jobs.map((j) => ({ label: j.job.name, description: `${j.job.state} · ${j.job.jid}`, j })),
    { placeHolder: 'Flink job' },
  );
  return pick?.j;
}

export async function clientFor(ctx: JobsCtx, clusterId: string, signal?: AbortSignal): Promise<FlinkClient> {
  const c = ctx.model.cluster(clusterId);
  if (!c) throw new Error('That cluster is no longer listed; refresh the Jobs view.');
  return ctx.connections.connect(c, signal ?? new AbortController().signal);
}

/** Shows an error the user can act on; logs the details. */
export function showError(ctx: JobsCtx, what: string, e: unknown, retry?: () => unknown): void {
  const msg = describeError(e);
  ctx.log.error(`${what}: ${msg}`);
  const actions = retry ? ['Retry', 'Show Log'] : ['Show Log'];
  void vscode.window.showErrorMessage(`${what}: ${msg.split('\n')[0]}`, ...actions).then((a) => {
    if (a === 'Retry') void retry?.();
    if (a === 'Show Log') ctx.log.show(true);
  });
}

export function tokenSignal(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}
