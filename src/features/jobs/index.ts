// Registers the job explorer: the "Jobs" view (flink.jobs), its commands and refresh timer. The
// clusters and their connections are the shared registry (services.clusters); the view reports its
// selection there so that palette commands offer the selected cluster first.
import * as vscode from 'vscode';
import { UserError } from '../shared/problem-text';
import type { Services } from '../shared/services';
import { jobsSettings } from '../shared/settings';
import * as clusters from './commands-clusters';
import * as jobs from './commands-jobs';
import type { JobsCtx } from './ctx';
import { JobsModel } from './model';
import { present, type JobsNode } from './nodes';
import { JobsTreeProvider, VisibleTimer } from './provider';
import { findInTree, isRevealTarget } from './reveal';

export function registerJobs(services: Services): void {
  const { context, log, commands, problems, clusters: registry } = services;
  const provider = new JobsTreeProvider();
  const model = new JobsModel({
    source: registry,
    onDidChange: (n) => provider.fire(n),
    incidents: services.incidents,
  });
  provider.setModel(model);
  const view = vscode.window.createTreeView('flink.jobs', { treeDataProvider: provider, showCollapseAll: true });
  // Timer ticks re-list Kubernetes clusters at most every 30 s; the Flink levels every tick.
  let lastDiscovery = 0;
  const tick = () => {
    const discover = Date.now() - lastDiscovery >= 30_000;
    if (discover) lastDiscovery = Date.now();
    model.refresh(discover);
  };
  const timer = new VisibleTimer(view, () => jobsSettings().refreshInterval, tick);
  const ctx: JobsCtx = {
    model,
    clusters: registry,
    connections: registry.connections,
    log,
    problems,
    kube: () => registry.kube(),
  };

  const reg = (id: string, what: string, fn: (node?: JobsNode) => unknown) =>
    context.subscriptions.push(commands.register(id, fn, { what }));
  reg('flink.refreshJobs', 'Refreshing the Jobs view failed', () => model.refresh());
  reg('flink.retryJobsNode', 'Retrying failed', (node?: JobsNode) => model.retry(node));
  reg('flink.addCluster', 'Adding the Flink cluster failed', () => clusters.addCluster(ctx));
  reg('flink.removeCluster', 'Removing the Flink cluster failed', (n) => clusters.removeCluster(ctx, n));
  reg('flink.setClusterCredentials', 'Setting the credentials failed', (n) => clusters.setCredentials(ctx, n));
  reg('flink.submitJar', 'Submitting the jar failed', (n) => clusters.submitJar(ctx, n));
  reg('flink.triggerOperatorSavepoint', 'Triggering the savepoint failed', (n) =>
    clusters.operatorAction(ctx, 'savepoint', n),
  );
  reg('flink.suspendOperatorJob', 'Suspending the job failed', (n) => clusters.operatorAction(ctx, 'suspend', n));
  reg('flink.resumeOperatorJob', 'Resuming the job failed', (n) => clusters.operatorAction(ctx, 'resume', n));
  reg('flink.cancelJob', 'Cancelling the job failed', (n) => jobs.cancelJob(ctx, n));
  reg('flink.triggerSavepoint', 'The savepoint failed', (n) => jobs.triggerSavepoint(ctx, n));
  reg('flink.stopJobWithSavepoint', 'Stopping the job failed', (n) => jobs.stopWithSavepoint(ctx, n));
  reg('flink.copyJobId', 'Copying the job id failed', (n) => jobs.copyJobId(ctx, n));
  reg('flink.copySavepointPath', 'Copying the path failed', (n) => jobs.copySavepointPath(ctx, n));
  reg('flink.openWebUi', 'Opening the Flink Web UI failed', (n) => jobs.openWebUi(ctx, n));
  // The deep link other views use (Kubernetes Tools' cluster explorer): show one cluster here.
  context.subscriptions.push(
    commands.register(
      'flink.revealCluster',
      async (clusterId?: unknown) => {
        if (typeof clusterId !== 'string') throw new UserError('Choose a Flink cluster to show in the Jobs view.');
        await vscode.commands.executeCommand('flink.jobs.focus');
        await model.resolveChildren(undefined);
        const node = model.node(clusterId);
        if (node?.kind !== 'cluster')
          throw new UserError('That Flink cluster is not in the Jobs view: refresh the view, or switch the context.');
        await view.reveal(node, { select: true, focus: true, expand: true });
        return node.id;
      },
      { what: 'Showing the Flink cluster failed', retry: false },
    ),
  );
  // Not contributed: the view's content as TreeItems, loaded, for the tests inside VS Code.
  context.subscriptions.push(
    commands.register(
      '_flink.jobsTree',
      async (nodeId?: string) => {
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
            tooltip: typeof item.tooltip === 'string' ? item.tooltip : undefined,
            // "cloud|testing.iconPassed": the codicon and its theme colour (the health verdict's).
            icon: present(n).icon,
          };
        });
      },
      { internal: true, retry: false },
    ),
  );

  // Not contributed: the log viewer reveals a job, TaskManager or checkpoint named in a log line.
  context.subscriptions.push(
    commands.register(
      '_flink.revealJob',
      async (target?: unknown) => {
        if (!isRevealTarget(target)) return undefined;
        const found = await findInTree(model, target, provider.parents);
        if (!found) return undefined;
        await view.reveal(found.node, { select: true, focus: true, expand: found.node.kind === 'job' });
        return { revealed: found.node.id, exact: found.exact };
      },
      { internal: true, retry: false },
    ),
  );

  context.subscriptions.push(
    view,
    provider,
    timer,
    { dispose: () => model.dispose() },
    // The palette's cluster picker offers the cluster selected here first.
    view.onDidChangeSelection((e) => {
      const n = e.selection[0];
      registry.select(n?.kind === 'cluster' ? n.id : n && 'clusterId' in n ? n.clusterId : undefined);
    }),
    registry.onDidChange(() => model.refresh()),
    services.incidents.onDidChange((clusterId) => model.incidentsChanged(clusterId)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('flink.jobs.refreshInterval')) timer.restart();
      if (e.affectsConfiguration('flink.kubeconfig') || e.affectsConfiguration('flink.jobs')) model.refresh();
    }),
  );
}
