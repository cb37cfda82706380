// Registers the job explorer: the "Jobs" view (flink.jobs), its commands and refresh timer.
import * as vscode from 'vscode';
import type { FlinkClient } from '../../flink/client';
import { createKubeClient, type KubeClient } from '../../kube/client';
import { kubeTarget, onDidChangeKubeTarget } from '../kube-target';
import type { Services } from '../log';
import * as clusters from './commands-clusters';
import * as jobs from './commands-jobs';
import { Connections } from './connections';
import type { JobsCtx } from './ctx';
import { JobsModel } from './model';
import type { JobsNode } from './nodes';
import { JobsTreeProvider, VisibleTimer } from './provider';
import { readJobsSettings } from './settings';

let active: JobsCtx | undefined;

/** For other features (the log viewer): a client for a cluster id shown in the Jobs view. */
export async function flinkClientFor(clusterId: string, signal?: AbortSignal): Promise<FlinkClient | undefined> {
  const c = active?.model.cluster(clusterId);
  if (!active || !c) return undefined;
  return active.connections.connect(c, signal ?? new AbortController().signal);
}

export function registerJobs(services: Services): void {
  const { context, log } = services;
  let kubeState: { client?: KubeClient } | undefined;
  const kube = (): KubeClient | undefined => {
    if (!kubeState) {
      try {
        // The context and namespace chosen in the status bar (deploy feature), else the kubeconfig's.
        kubeState = { client: createKubeClient(kubeTarget().kc) };
      } catch (e) {
        // No kubeconfig is normal for users of REST endpoints only: no discovery then.
        log.info(`Jobs view: no Kubernetes discovery (${(e as Error).message})`);
        kubeState = {};
      }
    }
    return kubeState.client;
  };

  const connections = new Connections({
    configured: () => readJobsSettings().clusters,
    kube: () => (readJobsSettings().discover ? kube() : undefined),
    secrets: context.secrets,
    timeoutMs: () => readJobsSettings().requestTimeout * 1000,
    log: (m) => log.debug(m),
  });
  const provider = new JobsTreeProvider();
  const model = new JobsModel({ source: connections, onDidChange: (n) => provider.fire(n) });
  provider.setModel(model);
  const view = vscode.window.createTreeView('flink.jobs', { treeDataProvider: provider, showCollapseAll: true });
  // Timer ticks re-list Kubernetes clusters at most every 30 s; the Flink levels every tick.
  let lastDiscovery = 0;
  const tick = () => {
    const discover = Date.now() - lastDiscovery >= 30_000;
    if (discover) lastDiscovery = Date.now();
    model.refresh(discover);
  };
  const timer = new VisibleTimer(view, () => readJobsSettings().refreshInterval, tick);
  const ctx: JobsCtx = { model, connections, log, secrets: context.secrets, kube };
  active = ctx;

  const reg = (id: string, fn: (node?: JobsNode) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  reg('flink.refreshJobs', () => model.refresh());
  reg('flink.retryJobsNode', (node?: JobsNode) => model.retry(node));
  reg('flink.addCluster', () => clusters.addCluster(ctx));
  reg('flink.removeCluster', (n) => clusters.removeCluster(ctx, n));
  reg('flink.setClusterCredentials', (n) => clusters.setCredentials(ctx, n));
  reg('flink.submitJar', (n) => clusters.submitJar(ctx, n));
  reg('flink.triggerOperatorSavepoint', (n) => clusters.operatorAction(ctx, 'savepoint', n));
  reg('flink.suspendOperatorJob', (n) => clusters.operatorAction(ctx, 'suspend', n));
  reg('flink.resumeOperatorJob', (n) => clusters.operatorAction(ctx, 'resume', n));
  reg('flink.cancelJob', (n) => jobs.cancelJob(ctx, n));
  reg('flink.triggerSavepoint', (n) => jobs.triggerSavepoint(ctx, n));
  reg('flink.stopJobWithSavepoint', (n) => jobs.stopWithSavepoint(ctx, n));
  reg('flink.copyJobId', (n) => jobs.copyJobId(ctx, n));
  reg('flink.copySavepointPath', (n) => jobs.copySavepointPath(ctx, n));
  reg('flink.openWebUi', (n) => jobs.openWebUi(ctx, n));
  // Not contributed: the view's content as TreeItems, loaded, for the tests inside VS Code.
  context.subscriptions.push(
    vscode.commands.registerCommand('_flink.jobsTree', async (nodeId?: string) => {
      const parent = nodeId ? model.node(nodeId) : undefined;
      if (nodeId && !parent) return undefined;
      const kids = await model.resolveChildren(parent);
      return kids.map((n) => {
        const item = provider.getTreeItem(n);
        return {
          id: item.id,
          kind: n.kind,
          label: item.label,
          description: item.description,
          contextValue: item.contextValue,
          collapsible: item.collapsibleState,
        };
      });
    }),
  );

  context.subscriptions.push(
    view,
    provider,
    timer,
    connections,
    {
      dispose: () => {
        model.dispose();
        active = undefined;
      },
    },
    onDidChangeKubeTarget(() => {
      // Another context or namespace: other clusters, and the old port-forwards are of no use.
      kubeState = undefined;
      connections.reset();
      model.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('flink.kubeconfig') || e.affectsConfiguration('flink.jobs.discoverInKubernetes')) {
        kubeState = undefined;
        connections.reset();
      }
      if (e.affectsConfiguration('flink.jobs.refreshInterval')) timer.restart();
      if (
        e.affectsConfiguration('flink.clusters') ||
        e.affectsConfiguration('flink.kubeconfig') ||
        e.affectsConfiguration('flink.jobs')
      )
        model.refresh();
    }),
  );
}
