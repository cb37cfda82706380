// Log sources as feeds into a session's spool: a Flink REST log file (downloaded, then followed by
// polling) and Kubernetes pod logs (one pod, or every pod of a label selector merged in time
// order). A feed keeps its own resume point, so pausing and resuming follow loses nothing.
import type { KubeConfig } from '@kubernetes/client-node';
import { setTimeout as wait } from 'node:timers/promises';
import { describeLogTarget, followLog, streamLog, type FlinkLogTarget } from '../../flink/logs';
import { redactUrl } from '../../flink/url-credentials';
import type { PodLogOptions } from '../../kube/pod-logs';
import { SelectorLogs } from '../../kube/selector-logs';
import { MARKER_PREFIX, MARKER_SUFFIX, type EarlierSource, type SourceInfo, type StreamState } from './protocol';
import type { Spool } from './spool';

export interface FeedSink {
  /** Raw bytes of the source (lines may be split anywhere), valid only during the call. */
  data(buf: Buffer): void;
  /** One whole line. */
  line(text: string): void;
  /** A marker line ("stream broken", "resumed", "rotated"). */
  marker(text: string): void;
  status(state: StreamState, message?: string, progress?: { loaded: number; total: number }): void;
  /** The initial content is in: the page may show the tail now. */
  initialDone(): void;
  /**
   * Resolves once the page has drawn the tail (or a few seconds after it was sent): background
   * reads wait for it, so they do not compete with the first lines for the host's event loop.
   */
  tailShown(): Promise<void>;
  /**
   * Earlier lines of the log, read after the tail: the first `cut` bytes of `earlier` go in front
   * of everything written so far. The sink owns `earlier` from then on.
   */
  prepend(earlier: Spool, cut: number): void;
  /** Reading earlier lines: `bytes` so far (reading false: done), for the page's status bar. */
  earlier(reading: boolean, bytes: number, from: EarlierSource): void;
}

export interface LogFeed {
  readonly source: SourceInfo;
  /** Runs until the source ends (not following) or the signal aborts; may be called again to resume. */
  run(sink: FeedSink, follow: boolean, signal: AbortSignal): Promise<void>;
  /** Stops work that outlives a run (a backfill of earlier lines). */
  dispose?(): void;
}

export function markerLine(text: string): string {
  const time = new Date().toISOString().replace('T', ' ').replace('Z', ' UTC');
  return `${MARKER_PREFIX}${text} at ${time}${MARKER_SUFFIX}`;
}

export class FlinkFileFeed implements LogFeed {
  readonly source: SourceInfo;
  private offset = 0;
  private loaded = false;

  constructor(
    private readonly target: FlinkLogTarget,
    private readonly pollMs = 2_000,
  ) {
    const what = describeLogTarget(target);
    this.source = {
      title: what,
      description: `Flink REST ${redactUrl(target.baseUrl)} · ${what}`,
      tagged: false,
      canFollow: true,
    };
  }

  async run(sink: FeedSink, follow: boolean, signal: AbortSignal): Promise<void> {
    if (!this.loaded) {
      sink.status('loading');
      let total = 0;
      let lastProgress = 0;
      // Resumes where an interrupted first load stopped (the spool already has those bytes).
      await streamLog(
        this.target,
        this.offset,
        (b) => {
          this.offset += b.length;
          sink.data(b);
          const now = Date.now();
          if (now - lastProgress > 200) {
            lastProgress = now;
            sink.status('loading', undefined, { loaded: this.offset, total });
          }
        },
        {
          signal,
          onSize: (s) => {
            total = s;
          },
        },
      );
      this.loaded = true;
      sink.initialDone();
    }
    if (!follow || signal.aborted) {
      sink.status('paused');
      return;
    }
    sink.status('live');
    this.offset = await followLog(
      this.target,
      this.offset,
      {
        onData: (b) => {
          this.offset += b.length;
          sink.data(b);
        },
        onRotate: () => {
          this.offset = 0;
          sink.marker(markerLine('log file rotated or truncated; reading the new file'));
        },
        onBreak: (e) => {
          sink.marker(markerLine(`stream broken: ${e.message}`));
          sink.status('broken', e.message);
        },
        onResume: () => {
          sink.marker(markerLine('stream resumed'));
          sink.status('live');
        },
      },
      { signal, intervalMs: this.pollMs },
    );
    sink.status('paused');
  }
}

/** Every pod of a label selector, merged in time order, each line tagged `[pod/<name>/<container>]`. */
export class SelectorFeed implements LogFeed {
  readonly source: SourceInfo;
  private resumeTime = '';
  private started = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly selector: string,
    private readonly opts: PodLogOptions = {},
  ) {
    this.source = {
      title: `pods ${selector}`,
      description: `Kubernetes pod logs · ${namespace} · -l ${selector}`,
      tagged: true,
      canFollow: true,
    };
  }

  async run(sink: FeedSink, follow: boolean, signal: AbortSignal): Promise<void> {
    const first = !this.started;
    const resumeFrom = this.resumeTime;
    sink.status(first ? 'loading' : 'live');
    const logs = new SelectorLogs(
      this.kc,
      this.namespace,
      this.selector,
      { ...this.opts, follow, ...(resumeFrom ? { resumeFrom } : {}) },
      {
        line: (l) => {
          if (resumeFrom && l.time && l.time <= resumeFrom) return; // already shown before the pause
          if (l.time > this.resumeTime) this.resumeTime = l.time;
          sink.line(`[pod/${l.pod}/${l.container}] ${l.text}`);
        },
        podStarted: (pod, container) => {
          if (this.started) sink.marker(markerLine(`pod ${pod}/${container} joined`));
        },
        podEnded: (pod, container, reason) => sink.marker(markerLine(`pod ${pod}/${container} ${reason}`)),
        broken: (e) => {
          sink.marker(markerLine(`stream broken: ${e.message}`));
          sink.status('broken', e.message);
        },
        resumed: () => {
          sink.marker(markerLine('stream resumed'));
          sink.status('live');
        },
        initialDone: () => {
          if (!this.started) {
            this.started = true;
            sink.initialDone();
          }
          sink.status(follow ? 'live' : 'ended');
        },
      },
    );
    await logs.run(signal);
    if (!this.started) {
      this.started = true;
      sink.initialDone();
    }
    sink.status(follow ? 'paused' : 'ended');
  }
}

/** Waits `ms`; an abort ends the wait early (the caller checks the signal next). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
