// The job explorer's settings, read in one typed place. Credentials are never settings: they
// live in SecretStorage (see clusters.ts).
import * as vscode from 'vscode';

export interface ConfiguredCluster {
  name?: string;
  url: string;
}

export interface JobsSettings {
  /** Seconds between refreshes while the view is visible; 0 = manual only. */
  refreshInterval: number;
  clusters: ConfiguredCluster[];
  /** Look for clusters in the current Kubernetes context and namespace. */
  discover: boolean;
  /** Default target directory for savepoints ('' = the cluster's configured default). */
  savepointDirectory: string;
  /** Per-request timeout against the Flink REST API, seconds. */
  requestTimeout: number;
}

export function readJobsSettings(): JobsSettings {
  const c = vscode.workspace.getConfiguration('flink');
  const clusters = (c.get<unknown[]>('clusters') ?? [])
    .map((x) => (typeof x === 'string' ? { url: x } : (x as ConfiguredCluster)))
    .filter((x) => x && typeof x.url === 'string' && /^https?:\/\//.test(x.url));
  return {
    refreshInterval: Math.max(0, c.get<number>('jobs.refreshInterval') ?? 5),
    clusters,
    discover: c.get<boolean>('jobs.discoverInKubernetes') ?? true,
    savepointDirectory: c.get<string>('jobs.savepointDirectory') ?? '',
    requestTimeout: Math.max(1, c.get<number>('jobs.requestTimeout') ?? 10),
  };
}

export async function writeClusters(clusters: ConfiguredCluster[]): Promise<void> {
  await vscode.workspace.getConfiguration('flink').update('clusters', clusters, vscode.ConfigurationTarget.Global);
}
