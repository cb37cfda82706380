// The schemas validation uses: the cluster's own (its OpenAPI v3 documents, with the installed CRDs)
// when a kube target is reachable, the shipped ones for everything else. Fetched in the background,
// from the first validation of a Flink manifest on: diagnostics never wait for the cluster; open
// documents are re-validated once the schemas arrive.
import * as vscode from 'vscode';
import { clusterSchemaProvider, combineSchemaProviders, shippedSchemas, type SchemaProvider } from '../../core';
import { KubeError } from '../../kube/errors';
import { DEFAULT_OPENAPI_TTL_MS, OpenApiCache, type ClusterOpenApi } from '../../kube/openapi-schemas';
import type { TargetStore } from './kube-target';
import type { Target } from '../../kube/target';
import type { Log } from './log';
import { validationSettings } from './settings';

/** Events within this of a fetch reuse it (the status bar fires on start-up and on kubeconfig writes). */
const FRESH_MS = 5_000;

export class ClusterSchemas implements vscode.Disposable {
  private current: { provider: SchemaProvider; fetchedAt: number; key: string; id: string } | undefined;
  private generation = 0;
  private inFlight = false;
  /** Nothing is fetched until a Flink manifest is validated: activation on any YAML file stays offline. */
  private wanted = false;
  private readonly controller = new AbortController();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Failures already logged (by target and reason): an unreachable cluster is reported once. */
  private readonly reported = new Set<string>();
  private readonly cache = new OpenApiCache();
  private loadedListeners: Array<() => void> = [];

  constructor(
    private readonly target: TargetStore,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      target.onDidChange(() => {
        if (this.wanted) this.refresh(true);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          this.wanted &&
          (e.affectsConfiguration('flink.validation.useClusterSchemas') || e.affectsConfiguration('flink.kubeconfig'))
        )
          this.refresh(true);
      }),
    );
  }

  /** The provider for validate(): undefined means the shipped schemas (validate's default). */
  provider(): SchemaProvider | undefined {
    if (!validationSettings().useClusterSchemas) return undefined;
    if (!this.wanted) {
      this.wanted = true;
      this.refresh(false);
    }
    // Stale: refetch in the background (the cache has expired too) and keep answering meanwhile.
    if (this.current && Date.now() - this.current.fetchedAt >= DEFAULT_OPENAPI_TTL_MS && !this.inFlight)
      this.refresh(false);
    return this.current?.provider;
  }

  /**
   * Loads the current target's schemas in the background; another target's are dropped at once.
   * `fresh`: refetch even if cached (the user switched context or toggled the setting; CRDs may
   * have been installed meanwhile), unless fetched in the last seconds (events come in bursts).
   */
  refresh(fresh = true): void {
    const generation = ++this.generation;
    let target: Target | undefined;
    if (validationSettings().useClusterSchemas) {
      try {
        target = this.target.target();
      } catch (e) {
        // No usable kubeconfig: offline, the shipped schemas apply. Not worth more than a debug line.
        this.log.debug(`Validation uses the shipped schemas (no Kubernetes target: ${(e as Error).message})`);
      }
    }
    if (this.current && (!target || this.current.key !== OpenApiCache.key(target.kc))) {
      this.current = undefined;
      this.fireLoaded(); // back to the shipped schemas, not another cluster's
    }
    if (target) void this.load(generation, target, fresh ? FRESH_MS : undefined);
  }

  private async load(generation: number, target: Target, maxAgeMs?: number): Promise<void> {
    const key = OpenApiCache.key(target.kc);
    this.inFlight = true;
    let loaded: ClusterOpenApi;
    try {
      loaded = await this.cache.get(target.kc, { signal: this.controller.signal, maxAgeMs });
    } catch (e) {
      if (this.controller.signal.aborted || generation !== this.generation) return;
      const reason = e instanceof KubeError ? (e.reason ?? 'Unknown') : 'Unknown';
      const once = `${key}\n${reason}`;
      if (!this.reported.has(once)) {
        this.reported.add(once);
        // KubeError messages carry no credentials (see kube/errors.ts).
        this.log.warn(
          `Validation uses the shipped schemas: the cluster's schemas could not be read (context "${target.context}"): ${(e as Error).message}`,
        );
      }
      return;
    } finally {
      this.inFlight = false;
    }
    if (generation !== this.generation || this.controller.signal.aborted) return;
    if (this.current?.key === key && this.current.id === loaded.id) {
      this.current.fetchedAt = loaded.fetchedAt;
      return; // the same schemas as before: nothing to re-validate
    }
    const t0 = Date.now();
    const provider = combineSchemaProviders(clusterSchemaProvider(loaded.docs, loaded.id), shippedSchemas());
    this.current = { provider, fetchedAt: loaded.fetchedAt, key, id: loaded.id };
    this.log.info(
      `Validation uses the schemas of context "${loaded.context}" (${loaded.groupVersions.join(', ')}; built in ${Date.now() - t0} ms), the shipped ones for other kinds.`,
    );
    this.fireLoaded();
  }

  /** Which schemas validation uses now: `cluster:<id>` or `shipped`. */
  source(): string {
    return this.current ? `cluster:${this.current.id}` : 'shipped';
  }

  /**
   * Fetches the current target's schemas now (never from the cache) and resolves once they are in
   * use: the positive signal tests and "retry" wait on, instead of toggling settings until green.
   */
  async reload(): Promise<string> {
    this.wanted = true;
    const generation = ++this.generation;
    if (!validationSettings().useClusterSchemas) return this.source();
    const target = this.target.target();
    await this.load(generation, target, 0);
    return this.source();
  }

  /** Called when the schemas in use change (the validate feature re-validates open documents). */
  onDidLoad(listener: () => void): vscode.Disposable {
    this.loadedListeners.push(listener);
    return new vscode.Disposable(() => {
      this.loadedListeners = this.loadedListeners.filter((l) => l !== listener);
    });
  }

  private fireLoaded(): void {
    for (const l of this.loadedListeners) l();
  }

  dispose(): void {
    this.controller.abort();
    for (const s of this.subscriptions) s.dispose();
  }
}
