// Pod logs (the request itself in pod-log-request.ts): one container (follow, since, tail, previous), and
// every pod of a label selector merged in time order (`kubectl logs -f -l ...` as one stream),
// picking up pods that start or go away while following (a pod watch).
//
// Lines are requested with timestamps=true: the RFC3339Nano prefix orders the merge and lets a
// reconnect resume with sinceTime without repeating lines; it is stripped from the text.
import { Writable } from 'node:stream';
import { setTimeout as wait } from 'node:timers/promises';
import { Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './client';
import { coreApi, listPods } from './core-api';
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
  let received = 0;
  const decoder = new TextDecoder();
  const emit = (raw: string) => {
    const { time, text } = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    onLine({ pod, container, time, text });
  };
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
      if (partial) {
        emit(partial);
        partial = '';
      }
      if (err) reject(err);
      else resolve();
    };
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        const s = partial + decoder.decode(chunk, { stream: true });
        const lines = s.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) emit(l);
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

export interface SelectorHandlers {
  line(l: PodLogLine): void;
  podStarted(pod: string, container: string): void;
  podEnded(pod: string, container: string, reason: string): void;
  broken(e: Error): void;
  resumed(): void;
  /** The first merged batch (every pod's tail) was delivered. */
  initialDone(): void;
}

interface PodStream {
  container: string;
  ctrl: AbortController;
  lastTime: string;
  lastTexts: Set<string>;
  /** Lines received from this pod (its own order, the merge's tie-break). */
  count: number;
  done?: Promise<void>;
}

/**
 * Follows every pod matching a label selector. Lines are held until every pod's stream has
 * reached their time (or for maxHoldMs at most) and emitted sorted by timestamp, so that pods
 * merge in time order; a line later than that is still emitted (never dropped).
 */
export class SelectorLogs {
  private readonly streams = new Map<string, PodStream>();
  private buffer: { line: PodLogLine; seq: number; at: number }[] = [];
  private initial = true;
  private lastActivity = Date.now();

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly selector: string,
    private readonly opts: PodLogOptions,
    private readonly h: SelectorHandlers,
    /** Longest a line waits for the other pods' streams to catch up before it is emitted anyway. */
    private readonly maxHoldMs = 2_000,
  ) {}

  /** Pod names being read now (for tests and the status line). */
  get pods(): string[] {
    return [...this.streams.keys()].sort();
  }

  async run(signal: AbortSignal): Promise<void> {
    const pods = await listPods(this.kc, this.namespace, { signal, labelSelector: this.selector });
    const started = Date.now();
    for (const p of pods.items) this.consider(p, signal);
    const timer = setInterval(() => this.tick(started), 100);
    try {
      if (!this.opts.follow) {
        await Promise.all([...this.streams.values()].map((s) => s.done));
        this.flush(true);
        this.finishInitial();
        return;
      }
      await this.watchLoop(signal, pods.resourceVersion);
    } finally {
      clearInterval(timer);
      for (const s of this.streams.values()) s.ctrl.abort();
      this.flush(true);
      this.finishInitial();
    }
  }

  private tick(started: number): void {
    const now = Date.now();
    if (this.initial) {
      // Wait for every pod's tail (quiet for a moment, or 3 s at most), then emit them merged.
      if (now - this.lastActivity > 400 || now - started > 3_000) {
        this.flush(true);
        this.finishInitial();
      }
      return;
    }
    this.flush(false);
  }

  private finishInitial(): void {
    if (!this.initial) return;
    this.initial = false;
    this.h.initialDone();
  }

  /**
   * Emits the buffered lines that no stream can still precede: those at or before the watermark
   * (the oldest "last timestamp" over the pods' streams), and any that waited maxHoldMs (a pod
   * that is quiet must not hold the others back).
   */
  private flush(all: boolean): void {
    if (!this.buffer.length) return;
    let watermark: string | undefined;
    for (const s of this.streams.values())
      if (s.lastTime && (watermark === undefined || s.lastTime < watermark)) watermark = s.lastTime;
    const cutoff = Date.now() - this.maxHoldMs;
    const isReady = (b: { line: PodLogLine; at: number }) =>
      all || b.at <= cutoff || !b.line.time || (watermark !== undefined && b.line.time <= watermark);
    const ready = this.buffer.filter(isReady);
    if (!ready.length) return;
    this.buffer = this.buffer.filter((b) => !isReady(b));
    // Equal timestamps (a runtime stamps a burst of lines alike): keep each pod's own order and
    // interleave the pods by position, rather than putting one pod's burst before the other's.
    ready.sort((a, b) =>
      a.line.time < b.line.time
        ? -1
        : a.line.time > b.line.time
          ? 1
          : a.seq - b.seq || (a.line.pod < b.line.pod ? -1 : 1),
    );
    for (const r of ready) this.h.line(r.line);
  }

  private consider(pod: V1Pod, signal: AbortSignal): void {
    const name = pod.metadata?.name;
    if (!name || this.streams.has(name) || signal.aborted) return;
    const phase = pod.status?.phase;
    const readable = phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
    if (!readable || pod.metadata?.deletionTimestamp) return;
    const container = this.opts.container ?? defaultContainer(pod);
    if (!container) return;
    const s: PodStream = {
      container,
      ctrl: new AbortController(),
      lastTime: '',
      lastTexts: new Set<string>(),
      count: 0,
    };
    this.streams.set(name, s);
    this.h.podStarted(name, container);
    const follow = (this.opts.follow ?? false) && phase === 'Running';
    s.done = this.podLoop(name, s, follow, AbortSignal.any([signal, s.ctrl.signal]));
  }

  private async podLoop(pod: string, s: PodStream, follow: boolean, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const opts: PodLogOptions = s.lastTime
        ? {
            ...this.opts,
            container: s.container,
            follow,
            tailLines: undefined,
            sinceSeconds: undefined,
            sinceTime: s.lastTime.replace(/\.\d+Z$/, 'Z'),
          }
        : { ...this.opts, container: s.container, follow };
      try {
        await streamPodLog(
          this.kc,
          this.namespace,
          pod,
          opts,
          (l) => {
            if (s.lastTime && (l.time < s.lastTime || (l.time === s.lastTime && s.lastTexts.has(l.text)))) return;
            if (l.time !== s.lastTime) {
              s.lastTime = l.time;
              s.lastTexts = new Set();
            }
            s.lastTexts.add(l.text);
            this.lastActivity = Date.now();
            this.buffer.push({ line: l, seq: s.count++, at: this.lastActivity });
          },
          signal,
          () => {
            if (failures) {
              failures = 0;
              this.h.resumed();
            }
          },
        );
      } catch (e) {
        if (signal.aborted) break;
        if (!failures++) this.h.broken(e as Error);
      }
      if (!follow) break;
      await delay(Math.min(1_000 * 2 ** failures, 30_000), signal);
    }
  }

  private async watchLoop(signal: AbortSignal, resourceVersion: string | undefined): Promise<void> {
    let rv = resourceVersion;
    let failures = 0;
    while (!signal.aborted) {
      // One abort listener per watch, removed when that watch ends (re-watches must not pile them up).
      let stop: (() => void) | undefined;
      let over = false;
      const ended = new Promise<unknown>((resolve) => {
        const watch = new Watch(this.kc);
        const query: Record<string, string | boolean> = { labelSelector: this.selector, allowWatchBookmarks: true };
        if (rv) query.resourceVersion = rv;
        watch
          .watch(
            `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`,
            query,
            (phase, obj: V1Pod) => {
              if (signal.aborted) return; // events already in flight when the run was stopped
              if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
              const name = obj?.metadata?.name;
              if (!name || phase === 'BOOKMARK') return;
              if (phase === 'DELETED') return this.end(name, 'deleted');
              if (obj.metadata?.deletionTimestamp) return this.end(name, 'terminating');
              this.consider(obj, signal);
            },
            (err) => {
              over = true;
              resolve(err);
            },
          )
          .then(
            (ctrl) => {
              if (signal.aborted) return ctrl.abort();
              if (over) return;
              stop = () => ctrl.abort();
              signal.addEventListener('abort', stop, { once: true });
            },
            (err) => {
              over = true;
              resolve(err ?? new Error('watch failed'));
            },
          );
      });
      const err = await ended;
      if (stop) signal.removeEventListener('abort', stop);
      if (signal.aborted) break;
      if (err && (err as { code?: unknown }).code === 410) rv = undefined; // too old: re-list implicitly by watching from now
      if (err) {
        if (!failures++)
          this.h.broken(toKubeError(err, { verb: 'watch', resource: 'pods', namespace: this.namespace }));
      } else if (failures) {
        failures = 0;
        this.h.resumed();
      }
      await delay(err ? Math.min(1_000 * 2 ** failures, 30_000) : 200, signal);
    }
  }

  private end(pod: string, reason: string): void {
    const s = this.streams.get(pod);
    if (!s) return;
    this.streams.delete(pod);
    s.ctrl.abort();
    this.h.podEnded(pod, s.container, reason);
  }
}

/** Waits `ms`; an abort ends the wait early (the caller checks the signal next). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
