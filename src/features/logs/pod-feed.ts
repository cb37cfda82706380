// One pod's container as a log feed: the tail first in one request (shown at once), the earlier
// lines read behind it (backfill), then follow, resuming by timestamp after a broken stream.
import type { KubeConfig } from '@kubernetes/client-node';
import { formatBytes } from '../../flink/body';
import type { FlinkLogTarget } from '../../flink/logs';
import { streamPodLogAfter } from '../../kube/pod-log-resume';
import type { PodLogLine, PodLogOptions } from '../../kube/pod-logs';
import { delay, markerLine, type FeedSink, type LogFeed } from './feeds';
import { backfillPodLog } from './pod-backfill';
import { readPodTail, tailHead, type PodTail } from './pod-tail';
import { FIRST_LINES, fillFromRest } from './rest-fill';
import type { Spool } from './spool';
import type { EarlierSource, SourceInfo } from './protocol';

/** Progress of earlier lines to the page at most this often. */
const PROGRESS_MS = 250;
/** Lines at one timestamp remembered to skip their replay after a reconnect. */
const MAX_SAME_TIME = 5_000;

/** How a pod feed starts. */
export interface PodFeedStart {
  /** Read the tail first in one request (needs opts.tailLines), show it, then follow. Default true. */
  tailFirst?: boolean;
  /** Byte cap of that first request (default 8 MiB: what the page keeps). */
  limitBytes?: number;
  /** Then read the lines before the tail in the background and put them in front (the whole log). */
  backfill?: boolean;
  /**
   * Flink's own file of the same log: the lines before the pod log's first are read from it (a
   * kubelet serves only the log file it writes now, 10 MiB by default).
   */
  restFile?: FlinkLogTarget;
  /** Title and description instead of the pod's (a Flink TaskManager read through its pod). */
  title?: string;
  description?: string;
}

/** The first lines of a spool, up to `end` (whole lines only). */
function firstLines(spool: Spool, end: number): string[] {
  const lines = spool
    .read(0, Math.min(end, 64 << 10))
    .toString('utf8')
    .split('\n');
  lines.pop(); // after the last newline: empty, or a line cut by the read
  return lines.slice(0, FIRST_LINES);
}

/** One pod's container (optionally the previous, crashed one). */
export class PodFeed implements LogFeed {
  readonly source: SourceInfo;
  private lastTime = '';
  /** The lines delivered at lastTime, in order (the newest MAX_SAME_TIME at most). */
  private sameTime: string[] = [];
  /** Resuming: lines at lastTime are the replay of sameTime's group until it has been seen whole. */
  private replay: { matched: number } | undefined;
  private started = false;
  private readonly background = new AbortController();
  /** The backfill, once started (tests wait for it). */
  backfilled?: Promise<void>;

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly pod: string,
    private readonly opts: PodLogOptions = {},
    private readonly start: PodFeedStart = {},
  ) {
    const c = opts.container ? `/${opts.container}` : '';
    this.source = {
      title: start.title ?? `pod ${pod}${c}${opts.previous ? ' (previous)' : ''}`,
      description:
        start.description ??
        `Kubernetes pod logs · ${namespace}/${pod}${c}${opts.previous ? ' · previous container' : ''}`,
      tagged: false,
      canFollow: !opts.previous,
    };
  }

  dispose(): void {
    this.background.abort();
  }

  /**
   * Keeps a line unless a reconnect delivered it before; true when kept. A resumed request starts
   * at lastTime's second, and a log may stamp thousands of lines alike (a burst, a stack trace):
   * the lines at lastTime are skipped until the run we delivered has gone by, then kept.
   */
  private accept(l: PodLogLine): boolean {
    if (!l.time) return true;
    if (l.time < this.lastTime) return false;
    if (l.time === this.lastTime) {
      if (this.replay) {
        const r = this.replay;
        r.matched = l.text === this.sameTime[r.matched] ? r.matched + 1 : l.text === this.sameTime[0] ? 1 : 0;
        if (r.matched >= this.sameTime.length) this.replay = undefined;
        return false;
      }
      this.sameTime.push(l.text);
      if (this.sameTime.length > 2 * MAX_SAME_TIME) this.sameTime = this.sameTime.slice(-MAX_SAME_TIME);
      return true;
    }
    this.replay = undefined;
    this.lastTime = l.time;
    this.sameTime = [l.text];
    return true;
  }

  /** The last lines in one request, shown at once; the earlier ones follow in the background. */
  private async readTail(sink: FeedSink, signal: AbortSignal): Promise<void> {
    sink.status('loading');
    const tail = await readPodTail(
      this.kc,
      this.namespace,
      this.pod,
      { ...this.opts, tailLines: this.opts.tailLines ?? 1_000, limitBytes: this.start.limitBytes ?? 8 << 20 },
      signal,
    );
    if (signal.aborted) return;
    for (const l of tail.lines) if (this.accept(l)) sink.line(l.text);
    this.started = true;
    sink.initialDone();
    if (!this.start.backfill) return;
    const bg = this.background.signal;
    this.backfilled = sink.tailShown().then(() => this.readEarlier(sink, tail, bg));
  }

  /**
   * Behind the tail: the pod log's lines before it, then (restFile) the lines from before the pod
   * log's first, which a kubelet that rotated the log no longer serves.
   */
  private async readEarlier(sink: FeedSink, tail: PodTail, bg: AbortSignal): Promise<void> {
    if (!tail.more && !this.start.restFile) return;
    try {
      await this.readEarlierLines(sink, tail, bg);
    } finally {
      sink.earlier(false, 0, 'pod');
    }
  }

  private async readEarlierLines(sink: FeedSink, tail: PodTail, bg: AbortSignal): Promise<void> {
    const progress = (from: EarlierSource) => {
      let last = 0;
      sink.earlier(true, 0, from);
      return (bytes: number) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        sink.earlier(true, bytes, from);
      };
    };
    let first = tail.lines.slice(0, FIRST_LINES).map((l) => l.text);
    let bytes = tail.lines.reduce((n, l) => n + Buffer.byteLength(l.text) + 1, 0);
    if (tail.more && !bg.aborted) {
      const onProgress = progress('pod');
      const head = tailHead(tail.lines);
      const r = await backfillPodLog(
        this.kc,
        this.namespace,
        this.pod,
        this.opts,
        head,
        bg,
        undefined,
        onProgress,
      ).catch((e: Error) => {
        if (!bg.aborted) sink.marker(markerLine(`earlier lines not loaded: ${e.message}`));
        return null;
      });
      if (r === null || bg.aborted) return;
      if (!r) {
        sink.marker(markerLine('earlier lines unavailable: the log no longer holds the start of the tail'));
        return;
      }
      if (r.cut) first = firstLines(r.spool, r.cut);
      bytes += r.cut;
      sink.prepend(r.spool, r.cut);
    }
    const file = this.start.restFile;
    if (!file || bg.aborted) return;
    try {
      const r = await fillFromRest(file, { firstLines: first, bytes }, bg, () => progress('file'));
      if (!r || bg.aborted) return;
      sink.prepend(r.spool, r.cut);
      sink.marker(
        markerLine(
          r.rolled
            ? `${formatBytes(r.cut)} from before the pod log's first line put in front, from Flink's log file ${r.rolled}, which it rolled after that line (the pod log was rotated)`
            : `${formatBytes(r.cut)} from before the pod log's first line put in front, from Flink's log file (the pod log was rotated)`,
        ),
      );
    } catch (e) {
      if (!bg.aborted)
        sink.marker(
          markerLine(`Flink's log file was not read for lines older than the pod log: ${(e as Error).message}`),
        );
    }
  }

  async run(sink: FeedSink, follow: boolean, signal: AbortSignal): Promise<void> {
    const live = follow && !this.opts.previous;
    if (!this.started && (this.start.tailFirst ?? true) && this.opts.tailLines !== undefined) {
      try {
        await this.readTail(sink, signal);
      } catch (e) {
        if (signal.aborted) return;
        this.started = true;
        sink.initialDone();
        sink.marker(markerLine(`stream broken: ${(e as Error).message}`));
        sink.status('broken', (e as Error).message);
        throw e;
      }
      if (signal.aborted) return;
      if (!live) {
        sink.status('ended');
        return;
      }
    }
    let first = !this.started;
    let broken = false;
    let backoff = 1_000;
    while (!signal.aborted) {
      const resume = this.lastTime;
      this.replay = resume && this.sameTime.length ? { matched: 0 } : undefined;
      sink.status(this.started ? (live ? 'live' : 'loading') : 'loading');
      try {
        let quiet: ReturnType<typeof setTimeout> | undefined;
        const markInitial = () => {
          if (!first) return;
          first = false;
          this.started = true;
          sink.initialDone();
          if (live) sink.status('live');
        };
        if (first) quiet = setTimeout(markInitial, 1_500);
        const onLine = (l: PodLogLine) => {
          if (!this.accept(l)) return; // seen before a reconnect
          sink.line(l.text);
          if (first) {
            clearTimeout(quiet);
            quiet = setTimeout(markInitial, 150);
          }
        };
        const onOpen = () => {
          backoff = 1_000;
          if (!broken) return;
          broken = false;
          sink.marker(markerLine('stream resumed'));
          if (!first) sink.status('live');
        };
        // After the last line shown (the tail, or a broken stream): the kubelet need not read the whole log.
        const opts = { ...this.opts, follow: live };
        await streamPodLogAfter(this.kc, this.namespace, this.pod, opts, resume, onLine, signal, onOpen);
        clearTimeout(quiet);
        markInitial();
        if (!live || signal.aborted) break;
        // The server closed a follow stream (container restarted, API server timeout): reconnect.
        broken = true;
        sink.marker(markerLine('stream ended by the server; reconnecting'));
      } catch (e) {
        if (signal.aborted) break;
        if (first) {
          this.started = true;
          first = false;
          sink.initialDone();
        }
        if (!broken) {
          broken = true;
          sink.marker(markerLine(`stream broken: ${(e as Error).message}`));
        }
        sink.status('broken', (e as Error).message);
        if (!live) throw e;
        await delay(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      await delay(500, signal);
    }
    sink.status(live ? 'paused' : 'ended');
  }
}
