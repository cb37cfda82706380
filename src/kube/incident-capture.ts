// The Kubernetes half of a post-mortem capture, read at once when a container restart is seen
// (the kubelet keeps only one previous container, events expire after an hour): the previous
// container's log tail (previous=true, bounded by lines and bytes) and the pod's events, Warning
// and Normal. Each part fails on its own: a missing previous container or an RBAC denial is said in
// its section and the rest is kept.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { IncidentTrigger } from '../core/incidents/detect';
import type { CaptureSection, IncidentCapture } from '../core/incidents/store';
import { createKubeClient } from './client';
import { toKubeError } from './errors';
import { streamPodLog } from './pod-logs';

export interface CaptureOptions {
  signal?: AbortSignal;
  /** Lines of the previous container (default 500). */
  tailLines?: number;
  /** Bytes of the previous container's log the server sends at most (default 512 KiB). */
  limitBytes?: number;
  /** Per request (default 20 s): a capture must not hang on a stalled API server. */
  timeoutMs?: number;
}

const TAIL_LINES = 500;
const LIMIT_BYTES = 512 * 1024;
const TIMEOUT_MS = 20_000;

/** The previous (terminated) run of one container: its last lines, oldest first. */
export async function capturePreviousLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  opts: CaptureOptions = {},
): Promise<CaptureSection<string[]>> {
  const tailLines = opts.tailLines ?? TAIL_LINES;
  const limitBytes = opts.limitBytes ?? LIMIT_BYTES;
  const lines: string[] = [];
  try {
    const bytes = await streamPodLog(
      kc,
      namespace,
      pod,
      {
        container,
        previous: true,
        tailLines,
        limitBytes,
        openTimeoutMs: opts.timeoutMs ?? TIMEOUT_MS,
        readTimeoutMs: 2 * (opts.timeoutMs ?? TIMEOUT_MS),
      },
      // The kubelet's time only where the line has none of its own (Flink's log lines do).
      (l) => lines.push(l.time && !/^\d{4}-\d\d-\d\d/.test(l.text) ? `${l.time.slice(0, 23)}Z ${l.text}` : l.text),
      opts.signal,
    );
    const cut = bytes >= limitBytes ? `, cut at ${Math.round(limitBytes / 1024)} KiB` : '';
    return {
      items: lines,
      note: `the last ${lines.length} line(s) of the previous container, at most ${tailLines}${cut}`,
    };
  } catch (e) {
    const ke = toKubeError(e, { verb: 'read the previous logs of', kind: 'Pod', name: pod, namespace });
    const what =
      ke.status === 400
        ? `The previous container's log is gone or never existed: ${ke.message} The kubelet keeps only the last terminated container of a pod.`
        : ke.message;
    return { items: lines.length ? lines : undefined, error: what };
  }
}

const asTime = (v: unknown): string => {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : '';
};

/** Event objects as `time type reason (xN): message`, oldest first. */
export function eventLines(events: readonly KubernetesObject[]): string[] {
  return events
    .map((ev) => {
      const e = ev as KubernetesObject & {
        type?: string;
        reason?: string;
        message?: string;
        count?: number;
        lastTimestamp?: unknown;
        eventTime?: unknown;
        series?: { count?: number; lastObservedTime?: unknown };
      };
      const t =
        asTime(e.lastTimestamp) ||
        asTime(e.series?.lastObservedTime) ||
        asTime(e.eventTime) ||
        asTime(e.metadata?.creationTimestamp);
      const count = e.count ?? e.series?.count;
      return {
        t,
        line: `${t || '?'} ${e.type ?? '?'} ${e.reason ?? '?'}${count && count > 1 ? ` (x${count})` : ''}: ${e.message ?? ''}`,
      };
    })
    .sort((a, b) => a.t.localeCompare(b.t))
    .map((x) => x.line);
}

/** The pod's own events (every type), oldest first. */
export async function capturePodEvents(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: CaptureOptions = {},
): Promise<CaptureSection<string[]>> {
  try {
    const client = createKubeClient(kc, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS });
    const items = await client.call(
      { verb: 'list', kind: 'Event', namespace },
      async (api) =>
        (
          await api.list(
            'v1',
            'Event',
            namespace,
            undefined,
            undefined,
            undefined,
            `involvedObject.kind=Pod,involvedObject.name=${pod}`,
            undefined,
            200,
          )
        ).items,
    );
    return { items: eventLines(items) };
  } catch (e) {
    // KubeError's message names the denied verb and the next step (RBAC, context, retry).
    return { error: `Events of pod "${pod}" not read: ${toKubeError(e).message}` };
  }
}

/** Whatever the exception history reader returns; supplied by the caller (the Flink layer). */
export type ExceptionsReader = (signal?: AbortSignal) => Promise<NonNullable<IncidentCapture['exceptions']>>;

/**
 * Everything for one trigger, read in parallel: the previous container's log and the pod's events
 * for a container restart, and the exception history from `exceptions` (jobs and restarts alike).
 */
export async function captureIncident(
  kc: KubeConfig | undefined,
  namespace: string | undefined,
  trigger: IncidentTrigger,
  exceptions: ExceptionsReader | undefined,
  opts: CaptureOptions = {},
): Promise<IncidentCapture> {
  const noKube: CaptureSection<string[]> = { error: 'No Kubernetes context for this cluster: nothing to read.' };
  const pod = trigger.kind === 'container' ? trigger : undefined;
  const [previousLog, events, exc] = await Promise.all([
    pod ? (kc && namespace ? capturePreviousLog(kc, namespace, pod.pod, pod.container, opts) : noKube) : undefined,
    pod ? (kc && namespace ? capturePodEvents(kc, namespace, pod.pod, opts) : noKube) : undefined,
    exceptions
      ? exceptions(opts.signal).catch((e: unknown) => ({
          error: `The exception history was not read: ${(e as Error).message}`,
        }))
      : Promise.resolve({ error: 'No Flink REST endpoint for this cluster: the exception history was not read.' }),
  ]);
  return { previousLog, events, exceptions: exc, capturedAt: Date.now() };
}
