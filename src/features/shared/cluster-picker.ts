// One picker for every command that needs a Flink cluster: the explorer's selection first, then the
// clusters found in the current kube target (discovery runs while the list is shown if it is
// stale), then the REST endpoints the user added, then "another REST URL". Keyboard-first: the
// first item is preselected, Enter takes it.
import * as vscode from 'vscode';
import type { ClusterRef } from './cluster-ref';
import type { FlinkClusters } from './flink-clusters';
import type { Log } from './log';

/** Discovery older than this is redone while the picker is open. */
const STALE_MS = 15_000;

export type ClusterChoice = { kind: 'cluster'; cluster: ClusterRef } | { kind: 'url'; url: string };

export interface PickClusterOptions {
  title: string;
  filter?: (c: ClusterRef) => boolean;
  /** Offer "Enter a REST URL..." (a cluster that is not listed). */
  allowUrl?: boolean;
  /** Last URL typed, prefilled when the user chooses to enter one. */
  lastUrl?: string;
}

type Item = vscode.QuickPickItem & { choice?: ClusterRef; action?: 'url' | 'add' };

/** What the picker lists, in order; pure apart from the registry, so tests can read it. */
export function clusterItems(clusters: FlinkClusters, filter: (c: ClusterRef) => boolean = () => true): Item[] {
  const selected = clusters.selected();
  return clusters
    .known()
    .filter(filter)
    .map((c) => ({
      label: `${c.source === 'kubernetes' ? '$(cloud)' : '$(link)'} ${c.name}`,
      description:
        c.source === 'kubernetes'
          ? `${c.discovered?.kind === 'operator' ? 'FlinkDeployment' : 'Kubernetes'} · ${c.discovered?.context}/${c.discovered?.namespace}`
          : c.url,
      detail: c.id === selected ? 'selected in the Jobs view' : undefined,
      choice: c,
    }));
}

export async function pickCluster(
  clusters: FlinkClusters,
  log: Log,
  opts: PickClusterOptions,
): Promise<ClusterChoice | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = opts.title;
  qp.placeholder = 'Flink cluster (type to filter)';
  qp.matchOnDescription = true;
  const extras: Item[] = [
    ...(opts.allowUrl ? [{ label: '$(globe) Enter a REST URL…', action: 'url' as const, alwaysShow: true }] : []),
    { label: '$(add) Add a cluster by URL…', action: 'add' as const, alwaysShow: true },
  ];
  const fill = () => {
    const items = clusterItems(clusters, opts.filter);
    qp.items = [...items, ...extras];
    qp.activeItems = qp.items.slice(0, 1);
  };
  fill();
  const ac = new AbortController();
  const discover = clusters.discover;
  if (discover && clusters.discoveryAge() > STALE_MS) {
    qp.busy = true;
    void discover(ac.signal)
      .then((r) => {
        for (const w of r.warnings) log.warn(`Cluster discovery: ${w}`);
      })
      .catch((e: unknown) => log.warn(`Cluster discovery failed: ${(e as Error).message}`))
      .finally(() => {
        if (ac.signal.aborted) return;
        qp.busy = false;
        fill();
      });
  }
  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  ac.abort();
  qp.dispose();
  if (!picked) return undefined;
  if (picked.choice) return { kind: 'cluster', cluster: picked.choice };
  if (picked.action === 'add') {
    await vscode.commands.executeCommand('flink.addCluster');
    return undefined;
  }
  const url = await vscode.window.showInputBox({
    title: `${opts.title}: Flink REST URL`,
    value: opts.lastUrl ?? '',
    placeHolder: 'http://jobmanager.example:8081',
    prompt: 'The JobManager REST endpoint (credentials are asked for separately, never put them in the URL).',
    validateInput: (v) => validateRestUrl(v.trim()),
  });
  return url ? { kind: 'url', url: url.trim() } : undefined;
}

/** An http(s) URL without user:password (those go to SecretStorage, never into URLs). */
export function validateRestUrl(v: string): string | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'An http(s) URL, e.g. http://jobmanager.example:8081';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'An http(s) URL, e.g. http://jobmanager.example:8081';
  if (u.username || u.password)
    return 'Leave credentials out of the URL: add the cluster, then "Set Cluster Credentials…" keeps them in the secret store.';
  return undefined;
}
