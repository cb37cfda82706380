// Every pod of a label selector merged in time order (`kubectl logs -f -l ...` as one stream),
// picking up pods that start or go away while following (a pod watch). One pod's stream is
// pod-logs.ts streamPodLog; a reconnect resumes after the pod's last line (pod-log-resume.ts).
import { setTimeout as wait } from 'node:timers/promises';
import { Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { listPods } from './core-api';
import { toKubeError } from './errors';
import { streamPodLogAfter } from './pod-log-resume';
import { defaultContainer, type PodLogLine, type PodLogOptions } from './pod-logs';

export interface SelectorOptions extends PodLogOptions {
  /** Normalized time of the newest line already shown (a paused view): each pod resumes after it. */
  resumeFrom?: string;
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
    private readonly opts: SelectorOptions,
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
    const { resumeFrom, ...rest } = this.opts;
    const opts: PodLogOptions = { ...rest, container: s.container, follow };
    const onLine = (l: PodLogLine) => {
      if (s.lastTime && (l.time < s.lastTime || (l.time === s.lastTime && s.lastTexts.has(l.text)))) return;
      if (l.time !== s.lastTime) {
        s.lastTime = l.time;
        s.lastTexts = new Set();
      }
      s.lastTexts.add(l.text);
      this.lastActivity = Date.now();
      this.buffer.push({ line: l, seq: s.count++, at: this.lastActivity });
    };
    const onOpen = () => {
      if (failures) {
        failures = 0;
        this.h.resumed();
      }
    };
    while (!signal.aborted) {
      try {
        // After the pod's last line (a reconnect), or the newest line of a paused view.
        await streamPodLogAfter(this.kc, this.namespace, pod, opts, s.lastTime || resumeFrom, onLine, signal, onOpen);
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
