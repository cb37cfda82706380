// Turning a ClusterRef into a FlinkClient: user-added endpoints with credentials from a secret
// store; Kubernetes clusters through the managed port-forward. No vscode here either (the secret
// store and kube client come in), so integration tests use the same code as the extension.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { FlinkClient } from '../../flink/client';
import type { FlinkAuth, RequestRecord } from '../../flink/http';
import { redactUrl, splitUrlCredentials } from '../../flink/url-credentials';
import type { KubeClient } from '../../kube/client';
import { discoverClusters } from '../../kube/discover';
import type { ForwardLease, PortForwardManager } from '../../kube/port-forward';
import type { ClusterRef, ClusterSource } from './cluster-ref';
import { PortForwards } from './port-forwards';
import { UserError } from './problem-text';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface ConnectionsOptions {
  /** User-added REST endpoints. */
  configured: () => Array<{ name?: string; url: string; caFile?: string }>;
  /** A Kubernetes client for discovery and port-forwards; undefined = no discovery. */
  kube?: () => KubeClient | undefined;
  secrets?: SecretStore;
  timeoutMs?: () => number;
  onRequest?: (r: RequestRecord) => void;
  log?: (m: string) => void;
  /** The shared port-forward manager (the extension's service); one of its own otherwise. */
  forwards?: PortForwards;
}

export function authKey(url: string): string {
  return `flink.clusterAuth:${normalizeUrl(url)}`;
}

/** The URL as the extension keeps and shows it: no trailing slash, never `user:pass@`. */
export function normalizeUrl(url: string): string {
  return splitUrlCredentials(url).url.replace(/\/+$/, '');
}

export function settingsClusterId(url: string): string {
  return `url:${normalizeUrl(url)}`;
}

export class Connections implements ClusterSource {
  private readonly clients = new Map<string, { client: FlinkClient; lease?: ForwardLease }>();
  private readonly forwards: PortForwards;

  constructor(private readonly opts: ConnectionsOptions) {
    this.forwards = opts.forwards ?? new PortForwards(opts.log);
  }

  configured(): ClusterRef[] {
    return this.opts.configured().map((c) => ({
      id: settingsClusterId(c.url),
      name: c.name || normalizeUrl(c.url).replace(/^https?:\/\//, ''),
      source: 'settings',
      url: normalizeUrl(c.url),
    }));
  }

  get discover(): ClusterSource['discover'] {
    if (!this.opts.kube) return undefined;
    return async () => {
      const kube = this.opts.kube?.();
      if (!kube) return { clusters: [], warnings: [] };
      const r = await discoverClusters(kube);
      const clusters: ClusterRef[] = r.clusters.map((d) => ({
        id: d.id,
        name: d.name,
        source: 'kubernetes',
        discovered: d,
      }));
      // Clusters that went away give their port-forward back.
      const live = new Set(clusters.map((c) => c.id));
      for (const id of [...this.clients.keys()]) if (id.startsWith('k8s:') && !live.has(id)) this.forget(id);
      return { clusters, warnings: r.warnings };
    };
  }

  async connect(cluster: ClusterRef, signal: AbortSignal): Promise<FlinkClient> {
    const have = this.clients.get(cluster.id);
    if (have) return have.client;
    const timeoutMs = this.opts.timeoutMs?.() ?? 10_000;
    if (cluster.source === 'settings') {
      // Credentials still written into the setting's URL (before they were moved) are used, never shown.
      const entry = this.opts.configured().find((c) => normalizeUrl(c.url) === cluster.url);
      const raw = entry?.url;
      const auth = (await this.auth(cluster.url!)) ?? (raw ? splitUrlCredentials(raw).auth : undefined);
      const ca = entry?.caFile ? await readCaFile(entry.caFile, cluster.url!) : undefined;
      const client = new FlinkClient({
        baseUrl: cluster.url!,
        auth,
        timeoutMs,
        onRequest: this.opts.onRequest,
        ...(ca ? { ca } : {}),
      });
      this.clients.set(cluster.id, { client });
      return client;
    }
    const d = cluster.discovered;
    if (!d) throw new Error(`${cluster.name} has no Kubernetes location.`);
    const manager = this.forwardManager();
    const lease = await manager.acquire(
      { namespace: d.namespace, selector: d.jobManagerSelector, port: d.restPort },
      signal,
    );
    const raced = this.clients.get(cluster.id);
    if (raced) {
      lease.release();
      return raced.client;
    }
    const client = new FlinkClient({ baseUrl: lease.url, timeoutMs, onRequest: this.opts.onRequest });
    this.clients.set(cluster.id, { client, lease });
    return client;
  }

  /** The URL to open in a browser: the user's URL, or the local end of the port-forward. */
  async webUrl(cluster: ClusterRef, signal: AbortSignal): Promise<string> {
    return (await this.connect(cluster, signal)).baseUrl;
  }

  /** Drop a cached client (after credentials change, or when a cluster goes away). */
  forget(clusterId: string): void {
    const c = this.clients.get(clusterId);
    this.clients.delete(clusterId);
    c?.lease?.release();
  }

  async setAuth(url: string, auth: FlinkAuth): Promise<void> {
    if (!this.opts.secrets) return;
    if (auth.type === 'none') await this.opts.secrets.delete(authKey(url));
    else await this.opts.secrets.store(authKey(url), JSON.stringify(auth));
    this.forget(settingsClusterId(url));
  }

  /** Release every client and port-forward (view hidden for good, context switched). */
  reset(): void {
    for (const id of [...this.clients.keys()]) this.forget(id);
    this.forwards.reset();
  }

  dispose(): void {
    this.reset();
  }

  private forwardManager(): PortForwardManager {
    const kube = this.opts.kube?.();
    if (!kube) throw new Error('No Kubernetes context is configured.');
    return this.forwards.for(kube);
  }

  private async auth(url: string): Promise<FlinkAuth | undefined> {
    const raw = await this.opts.secrets?.get(authKey(url));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as FlinkAuth;
    } catch {
      return undefined;
    }
  }
}

/** The PEM text of a cluster's caFile (absolute, or under `~`), or a clear error. */
async function readCaFile(file: string, url: string): Promise<string> {
  const path = /^~([/\\]|$)/.test(file) ? join(homedir(), file.slice(1)) : file;
  if (!isAbsolute(path))
    throw new UserError(
      `The caFile configured for ${redactUrl(url)} is a relative path (${file}): give an absolute path or one under ~ in the flink.clusters setting.`,
    );
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UserError(
      `The caFile configured for ${redactUrl(url)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): fix its path in the flink.clusters setting.`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UserError(
      `The caFile configured for ${redactUrl(url)} holds no PEM certificate: point it at the CA's certificate (-----BEGIN CERTIFICATE-----).`,
    );
  return text;
}
