// The pod log request (GET .../pods/<pod>/log), made here rather than through client-node's Log:
// Log takes no signal until the server has answered, so a request the server holds open before
// its first line (a follow of a quiet container) could not be stopped and kept its socket forever;
// and Log makes a new TLS connection each time (see agents.ts).
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { keepAliveAgent } from './agents';

export interface PodLogQuery {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

/** Bytes of an error answer kept for its message. */
const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Opens the log of one container; resolves with the response once the server answered 200, or
 * rejects with an ApiException carrying the status and the server's Status body. The signal
 * aborts the request at any time, before the answer too.
 */
export async function openPodLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  q: PodLogQuery,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const url = new URL(
    `${cluster.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
  );
  for (const [k, v] of Object.entries(q)) if (v !== undefined) url.searchParams.set(k, String(v));
  const init = await kc.applyToFetchOptions({});
  // node-fetch's Headers (what client-node fills in): credentials of the user, if any.
  const headers: Record<string, string> = {};
  (init.headers as { forEach(f: (v: string, k: string) => void): void } | undefined)?.forEach((v, k) => {
    headers[k] = v;
  });
  // client-node's own agent for this request: https (TLS as the kubeconfig says), a proxy's, or http.
  const made = init.agent as Agent | undefined;
  signal.throwIfAborted();
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: keepAliveAgent(kc, made), signal });
    req.on('error', reject);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status === 200) return resolve(res);
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (b: Buffer) => {
        if (size < ERROR_BODY_BYTES) parts.push(b);
        size += b.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).subarray(0, ERROR_BODY_BYTES).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not a Status object: the text is the body
        }
        const message = (body as { message?: unknown })?.message;
        reject(
          new ApiException(status, typeof message === 'string' ? message : 'Error occurred in log request', body, {}),
        );
      });
    });
    req.end();
  });
}
