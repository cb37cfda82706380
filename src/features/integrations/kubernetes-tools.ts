// Kubernetes Tools (ms-kubernetes-tools.vscode-kubernetes-tools), when installed: a "Flink" folder
// under the current context in its Clusters view, listing the Flink clusters we discover there;
// each opens our Jobs view on that cluster (flink.revealCluster). Through its public API
// (vscode-kubernetes-tools-api, cluster explorer v1), loaded only when the extension is present.
import * as vscode from 'vscode';
import type { ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { FlinkClusters } from '../shared/flink-clusters';
import type { TargetStore } from '../shared/kube-target';
import type { Log } from '../shared/log';

export const KUBERNETES_TOOLS_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

type Node = ClusterExplorerV1.Node;

/** A leaf or folder in its tree, built from a TreeItem we fill. */
function node(item: vscode.TreeItem, children: () => Promise<Node[]> = () => Promise.resolve([])): Node {
  return { getTreeItem: () => item, getChildren: children };
}

function info(label: string, command?: vscode.Command): Node {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('info');
  item.contextValue = 'flink.info';
  item.command = command;
  return node(item);
}

/** The Flink clusters of `context`, as nodes that open our explorer on them. */
export async function clusterNodes(context: string, target: TargetStore, clusters: FlinkClusters): Promise<Node[]> {
  let ours: string;
  try {
    ours = target.target().context;
  } catch (e) {
    return [info(`No Kubernetes target for Flink: ${(e as Error).message}`)];
  }
  // Our discovery follows the context chosen in our status bar, which may not be its active one.
  if (ours !== context)
    return [
      info(`The Flink view uses context ${ours}: switch it to ${context}`, {
        command: 'flink.switchContext',
        title: 'Switch Kubernetes context',
      }),
    ];
  const discover = clusters.discover;
  if (!discover) return [info('Discovery of Flink clusters is off (flink.jobs.discoverInKubernetes).')];
  try {
    const { clusters: found } = await discover(AbortSignal.timeout(30_000));
    if (!found.length) return [info(`No Flink clusters in namespace ${target.target().namespace}`)];
    return found.map((c) => {
      const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
      item.id = `flink:${c.id}`;
      item.description = c.discovered ? `${c.discovered.kind} · ${c.discovered.namespace}` : undefined;
      item.tooltip = `Show ${c.name} in the Flink Jobs view`;
      item.iconPath = new vscode.ThemeIcon('pulse');
      item.contextValue = 'flink.cluster';
      item.command = { command: 'flink.revealCluster', title: 'Show in Flink Jobs view', arguments: [c.id] };
      return node(item);
    });
  } catch (e) {
    return [info(`Listing Flink clusters failed: ${(e as Error).message}`)];
  }
}

/** The contributor: one "Flink" folder under the active context node. */
export function flinkContributor(target: TargetStore, clusters: FlinkClusters): ClusterExplorerV1.NodeContributor {
  return {
    contributesChildren: (parent) => parent?.nodeType === 'context',
    getChildren: (parent) => {
      if (parent?.nodeType !== 'context') return Promise.resolve([]);
      const folder = new vscode.TreeItem('Flink', vscode.TreeItemCollapsibleState.Collapsed);
      folder.iconPath = new vscode.ThemeIcon('pulse');
      folder.contextValue = 'flink.folder';
      return Promise.resolve([node(folder, () => clusterNodes(parent.name, target, clusters))]);
    },
  };
}

/** Registers the contributor when Kubernetes Tools is installed; returns what happened, never throws. */
export async function contributeToKubernetesTools(
  target: TargetStore,
  clusters: FlinkClusters,
  log: Log,
  subscriptions: vscode.Disposable[],
): Promise<string> {
  if (!vscode.extensions.getExtension(KUBERNETES_TOOLS_ID)) return 'absent';
  try {
    // Loaded only now: importing the helper activates Kubernetes Tools.
    const k8s = await import('vscode-kubernetes-tools-api');
    const explorer = await k8s.extension.clusterExplorer.v1;
    if (!explorer.available) {
      log.warn(`Kubernetes Tools has no cluster explorer API v1 (${explorer.reason}): no Flink folder there.`);
      return explorer.reason;
    }
    explorer.api.registerNodeContributor(flinkContributor(target, clusters));
    // A new target or new clusters: its tree shows them on the next expand.
    subscriptions.push(clusters.onDidChange(() => explorer.api.refresh()));
    log.info('Flink clusters added to the Kubernetes Tools cluster explorer.');
    return 'registered';
  } catch (e) {
    log.warn(`Could not add Flink clusters to Kubernetes Tools: ${(e as Error).message}`);
    return 'failed';
  }
}
