// Typed client of one Flink JobManager REST endpoint. No vscode; every call takes an optional
// AbortSignal and has a timeout (http.ts). The server version is read once from GET /config and
// decides the request bodies where the API differs between 1.x and 2.x.
import { FlinkOperationError, FlinkRestError } from './errors';
import { normalizeExceptions, type JobException } from './exceptions';
import { flinkRequest, type HttpOptions, type RequestInit2 } from './http';
import { redactUrl } from './url-credentials';
import type {
  AsyncOperationResult,
  CheckpointingStatistics,
  ClusterOverview,
  DashboardConfig,
  JarList,
  JarRunRequest,
  JobConfig,
  JobDetails,
  JobExceptions,
  JobsOverview,
  JobStatus,
  LogFileInfo,
  SavepointOperation,
  TaskManagerDetails,
  TaskManagerInfo,
  TriggerResponse,
} from './types';
import { capabilities, parseFlinkVersion, type FlinkCapabilities, type FlinkVersion } from './version';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface SavepointOptions extends CallOptions {
  /** Target directory; without it Flink uses the cluster's default savepoint dir (or answers 400). */
  targetDirectory?: string;
  formatType?: 'CANONICAL' | 'NATIVE';
}

export interface WaitOptions extends CallOptions {
  /** Poll interval in ms (default 500). */
  intervalMs?: number;
  /** Overall limit in ms (default 10 min). */
  overallTimeoutMs?: number;
  onPoll?: (status: 'IN_PROGRESS' | 'COMPLETED') => void;
}

export class FlinkClient {
  private readonly http: HttpOptions;
  private configPromise: Promise<DashboardConfig> | undefined;

  constructor(http: HttpOptions) {
    this.http = http;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** The base URL for messages and labels: credentials in it redacted. */
  get displayUrl(): string {
    return redactUrl(this.http.baseUrl);
  }

  /** Base URL, credentials and timeout, for other readers of the same endpoint (log files). Never log it. */
  httpOptions(): HttpOptions {
    return { ...this.http };
  }

  private get<T>(path: string, o: CallOptions = {}, extra: Partial<RequestInit2> = {}): Promise<T> {
    return flinkRequest<T>(this.http, path, { signal: o.signal, timeoutMs: o.timeoutMs, ...extra });
  }

  // ---- version ------------------------------------------------------------------------------

  /** GET /config, cached for the client's life (a failure is not cached). */
  config(o: CallOptions = {}): Promise<DashboardConfig> {
    if (!this.configPromise) {
      this.configPromise = this.get<DashboardConfig>('/config', o);
      this.configPromise.catch(() => {
        this.configPromise = undefined;
      });
    }
    return this.configPromise;
  }

  async version(o: CallOptions = {}): Promise<FlinkVersion | undefined> {
    return parseFlinkVersion((await this.config(o))['flink-version']);
  }

  async capabilities(o: CallOptions = {}): Promise<FlinkCapabilities> {
    return capabilities(await this.version(o));
  }

  // ---- cluster ------------------------------------------------------------------------------

  overview(o?: CallOptions): Promise<ClusterOverview> {
    return this.get('/overview', o);
  }

  async jobsOverview(o?: CallOptions): Promise<JobsOverview['jobs']> {
    return (await this.get<JobsOverview>('/jobs/overview', o)).jobs ?? [];
  }

  /** GET /jobs: ids and statuses only (about a fifth of /jobs/overview's bytes). */
  async jobIds(o?: CallOptions): Promise<Array<{ id: string; status: JobStatus }>> {
    return (await this.get<{ jobs: Array<{ id: string; status: JobStatus }> }>('/jobs', o)).jobs ?? [];
  }

  async taskManagers(o?: CallOptions): Promise<TaskManagerInfo[]> {
    return (await this.get<{ taskmanagers: TaskManagerInfo[] }>('/taskmanagers', o)).taskmanagers ?? [];
  }

  taskManager(id: string, o?: CallOptions): Promise<TaskManagerDetails> {
    return this.get(`/taskmanagers/${encodeURIComponent(id)}`, o);
  }

  async taskManagerLogs(id: string, o?: CallOptions): Promise<LogFileInfo[]> {
    return (await this.get<{ logs: LogFileInfo[] }>(`/taskmanagers/${encodeURIComponent(id)}/logs`, o)).logs ?? [];
  }

  async jobManagerLogs(o?: CallOptions): Promise<LogFileInfo[]> {
    return (await this.get<{ logs: LogFileInfo[] }>('/jobmanager/logs', o)).logs ?? [];
  }

  jobManagerConfig(o?: CallOptions): Promise<Array<{ key: string; value: string }>> {
    return this.get('/jobmanager/config', o);
  }

  // ---- jobs ---------------------------------------------------------------------------------

  job(jobId: string, o?: CallOptions): Promise<JobDetails> {
    return this.get(`/jobs/${jobId}`, o);
  }

  /** Job status; GET /jobs/:id/status is 1.16+, older servers answer from GET /jobs. */
  async jobStatus(jobId: string, o?: CallOptions): Promise<JobStatus> {
    if ((await this.capabilities(o)).jobStatusEndpoint) {
      try {
        return (await this.get<{ status: JobStatus }>(`/jobs/${jobId}/status`, o)).status;
      } catch (e) {
        if (!(e instanceof FlinkRestError && e.status === 404 && /Not found/i.test(e.errors.join(' ')))) throw e;
      }
    }
    const hit = (await this.jobIds(o)).find((j) => j.id === jobId);
    if (!hit)
      throw new FlinkRestError({
        kind: 'http',
        url: `${this.displayUrl}/jobs`,
        status: 404,
        message: `Job ${jobId} is not known to Flink at ${this.displayUrl}.`,
      });
    return hit.status;
  }

  /** Checkpoint statistics, or `undefined` when the job has no checkpointing (Flink answers 404). */
  async checkpoints(jobId: string, o?: CallOptions): Promise<CheckpointingStatistics | undefined> {
    try {
      return await this.get<CheckpointingStatistics>(`/jobs/${jobId}/checkpoints`, o);
    } catch (e) {
      if (
        e instanceof FlinkRestError &&
        e.status === 404 &&
        /Checkpointing (has not been|is not) enabled/i.test(e.errors.join(' '))
      )
        return undefined;
      throw e;
    }
  }

  async exceptions(
    jobId: string,
    o: CallOptions & { max?: number } = {},
  ): Promise<{ entries: JobException[]; truncated: boolean }> {
    const body = await this.get<JobExceptions>(`/jobs/${jobId}/exceptions`, o, {
      query: { maxExceptions: o.max ?? 20 },
    });
    return normalizeExceptions(body);
  }

  jobConfig(jobId: string, o?: CallOptions): Promise<JobConfig> {
    return this.get(`/jobs/${jobId}/config`, o);
  }

  // ---- actions ------------------------------------------------------------------------------

  /** PATCH /jobs/:id?mode=cancel (202). */
  async cancel(jobId: string, o: CallOptions = {}): Promise<void> {
    await flinkRequest(this.http, `/jobs/${jobId}`, {
      method: 'PATCH',
      query: { mode: 'cancel' },
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
  }

  /** POST /jobs/:id/savepoints; returns the trigger id to poll. */
  async triggerSavepoint(jobId: string, o: SavepointOptions & { cancelJob?: boolean } = {}): Promise<string> {
    const caps = await this.capabilities(o);
    const body: Record<string, unknown> = { 'cancel-job': o.cancelJob ?? false };
    if (o.targetDirectory) body['target-directory'] = o.targetDirectory;
    if (o.formatType && caps.savepointFormatType) body.formatType = o.formatType;
    const r = await flinkRequest<TriggerResponse>(this.http, `/jobs/${jobId}/savepoints`, {
      method: 'POST',
      json: body,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    return r['request-id'];
  }

  /** POST /jobs/:id/stop (stop with savepoint; drain emits MAX_WATERMARK first). */
  async stopWithSavepoint(jobId: string, o: SavepointOptions & { drain?: boolean } = {}): Promise<string> {
    const caps = await this.capabilities(o);
    const body: Record<string, unknown> = { drain: o.drain ?? false };
    if (o.targetDirectory) body.targetDirectory = o.targetDirectory;
    if (o.formatType && caps.savepointFormatType) body.formatType = o.formatType;
    const r = await flinkRequest<TriggerResponse>(this.http, `/jobs/${jobId}/stop`, {
      method: 'POST',
      json: body,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    return r['request-id'];
  }

  savepointStatus(
    jobId: string,
    triggerId: string,
    o?: CallOptions,
  ): Promise<AsyncOperationResult<SavepointOperation>> {
    return this.get(`/jobs/${jobId}/savepoints/${triggerId}`, o);
  }

  /** Polls a savepoint (or stop) trigger until it completes; returns the savepoint path. */
  async waitForSavepoint(jobId: string, triggerId: string, o: WaitOptions = {}): Promise<string> {
    const deadline = Date.now() + (o.overallTimeoutMs ?? 10 * 60_000);
    const url = `${this.displayUrl}/jobs/${jobId}/savepoints/${triggerId}`;
    for (;;) {
      const r = await this.savepointStatus(jobId, triggerId, o);
      o.onPoll?.(r.status.id);
      if (r.status.id === 'COMPLETED') {
        const cause = r.operation?.['failure-cause'];
        if (cause)
          throw new FlinkOperationError({
            url,
            operation: 'Savepoint',
            causeClass: cause.class,
            stackTrace: cause['stack-trace'],
          });
        if (!r.operation?.location)
          throw new FlinkOperationError({ url, operation: 'Savepoint', causeClass: 'no location reported' });
        return r.operation.location;
      }
      if (Date.now() > deadline) {
        throw new FlinkRestError({
          kind: 'timeout',
          url,
          message: `Savepoint ${triggerId} of job ${jobId} was still in progress after ${Math.round((o.overallTimeoutMs ?? 600_000) / 1000)} s.`,
        });
      }
      await sleep(o.intervalMs ?? 500, o.signal, url);
    }
  }

  // ---- jars (session clusters with web.submit.enable) ---------------------------------------

  listJars(o?: CallOptions): Promise<JarList> {
    return this.get('/jars', o);
  }

  /** POST /jars/upload (multipart, one .jar file); returns the jar id. */
  async uploadJar(fileName: string, bytes: Uint8Array, o: CallOptions = {}): Promise<string> {
    const form = new FormData();
    form.append('jarfile', new Blob([bytes], { type: 'application/x-java-archive' }), fileName);
    const r = await flinkRequest<{ filename: string; status: string }>(this.http, '/jars/upload', {
      method: 'POST',
      body: form,
      signal: o.signal,
      timeoutMs: o.timeoutMs ?? 120_000,
    });
    const id = r.filename.split('/').pop();
    if (!id)
      throw new FlinkRestError({
        kind: 'bad-response',
        url: `${this.displayUrl}/jars/upload`,
        method: 'POST',
        status: 200,
        message: `Flink did not report the uploaded jar's name (${r.filename}).`,
      });
    return id;
  }

  /** POST /jars/:id/run; returns the new job id. */
  async runJar(jarId: string, req: JarRunRequest, o: CallOptions = {}): Promise<string> {
    const body: Record<string, unknown> = {};
    if (req.entryClass) body.entryClass = req.entryClass;
    // programArgsList exists in every supported version; the string form was removed in 2.0.
    if (req.programArgs?.length) body.programArgsList = req.programArgs;
    if (req.parallelism !== undefined) body.parallelism = req.parallelism;
    if (req.savepointPath) body.savepointPath = req.savepointPath;
    if (req.allowNonRestoredState !== undefined) body.allowNonRestoredState = req.allowNonRestoredState;
    if (req.jobId) body.jobId = req.jobId;
    const r = await flinkRequest<{ jobid: string }>(this.http, `/jars/${encodeURIComponent(jarId)}/run`, {
      method: 'POST',
      json: body,
      signal: o.signal,
      timeoutMs: o.timeoutMs ?? 120_000,
    });
    return r.jobid;
  }

  async deleteJar(jarId: string, o: CallOptions = {}): Promise<void> {
    await flinkRequest(this.http, `/jars/${encodeURIComponent(jarId)}`, {
      method: 'DELETE',
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FlinkRestError({ kind: 'aborted', url, message: 'Cancelled.' }));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new FlinkRestError({ kind: 'aborted', url, message: 'Cancelled.' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
