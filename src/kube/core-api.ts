// CoreV1Api calls with the caller's AbortSignal and a per-request deadline (client-node's
// makeApiClient has neither: a hung API server would hold the pod pick or a log view forever).
import {
  CoreV1Api,
  ServerConfiguration,
  createConfiguration,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
  type V1Pod,
} from '@kubernetes/client-node';
import { keepAliveAgent } from './agents';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './client';
import { KubeError, toKubeError } from './errors';

export interface CallLimits {
  signal?: AbortSignal;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export function coreApi(kc: KubeConfig, limits: CallLimits = {}): CoreV1Api {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new KubeError(
      `The kubeconfig's context "${kc.getCurrentContext()}" has no cluster. Switch context or fix the kubeconfig.`,
      { reason: 'NoCluster' },
    );
  }
  const timeoutMs = limits.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (ctx: RequestContext) => {
          const agent = ctx.getAgent();
          if (agent) ctx.setAgent(keepAliveAgent(kc, agent));
          const t = AbortSignal.timeout(timeoutMs);
          ctx.setSignal(limits.signal ? AbortSignal.any([limits.signal, t]) : t);
          return ctx;
        },
        post: async (rsp: ResponseContext) => rsp,
      },
    ],
  });
  return new CoreV1Api(configuration);
}

/** The pods of a namespace (optionally by label and field selector), within the deadline. */
export async function listPods(
  kc: KubeConfig,
  namespace: string,
  opts: CallLimits & { labelSelector?: string; fieldSelector?: string } = {},
): Promise<{ items: V1Pod[]; resourceVersion?: string }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  try {
    const list = await coreApi(kc, opts).listNamespacedPod({
      namespace,
      ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
      ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
    });
    return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
  } catch (e) {
    throw toKubeError(e, {
      verb: 'list',
      resource: 'pods',
      namespace,
      signal: opts.signal,
      timeoutMs,
      context: kc.getCurrentContext(),
    });
  }
}
