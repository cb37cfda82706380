// The OpenAPI v3 documents a cluster serves (GET /openapi/v3, then one document per group-version),
// for validating manifests against the cluster's own schemas and CRDs (core's clusterSchemaProvider).
// Cached per (server, context) with a TTL, so the editor fetches once, not on every keystroke.
import type { KubeConfig } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { KubeError, toKubeError, type KubeWhat } from './errors';

/** Group-versions of the kinds Flink manifests use; the operator's only when its CRDs are installed. */
export const SCHEMA_GROUP_VERSIONS = [
  'api/v1',
  'apis/apps/v1',
  'apis/batch/v1',
  'apis/rbac.authorization.k8s.io/v1',
  'apis/flink.apache.org/v1beta1',
];
export const DEFAULT_OPENAPI_TIMEOUT_MS = 20_000;
export const DEFAULT_OPENAPI_TTL_MS = 10 * 60_000;
/** A group-version document larger than this is refused (core/v1 is a few MB). */
const MAX_BYTES = 64 * 1024 * 1024;

export interface ClusterOpenApi {
  /** The group-version documents, for clusterSchemaProvider. */
  docs: Record<string, unknown>[];
  /** Changes when the served schemas change (built from the documents' hashes). */
  id: string;
  server: string;
  context: string;
  /** The group-versions found (e.g. 'apis/flink.apache.org/v1beta1' only when the CRDs are installed). */
  groupVersions: string[];
  fetchedAt: number;
}

export interface OpenApiFetchOptions {
  signal?: AbortSignal;
  /** Per request; default 20 s. */
  timeoutMs?: number;
  groupVersions?: string[];
}

/**
 * GET `path` (server-relative, may carry a query) as JSON, with the kubeconfig's credentials. A
 * document's URL carries its hash: when the schemas changed since the index was read (a CRD was just
 * installed), the server answers 301 to the new hash, which is followed on the same server only.
 */
async function getJson(
  kc: KubeConfig,
  server: string,
  path: string,
  opts: OpenApiFetchOptions,
  what: KubeWhat,
  redirects = 0,
): Promise<unknown> {
  const url = new URL(path.replace(/^\//, ''), server.endsWith('/') ? server : `${server}/`);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_OPENAPI_TIMEOUT_MS;
  const t = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, t]) : t;
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  try {
    // Credentials (exec plugins, tokens, client certificates) and the proxy agent, as client-node sets them.
    const ro: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await kc.applyToHTTPSOptions(ro);
    return await new Promise<unknown>((resolve, reject) => {
      const req = request(url, { ...ro, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) req.destroy(new Error(`${path}: response larger than ${MAX_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const location = res.headers.location;
          if (res.statusCode && res.statusCode >= 301 && res.statusCode <= 308 && location && redirects < 3) {
            const next = new URL(location, url);
            if (next.origin === url.origin)
              return resolve(getJson(kc, server, `${next.pathname}${next.search}`, opts, what, redirects + 1));
          }
          // Shaped like client-node's ApiException, so toKubeError reads the Status body.
          if (res.statusCode !== 200)
            return reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { code: res.statusCode ?? 0, body }));
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new Error(`${path}: the API server answered with something that is not JSON`));
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
  } catch (e) {
    throw toKubeError(e, { ...what, signal: opts.signal, timeoutMs });
  }
}

/** Fetches the index and the documents of the wanted group-versions that the cluster serves. */
export async function fetchOpenApiDocs(kc: KubeConfig, opts: OpenApiFetchOptions = {}): Promise<ClusterOpenApi> {
  const cluster = kc.getCurrentCluster();
  const context = kc.getCurrentContext();
  if (!cluster) {
    throw new KubeError(`The kubeconfig's context "${context}" has no cluster. Switch context or fix the kubeconfig.`, {
      reason: 'NoCluster',
    });
  }
  const server = cluster.server;
  const what: KubeWhat = { verb: 'read', resource: 'the OpenAPI schemas', context, server };
  const index = (await getJson(kc, server, '/openapi/v3', opts, what)) as {
    paths?: Record<string, { serverRelativeURL?: string }>;
  };
  const served = (opts.groupVersions ?? SCHEMA_GROUP_VERSIONS).flatMap((gv) => {
    const url = index.paths?.[gv]?.serverRelativeURL;
    return url ? [{ gv, url }] : [];
  });
  const wanted = served.map((s) => s.gv);
  if (!wanted.length) {
    throw new KubeError(
      `The API server${server ? ` (${server})` : ''} serves no OpenAPI v3 schemas for the core kinds (Kubernetes 1.27+ serves them). Validation uses the schemas shipped with the extension.`,
      { reason: 'NoOpenApi' },
    );
  }
  const urls = served.map((s) => s.url);
  const docs = await Promise.all(
    urls.map((u) => getJson(kc, server, u, opts, what) as Promise<Record<string, unknown>>),
  );
  // serverRelativeURL carries the document's hash: the id changes exactly when the schemas do.
  const id = `cluster:${createHash('sha256')
    .update([server, context, ...urls].join('\n'))
    .digest('hex')
    .slice(0, 16)}`;
  return { docs, id, server, context, groupVersions: wanted, fetchedAt: Date.now() };
}

export interface OpenApiCacheOptions {
  ttlMs?: number;
  /** The fetcher; replaceable for tests of the cache alone. */
  fetch?: (kc: KubeConfig, opts: OpenApiFetchOptions) => Promise<ClusterOpenApi>;
  now?: () => number;
}

/**
 * Documents per (server, context), kept `ttlMs`. Concurrent callers share one fetch; a failed fetch
 * is not kept, so the next call (e.g. after the user fixes the credentials) tries again.
 */
export class OpenApiCache {
  private readonly entries = new Map<string, { at: number; value: Promise<ClusterOpenApi> }>();
  private readonly ttlMs: number;
  private readonly fetcher: (kc: KubeConfig, opts: OpenApiFetchOptions) => Promise<ClusterOpenApi>;
  private readonly now: () => number;
  /** Fetches made (not answered from the cache). */
  fetches = 0;

  constructor(opts: OpenApiCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_OPENAPI_TTL_MS;
    this.fetcher = opts.fetch ?? fetchOpenApiDocs;
    this.now = opts.now ?? Date.now;
  }

  static key(kc: KubeConfig): string {
    return `${kc.getCurrentCluster()?.server ?? ''}\n${kc.getCurrentContext()}`;
  }

  /** `maxAgeMs` (below the TTL): refetch unless the entry is that young, e.g. after the user switched context. */
  get(kc: KubeConfig, opts: OpenApiFetchOptions & { maxAgeMs?: number } = {}): Promise<ClusterOpenApi> {
    const key = OpenApiCache.key(kc);
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < Math.min(this.ttlMs, opts.maxAgeMs ?? Infinity)) return hit.value;
    this.fetches++;
    const value = this.fetcher(kc, opts);
    const entry = { at: this.now(), value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** True when `get` would answer from the cache. */
  has(kc: KubeConfig): boolean {
    const hit = this.entries.get(OpenApiCache.key(kc));
    return !!hit && this.now() - hit.at < this.ttlMs;
  }

  clear(): void {
    this.entries.clear();
  }
}
