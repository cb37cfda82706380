// What the job explorer's commands share, and the helpers they all use to find their target
// (from the clicked node, or by asking when run from the palette).
import * as vscode from 'vscode';
import type { FlinkClient } from '../../flink/client';
import type { KubeClient } from '../../kube/client';
import { pickCluster as pickKnownCluster } from '../shared/cluster-picker';
import type { Connections } from '../shared/connections';
import type { FlinkClusters } from '../shared/flink-clusters';
import type { Log } from '../shared/log';
import { UserError, type Problems } from '../shared/problems';
import type { JobsModel } from './model';
import type { ClusterRef, JobsNode } from './nodes';

export interface JobsCtx {
  model: JobsModel;
  clusters: FlinkClusters;
  connections: Connections;
  log: Log;
  problems: Problems;
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
  const choice = await pickKnownCluster(ctx.clusters, ctx.log, { title: 'Flink cluster', filter });
  return choice?.kind === 'cluster' ? choice.cluster : undefined;
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
  // The Jobs view may never have been opened: load its clusters first.
  if (!ctx.model.node(cluster.id)) await ctx.model.resolveChildren(undefined);
  const clusterNode = ctx.model.node(cluster.id);
  if (!clusterNode) throw new UserError(`${cluster.name} is not listed in the Jobs view; refresh it and try again.`);
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
  const c = ctx.model.cluster(clusterId) ?? ctx.clusters.cluster(clusterId);
  if (!c) throw new Error('That cluster is no longer listed; refresh the Jobs view.');
  return ctx.connections.connect(c, signal ?? new AbortController().signal);
}

/** Shows an error the user can act on (the one style of problems.ts); logs the details. */
export function showError(ctx: JobsCtx, what: string, e: unknown, retry?: () => unknown): void {
  ctx.problems.report(what, e, retry);
}
