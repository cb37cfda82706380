// The host side of one job graph view, without vscode (the panel, the test harness and the bench
// drive it the same way). It polls Flink only while the page is there (ready, visible) and not
// paused, one refresh at a time, and keeps the last good snapshot when a refresh fails.
//
// Requests per refresh: GET /jobs/:id/status (a few bytes) and one aggregated metrics request per
// vertex; the full GET /jobs/:id (plan, vertex states) on the first refresh, when the job state
// changes and every `detailsEvery` refreshes (bench/jobgraph.bench.mjs: bytes per minute). With a
// vertex selected, its side panel adds five; the checkpoint and exception tabs one each while shown.
import { describeError } from '../../flink/errors';
import { flinkRequest, type HttpOptions } from '../../flink/http';
import {
  jobDetailsWithPlan,
  jobStatusOnly,
  vertexAccumulators,
  vertexBackpressure,
  vertexDetails,
  vertexWatermarks,
  type JobDetailsWithPlan,
  type JobPlan,
} from '../../flink/job-graph';
import { checkpointHistory, checkpointVertexSummary } from '../../flink/job-graph-checkpoints';
import { normalizeExceptions } from '../../flink/exceptions';
import type { JobExceptions } from '../../flink/types';
import { framePaths } from './frames';
import { subtaskFigures, vertexFigures, type VertexFigures } from '../../flink/metrics';
import { buildCheckpointDetail, buildCheckpoints } from './checkpoints';
import type { GraphSnapshot, HostMessage, PageMessage, Tab, ViewState } from './protocol';
import { buildDetail, buildSnapshot, TERMINAL_JOB_STATES } from './snapshot';

export interface SessionOptions {
  /** Refresh interval in ms while visible (default 3 s). */
  intervalMs?: number;
  /** Full job details every n refreshes (default 20: once a minute at the Web UI's 3 s). */
  detailsEvery?: number;
  /** Parallel metric requests (default 4). */
  concurrency?: number;
  openTaskManagerLogs?: (taskManagerId: string) => void;
  /** Which of these source paths exist in the workspace (the host asks VS Code). */
  findInWorkspace?: (paths: string[]) => Promise<string[]>;
  openFrame?: (path: string, line: number) => void;
  onError?: (message: string) => void;
}

type Details = Omit<JobDetailsWithPlan, 'plan'> & { plan?: JobPlan };

/** Above this many vertices a refresh is spread out: the interval grows with the vertex count. */
export const LARGE_GRAPH = 100;

export class JobGraphSession {
  private pageReady = false;
  private paused = false;
  private selected: string | undefined;
  private tab: Tab = 'graph';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private abort = new AbortController();
  private details: Details | undefined;
  private last: GraphSnapshot | undefined;
  private refreshes = 0;
  /** Vertex id -> refresh number when its optional metrics were found missing. */
  private readonly noOptional = new Map<string, number>();
  private disposed = false;
  private flinkVersion: string | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly http: HttpOptions,
    readonly jobId: string,
    private readonly post: (m: HostMessage) => void,
    private readonly opts: SessionOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 3_000;
  }

  get lastSnapshot(): GraphSnapshot | undefined {
    return this.last;
  }

  handle(m: PageMessage): void {
    switch (m.type) {
      case 'ready':
        this.pageReady = true;
        this.paused = m.paused ?? this.paused;
        this.selected = m.selected ?? this.selected;
        this.tab = m.tab ?? this.tab;
        // A reloaded or re-shown page has nothing drawn: send what we have, then refresh.
        if (this.last) this.post({ type: 'snapshot', snapshot: this.last });
        this.kick();
        return;
      case 'setPaused':
        this.paused = m.paused;
        if (m.paused) {
          this.stopTimer();
          this.status('paused', 'Paused: the figures are not refreshed. Press Resume to continue.');
        } else this.kick();
        return;
      case 'select':
        this.selected = m.vertexId;
        if (m.vertexId) void this.refreshDetail();
        return;
      case 'refresh':
        this.kick(true);
        return;
      case 'setTab':
        this.tab = m.tab;
        if (m.tab === 'checkpoints') void this.refreshCheckpoints();
        if (m.tab === 'exceptions') void this.refreshExceptions();
        return;
      case 'openFrame':
        this.opts.openFrame?.(m.path, m.line);
        return;
      case 'selectCheckpoint':
        void this.refreshCheckpointDetail(m.checkpointId);
        return;
      case 'openTaskManagerLogs':
        this.opts.openTaskManagerLogs?.(m.taskManagerId);
        return;
    }
  }

  /** The page was hidden or torn down: stop polling until it says `ready` again. */
  pageGone(): void {
    this.pageReady = false;
    this.stopTimer();
  }

  dispose(): void {
    this.disposed = true;
    this.pageReady = false;
    this.stopTimer();
    this.abort.abort();
  }

  /** Runs one refresh now (after a running one), then keeps the timer going when it should. */
  private kick(evenIfPaused = false): void {
    this.stopTimer();
    if (this.disposed || !this.pageReady || (this.paused && !evenIfPaused)) return;
    void this.refreshOnce().then(() => this.schedule());
  }

  private schedule(): void {
    this.stopTimer();
    if (this.disposed || !this.pageReady || this.paused) return;
    if (this.last && TERMINAL_JOB_STATES.has(this.last.jobState)) return;
    const n = this.details?.vertices.length ?? 0;
    const interval = this.intervalMs * Math.max(1, Math.ceil(n / LARGE_GRAPH));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refreshOnce().then(() => this.schedule());
    }, interval);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One refresh; concurrent callers share the running one. Never throws. */
  refreshOnce(): Promise<void> {
    if (!this.running)
      this.running = this.doRefresh().finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async doRefresh(): Promise<void> {
    const o = { signal: this.abort.signal };
    const missing: string[] = [];
    try {
      if (!this.flinkVersion) this.flinkVersion = await this.readVersion();
      const every = this.opts.detailsEvery ?? 20;
      let details = this.details;
      if (!details || this.refreshes % every === 0) {
        details = await jobDetailsWithPlan(this.http, this.jobId, o);
      } else {
        const state = await jobStatusOnly(this.http, this.jobId, o);
        if (state !== details.state) details = await jobDetailsWithPlan(this.http, this.jobId, o);
      }
      this.details = details;
      this.refreshes++;
      if (!details.plan) missing.push('the job plan (Flink sent none): edges are not drawn');

      const figures = new Map<string, VertexFigures>();
      if (TERMINAL_JOB_STATES.has(details.state)) {
        missing.push(`live figures: the job is ${details.state}, Flink keeps no metrics for it`);
      } else {
        const failed: string[] = [];
        await forEachLimited(details.vertices, this.opts.concurrency ?? 4, async (v) => {
          try {
            const since = this.noOptional.get(v.id);
            const withOptional = since === undefined || this.refreshes - since >= every;
            const r = await vertexFigures(this.http, this.jobId, v.id, withOptional, o);
            if (r.optionalMissing) this.noOptional.set(v.id, this.refreshes);
            else if (withOptional) this.noOptional.delete(v.id);
            figures.set(v.id, r.figures);
          } catch (e) {
            if (this.abort.signal.aborted) throw e;
            failed.push(`${v.name}: ${describeError(e)}`);
          }
        });
        if (failed.length)
          missing.push(`live figures of ${failed.length} vertex(es) (${failed[0]}${failed.length > 1 ? ', ...' : ''})`);
        if (details.vertices.length > LARGE_GRAPH)
          missing.push(
            `${details.vertices.length} vertices: figures refresh every ${Math.round((this.intervalMs * Math.ceil(details.vertices.length / LARGE_GRAPH)) / 1000)} s`,
          );
      }
      if (this.disposed) return;
      this.last = buildSnapshot(details, figures, Date.now(), missing, this.flinkVersion);
      this.post({ type: 'snapshot', snapshot: this.last });
      if (TERMINAL_JOB_STATES.has(details.state))
        this.status('ended', `The job is ${details.state}: the graph is final and live figures are not available.`);
      else if (this.paused) this.status('paused', 'Paused: the figures are not refreshed. Press Resume to continue.');
      else this.status('live');
      if (this.selected) await this.refreshDetail();
      if (this.tab === 'checkpoints') await this.refreshCheckpoints();
      if (this.tab === 'exceptions') await this.refreshExceptions();
    } catch (e) {
      if (this.disposed) return;
      const msg = describeError(e);
      this.opts.onError?.(msg);
      const since = this.last ? ` Showing the picture from ${new Date(this.last.takenAt).toLocaleTimeString()}.` : '';
      const retry = this.paused ? ' Press Refresh to try again.' : ' Retrying while the view is open.';
      this.status('stale', `Cannot read the job from Flink: ${msg}.${since}${retry}`);
    }
  }

  private async readVersion(): Promise<string | undefined> {
    try {
      const c = await flinkRequest<{ 'flink-version'?: string }>(this.http, '/config', { signal: this.abort.signal });
      return c['flink-version'];
    } catch {
      return undefined; // the job request right after says what is wrong
    }
  }

  private async refreshDetail(): Promise<void> {
    const vertexId = this.selected;
    if (!vertexId || this.disposed) return;
    const o = { signal: this.abort.signal };
    const missing: string[] = [];
    const opt = async <T>(what: string, p: Promise<T>): Promise<T | undefined> => {
      try {
        return await p;
      } catch (e) {
        missing.push(`${what}: ${describeError(e)}`);
        return undefined;
      }
    };
    try {
      const v = await vertexDetails(this.http, this.jobId, vertexId, o);
      const ended = this.last ? TERMINAL_JOB_STATES.has(this.last.jobState) : false;
      const [backpressure, watermarks, accumulators, subtasks] = await Promise.all([
        ended ? undefined : opt('back pressure', vertexBackpressure(this.http, this.jobId, vertexId, o)),
        ended ? undefined : opt('watermarks', vertexWatermarks(this.http, this.jobId, vertexId, o)),
        opt('accumulators', vertexAccumulators(this.http, this.jobId, vertexId, o)),
        ended
          ? undefined
          : opt('subtask metrics', subtaskFigures(this.http, this.jobId, vertexId, v.subtasks.length, o)),
      ]);
      if (ended) missing.push('live subtask figures and watermarks: the job has ended');
      if (backpressure?.status === 'deprecated')
        missing.push('back pressure sample: Flink is taking one, next refresh');
      if (this.disposed || this.selected !== vertexId) return;
      this.post({
        type: 'detail',
        detail: buildDetail(
          v,
          {
            ...(backpressure ? { backpressure } : {}),
            ...(watermarks ? { watermarks } : {}),
            ...(accumulators ? { accumulators } : {}),
            ...(subtasks ? { subtaskFigures: subtasks } : {}),
          },
          Date.now(),
          missing,
        ),
      });
    } catch (e) {
      if (this.disposed) return;
      this.opts.onError?.(describeError(e));
      // The graph's own status says whether Flink is gone; a detail failure alone is not fatal.
    }
  }

  private async refreshCheckpoints(): Promise<void> {
    if (this.disposed) return;
    try {
      const stats = await checkpointHistory(this.http, this.jobId, { signal: this.abort.signal });
      if (!this.disposed) this.post({ type: 'checkpoints', checkpoints: buildCheckpoints(stats) });
    } catch (e) {
      if (this.disposed) return;
      this.post({
        type: 'checkpoints',
        checkpoints: { history: [], missing: `the checkpoint history: ${describeError(e)}` },
      });
    }
  }

  private async refreshExceptions(): Promise<void> {
    if (this.disposed) return;
    try {
      const body = await flinkRequest<JobExceptions>(this.http, `/jobs/${encodeURIComponent(this.jobId)}/exceptions`, {
        signal: this.abort.signal,
        query: { maxExceptions: 20 },
      });
      const { entries, truncated } = normalizeExceptions(body);
      const paths = framePaths(entries.map((e) => e.stacktrace));
      let workspacePaths: string[] = [];
      try {
        workspacePaths = paths.length && this.opts.findInWorkspace ? await this.opts.findInWorkspace(paths) : [];
      } catch {
        workspacePaths = []; // no links is better than no exceptions
      }
      if (this.disposed) return;
      this.post({
        type: 'exceptions',
        exceptions: {
          entries: entries.map((e) => ({
            name: e.name,
            message: e.message,
            timestamp: e.timestamp,
            stacktrace: e.stacktrace,
            concurrent: e.concurrent,
            ...(e.taskName ? { taskName: e.taskName } : {}),
            ...(e.endpoint ? { endpoint: e.endpoint } : {}),
          })),
          truncated,
          workspacePaths,
        },
      });
    } catch (e) {
      if (this.disposed) return;
      this.post({
        type: 'exceptions',
        exceptions: {
          entries: [],
          truncated: false,
          workspacePaths: [],
          missing: `the exceptions: ${describeError(e)}`,
        },
      });
    }
  }

  private async refreshCheckpointDetail(checkpointId: number): Promise<void> {
    const vertices = this.details?.vertices ?? [];
    const rows = await Promise.all(
      vertices.map(async (v) => {
        try {
          const summary = await checkpointVertexSummary(this.http, this.jobId, checkpointId, v.id, {
            signal: this.abort.signal,
          });
          return { id: v.id, name: v.name, summary };
        } catch (e) {
          return { id: v.id, name: v.name, error: describeError(e) };
        }
      }),
    );
    if (!this.disposed) this.post({ type: 'checkpointDetail', detail: buildCheckpointDetail(checkpointId, rows) });
  }

  private status(state: ViewState, message?: string): void {
    this.post({ type: 'status', state, ...(message ? { message } : {}) });
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
