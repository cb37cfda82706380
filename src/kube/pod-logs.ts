// One container's pod log as lines (follow, since, tail, previous); the request itself is in
// pod-log-request.ts, every pod of a label selector merged in selector-logs.ts.
//
// Lines are requested with timestamps=true: the RFC3339Nano prefix orders the merge and lets a
// reconnect resume with sinceTime without repeating lines; it is stripped from the text.
import { Writable } from 'node:stream';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './client';
import { coreApi } from './core-api';
import { KubeError, toKubeError } from './errors';
import { openPodLog, type PodLogQuery } from './pod-log-request';

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  sinceSeconds?: number;
  /** RFC3339 time; wins over sinceSeconds. */
  sinceTime?: string;
  tailLines?: number;
  /** Bytes the server sends at most (from the start of what it would send: the newest lines may be cut). */
  limitBytes?: number;
  follow?: boolean;
  /** Time allowed until the server accepts the log request (default 30 s). */
  openTimeoutMs?: number;
  /** Overall deadline of a read without follow (default 5 min); following has none. */
  readTimeoutMs?: number;
}

export interface PodLogLine {
  pod: string;
  container: string;
  /** RFC3339Nano, fraction padded to 9 digits so that string order is time order ('' if absent). */
  time: string;
  text: string;
}

/** Pads the fraction of an RFC3339(Nano) UTC timestamp to 9 digits: string order = time order. */
export function normalizeTimestamp(t: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(t);
  if (!m) return t;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

/** Splits "2026-01-02T03:04:05.123456789Z text" into time and text. */
export function splitTimestamp(line: string): { time: string; text: string } {
  const sp = line.indexOf(' ');
  if (sp > 0 && /^\d{4}-\d\d-\d\dT/.test(line))
    return { time: normalizeTimestamp(line.slice(0, sp)), text: line.slice(sp + 1) };
  return { time: '', text: line };
}

/** The container `kubectl logs` would pick: the default-container annotation, else the first. */
export function defaultContainer(pod: V1Pod): string | undefined {
  return pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? pod.spec?.containers?.[0]?.name;
}

export async function resolveContainer(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  signal?: AbortSignal,
): Promise<string> {
  let p: V1Pod;
  try {
    p = await coreApi(kc, { signal }).readNamespacedPod({ name: pod, namespace });
  } catch (e) {
    throw toKubeError(e, {
      verb: 'read',
      kind: 'Pod',
      name: pod,
      namespace,
      signal,
      timeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    });
  }
  const c = defaultContainer(p);
  if (!c)
    throw new KubeError(`Pod "${pod}" in namespace "${namespace}" has no containers.`, {
      kind: 'Pod',
      name: pod,
      namespace,
      reason: 'NoContainer',
    });
  return c;
}

function logError(e: unknown, pod: string, namespace: string, opts: PodLogOptions, signal?: AbortSignal): KubeError {
  const code = (e as { code?: unknown }).code;
  if (code === 400) {
    const why = opts.previous
      ? ': there is no previous container (it has not restarted), so only the current logs exist'
      : ': the container may not have started yet, or the container name is wrong';
    return new KubeError(
      `Cannot read the logs of pod "${pod}"${opts.container ? ` container "${opts.container}"` : ''} in namespace "${namespace}" (400)${why}.`,
      { status: 400, reason: 'BadRequest', kind: 'Pod', name: pod, namespace, cause: e },
    );
  }
  return toKubeError(e, { verb: 'read logs of', kind: 'Pod', name: pod, namespace, signal });
}

/**
 * Streams one container's log into onLine until the server ends it (follow: the container
 * stopped or the connection closed) or the signal aborts. Resolves on either, with the number of
 * bytes received (timestamps included: what limitBytes counts).
 */
export async function streamPodLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: PodLogOptions,
  onLine: (l: PodLogLine) => void,
  signal?: AbortSignal,
  /** Called when the server accepted the request and the stream is open. */
  onOpen?: () => void,
): Promise<number> {
  const container = opts.container ?? (await resolveContainer(kc, namespace, pod, signal));
  let partial = '';
  const decoder = new TextDecoder();
  const emit = (raw: string) => {
    const { time, text } = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    onLine({ pod, container, time, text });
  };
  try {
    return await streamPodLogBytes(
      kc,
      namespace,
      pod,
      { ...opts, container },
      (chunk) => {
        const s = partial + decoder.decode(chunk, { stream: true });
        const lines = s.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) emit(l);
      },
      signal,
      onOpen,
    );
  } finally {
    // The last line without its newline (the log ends there, or the stream was cut).
    if (partial) emit(partial);
  }
}

/**
 * As streamPodLog, but hands over the bytes as they come (`<RFC3339Nano> <text>` lines; a chunk
 * may end inside a line): for readers of whole logs that want no string per line.
 */
export async function streamPodLogBytes(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: PodLogOptions,
  onData: (chunk: Buffer) => void,
  signal?: AbortSignal,
  onOpen?: () => void,
): Promise<number> {
  const container = opts.container ?? (await resolveContainer(kc, namespace, pod, signal));
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    // Bound the wait for the server's answer, and a read without follow as a whole (a stalled
    // server must not hold the view forever); the request itself stops on ctrl at any time.
    const ctrl = new AbortController();
    const openMs = opts.openTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const expire = (ms: number, doing: string) =>
      setTimeout(() => {
        ctrl.abort();
        finish(
          new KubeError(
            `Timed out after ${Math.round(ms / 1000)} s while ${doing} the logs of pod "${pod}" in namespace "${namespace}". Check that the API server and the pod's node are reachable, then retry.`,
            { reason: 'Timeout', kind: 'Pod', name: pod, namespace, verb: 'read logs of' },
          ),
        );
      }, ms);
    let deadline = expire(openMs, 'opening');
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (!settled) onData(chunk);
        cb();
      },
    });
    sink.on('finish', () => finish());
    sink.on('error', (e) => finish(e));
    const onAbort = () => {
      ctrl.abort();
      finish();
    };
    if (signal?.aborted) return finish();
    signal?.addEventListener('abort', onAbort, { once: true });
    const query: PodLogQuery = {
      container,
      follow: opts.follow ?? false,
      previous: opts.previous ?? false,
      timestamps: true,
      tailLines: opts.tailLines,
      limitBytes: opts.limitBytes,
      ...(opts.sinceTime ? { sinceTime: opts.sinceTime } : { sinceSeconds: opts.sinceSeconds }),
    };
    openPodLog(kc, namespace, pod, query, ctrl.signal).then(
      (res) => {
        if (settled) {
          res.destroy();
          return;
        }
        clearTimeout(deadline);
        if (!query.follow) deadline = expire(opts.readTimeoutMs ?? 5 * 60_000, 'reading');
        // A connection that breaks mid-answer is an error, not the end of the log.
        res.on('aborted', () => finish(new Error(`the connection closed before the end of the logs of pod "${pod}"`)));
        res.on('error', (e) => finish(e));
        res.pipe(sink);
        onOpen?.();
      },
      (e) => finish(settled ? undefined : logError(e, pod, namespace, { ...opts, container }, signal)),
    );
  });
  return received;
}
