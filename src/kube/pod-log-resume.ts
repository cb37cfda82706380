// Resuming a container's log after the last line we have, without making the kubelet read the
// whole file. With sinceTime alone the kubelet parses every line of the log from its start
// (k8s.io/cri-client ReadLogs: the time filter runs after the seek, and without tailLines there is
// no seek): about 300 ms of its CPU per 100 MB, before the first line comes, and again at every
// reconnect. With tailLines as well it seeks back that many lines first. If that window does not
// reach back to our last line (more lines were written since), the request is made again without it.
import type { KubeConfig } from '@kubernetes/client-node';
import { streamPodLog, type PodLogLine, type PodLogOptions } from './pod-logs';

/** Lines the first resume request looks back (a few hundred KB for the kubelet to seek over). */
export const RESUME_WINDOW_LINES = 5_000;

/**
 * Streams every line of the container from `lastTime` on, and maybe some before it in its second
 * (the caller drops those), as streamPodLog does. `lastTime` is a normalized timestamp
 * (pod-logs.ts normalizeTimestamp) of a line the caller already has; without one (nothing read
 * yet) this is streamPodLog with `opts` as they are.
 */
export async function streamPodLogAfter(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: PodLogOptions,
  lastTime: string | undefined,
  onLine: (l: PodLogLine) => void,
  signal?: AbortSignal,
  onOpen?: () => void,
  windowLines = RESUME_WINDOW_LINES,
): Promise<number> {
  if (!lastTime) return streamPodLog(kc, namespace, pod, opts, onLine, signal, onOpen);
  const since: PodLogOptions = {
    ...opts,
    sinceSeconds: undefined,
    sinceTime: lastTime.replace(/\.\d+Z$/, 'Z'),
  };
  const window = new AbortController();
  let judged = false;
  let short = false;
  const received = await streamPodLog(
    kc,
    namespace,
    pod,
    { ...since, tailLines: windowLines },
    (l) => {
      if (short) return; // the rest of a chunk that arrived with the first line
      if (!judged) {
        judged = true;
        // Only a line older than ours proves the window reaches back over our last line and every
        // line stamped alike (stamps never go back in a container's log, but may repeat).
        if (!l.time || l.time >= lastTime) {
          short = true;
          window.abort();
          return;
        }
      }
      onLine(l);
    },
    signal ? AbortSignal.any([signal, window.signal]) : window.signal,
    onOpen,
  );
  if (signal?.aborted) return received;
  // Covered, or a follow the server ended before any line came (the caller reconnects).
  if (judged ? !short : opts.follow) return received;
  return (
    received + (await streamPodLog(kc, namespace, pod, { ...since, tailLines: undefined }, onLine, signal, onOpen))
  );
}
