// The registry of Flink clusters the extension knows, and their connections: clusters discovered
// in the current kube target, REST endpoints the user added, and which one is selected in the
// explorer. The job explorer, the log viewer and every command that needs a cluster share it, so a
// cluster deployed and seen in the explorer is the one the palette offers first.
import * as vscode from 'vscode';
import type { FlinkClient } from '../../flink/client';
import { createKubeClient, type KubeClient } from '../../kube/client';
import type { ClusterRef, ClusterSource } from './cluster-ref';
import { splitUrlCredentials } from '../../flink/url-credentials';
import { Connections, authKey, normalizeUrl } from './connections';
import type { TargetStore } from './kube-target';
import type { Log } from './log';
import type { PortForwards } from './port-forwards';
import { jobsSettings, writeClusters } from './settings';

export class FlinkClusters implements ClusterSource, vscode.Disposable {
  readonly connections: Connections;
  private kubeState: { client?: KubeClient } | undefined;
  private discovered: ClusterRef[] = [];
  private discoveredAt = 0;
  private selectedId: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Another kube target or other settings: the clusters must be listed again. */
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly target: TargetStore,
    forwards: PortForwards,
    secrets: vscode.SecretStorage,
    private readonly log: Log,
  ) {
    this.connections = new Connections({
      configured: () => jobsSettings().clusters,
      kube: () => (jobsSettings().discover ? this.kube() : undefined),
      secrets,
      timeoutMs: () => jobsSettings().requestTimeout * 1000,
      log: (m) => log.debug(m),
      forwards,
    });
    void this.moveUrlCredentials(secrets).catch((e: unknown) =>
      log.warn(`Could not move credentials out of flink.clusters: ${(e as Error).message}`),
    );
    this.subs.push(
      target.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flink.jobs.discoverInKubernetes')) this.reset();
        else if (e.affectsConfiguration('flink.clusters')) this.changed.fire();
      }),
    );
  }

  /**
   * `user:pass@` written into a `flink.clusters` URL: moved to SecretStorage and removed from the
   * settings, so that no message, log line or settings sync carries the password.
   */
  private async moveUrlCredentials(secrets: vscode.SecretStorage): Promise<void> {
    const clusters = jobsSettings().clusters;
    const withCreds = clusters.filter((c) => splitUrlCredentials(c.url).auth);
    if (!withCreds.length) return;
    for (const c of withCreds) {
      const { auth } = splitUrlCredentials(c.url);
      if (auth) await secrets.store(authKey(normalizeUrl(c.url)), JSON.stringify(auth));
    }
    await writeClusters(clusters.map((c) => ({ ...c, url: normalizeUrl(c.url) })));
    this.log.info(
      `Moved the credentials of ${withCreds.length} cluster URL(s) in flink.clusters to VS Code's secret storage.`,
    );
  }

  /** A kube client for the current target, made once per target; undefined without a kubeconfig. */
  kube(): KubeClient | undefined {
    if (!this.kubeState) {
      try {
        this.kubeState = { client: createKubeClient(this.target.target().kc) };
      } catch (e) {
        // No kubeconfig is normal for users of REST endpoints only: no discovery then.
        this.log.info(`Flink clusters: no Kubernetes discovery (${(e as Error).message})`);
        this.kubeState = {};
      }
    }
    return this.kubeState.client;
  }

  configured(): ClusterRef[] {
    return this.connections.configured();
  }

  get discover(): ClusterSource['discover'] {
    const inner = this.connections.discover;
    if (!inner) return undefined;
    return async (signal: AbortSignal) => {
      const r = await inner(signal);
      this.discovered = r.clusters;
      this.discoveredAt = Date.now();
      return r;
    };
  }

  /** Milliseconds since the last discovery (Infinity: never). */
  discoveryAge(): number {
    return this.discoveredAt ? Date.now() - this.discoveredAt : Infinity;
  }

  connect(cluster: ClusterRef, signal: AbortSignal): Promise<FlinkClient> {
    return this.connections.connect(cluster, signal);
  }

  /** Every known cluster: the explorer's selection first, then the discovered ones, then the added ones. */
  known(): ClusterRef[] {
    const all = [...this.discovered, ...this.configured()];
    const selected = all.find((c) => c.id === this.selectedId);
    return selected ? [selected, ...all.filter((c) => c !== selected)] : all;
  }

  cluster(id: string): ClusterRef | undefined {
    return this.known().find((c) => c.id === id);
  }

  selected(): string | undefined {
    return this.selectedId;
  }

  /** The explorer reports its selection (a cluster or anything below one). */
  select(clusterId: string | undefined): void {
    this.selectedId = clusterId;
  }

  /** A client for a known cluster; throws when it is no longer known. */
  async clientFor(clusterId: string, signal?: AbortSignal): Promise<FlinkClient> {
    const c = this.cluster(clusterId);
    if (!c) throw new Error('That Flink cluster is no longer listed; refresh the Jobs view.');
    return this.connect(c, signal ?? new AbortController().signal);
  }

  /** Another kube target or discovery setting: other clusters, and the old port-forwards are of no use. */
  reset(): void {
    this.kubeState = undefined;
    this.discovered = [];
    this.discoveredAt = 0;
    this.connections.reset();
    this.changed.fire();
  }

  dispose(): void {
    this.connections.dispose();
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
