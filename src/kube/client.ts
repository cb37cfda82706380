// One Kubernetes session: a KubeConfig plus a KubernetesObjectApi whose every request carries the
// caller's AbortSignal and a per-request timeout (client-node has neither by default).
import {
  KubernetesObjectApi,
  ServerConfiguration,
  createConfiguration,
  type KubeConfig,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { redactUrl } from '../core/redact';
import { keepAliveAgent } from './agents';
import { currentNamespace } from './config';
import { KubeError, toKubeError, type KubeWhat } from './errors';

export const FIELD_MANAGER = 'flink-vscode';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface KubeClientOptions {
  signal?: AbortSignal;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export interface KubeClient {
  readonly kc: KubeConfig;
  readonly objects: KubernetesObjectApi;
  readonly context: string;
  /** The API server URL for messages (credentials in it redacted). */
  readonly server: string;
  readonly namespace: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** Runs `fn` and turns whatever it throws into a KubeError naming `what`. */
  call<T>(what: KubeWhat, fn: (api: KubernetesObjectApi) => Promise<T>): Promise<T>;
}

export function createKubeClient(kc: KubeConfig, opts: KubeClientOptions = {}): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new KubeError(
      `The kubeconfig's context "${kc.getCurrentContext()}" has no cluster. Switch context or fix the kubeconfig.`,
      { reason: 'NoCluster' },
    );
  }
  // kubectl (client-go's transport) refuses this pair; client-node would silently skip verification.
  if (cluster.skipTLSVerify && (cluster.caData || cluster.caFile)) {
    throw new KubeError(
      `The kubeconfig's cluster "${cluster.name}" (context "${kc.getCurrentContext()}") sets both insecure-skip-tls-verify and a certificate authority; kubectl refuses this too ("specifying a root certificates file with the insecure flag is not allowed"). Remove insecure-skip-tls-verify to verify the server with that certificate authority, or remove the certificate authority.`,
      { reason: 'BadKubeconfig' },
    );
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const signal = opts.signal;
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (ctx: RequestContext) => {
          // Kept connections instead of a TLS handshake per request (see agents.ts), at most 16.
          const agent = ctx.getAgent();
          if (agent) ctx.setAgent(keepAliveAgent(kc, agent, 16));
          const t = AbortSignal.timeout(timeoutMs);
          ctx.setSignal(signal ? AbortSignal.any([signal, t]) : t);
          return ctx;
        },
        post: async (rsp: ResponseContext) => rsp,
      },
    ],
  });
  const objects = new KubernetesObjectApi(configuration);
  const namespace = currentNamespace(kc);
  // Objects without a namespace go to the chosen namespace (client-node reads it from kc otherwise).
  (objects as unknown as { defaultNamespace: string }).defaultNamespace = namespace;
  const context = kc.getCurrentContext();
  const client: KubeClient = {
    kc,
    objects,
    context,
    server: redactUrl(cluster.server),
    namespace,
    signal,
    timeoutMs,
    async call<T>(what: KubeWhat, fn: (api: KubernetesObjectApi) => Promise<T>): Promise<T> {
      if (signal?.aborted)
        throw toKubeError(Object.assign(new Error('aborted'), { name: 'AbortError' }), { ...what, signal, context });
      try {
        return await fn(objects);
      } catch (e) {
        throw toKubeError(e, { context, server: client.server, signal, timeoutMs, ...what });
      }
    },
  };
  return client;
}

/** Identity of an object for messages and maps: `Deployment ns/name`. */
export function refOf(o: Pick<KubernetesObject, 'kind' | 'metadata'>): string {
  const ns = o.metadata?.namespace;
  return `${o.kind ?? '?'} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}

/** Sleeps `ms`, or rejects with a Cancelled KubeError when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new KubeError('Cancelled.', { reason: 'Cancelled' }));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new KubeError('Cancelled.', { reason: 'Cancelled' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
