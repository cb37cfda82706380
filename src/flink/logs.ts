// Flink REST log files: list them, stream one (from a byte offset), read its tail, follow it.
//
// Flink (1.x and 2.x) serves log files whole: HandlerUtils.transferFile sends the entire file with a
// Content-Length and ignores `Range`. We still ask for a range: if a proxy or a later Flink honours
// it (206) we use it; if not (200) the bytes before the offset are skipped as they arrive, so
// memory stays flat. Following therefore re-requests the file and compares Content-Length with
// what we have, aborting at once when nothing is new.
//
// Reuses the REST client's URL, auth and error helpers (http.ts, errors.ts); files stream through
// raw-get.ts (one reused read buffer), since flinkRequest reads whole (capped) bodies. Credentials
// in a base URL are sent as auth and never shown (url-credentials.ts).
import { setTimeout as wait } from 'node:timers/promises';
import { formatBytes, MAX_ERROR_BODY_BYTES, MAX_JSON_BYTES, readCapped } from './body';
import { dispatcherFor, tlsProblem } from './tls';
import { FlinkRestError, summarizeFlinkErrors } from './errors';
import { authHeader, causeCode, joinUrl, redactCause, resolveBase, type FlinkAuth } from './http';
import { AnswerError, ClosedEarly, rawGet } from './raw-get';
import { redactUrl } from './url-credentials';

export type LogOwner = { type: 'jobmanager' } | { type: 'taskmanager'; id: string };
export type LogFileRef = { kind: 'main' } | { kind: 'stdout' } | { kind: 'file'; name: string };

export interface LogFileInfo {
  name: string;
  size: number;
  /** Modification time in ms (Flink 1.15+). */
  mtime?: number;
}

export interface FlinkLogTarget {
  baseUrl: string;
  auth?: FlinkAuth;
  /** PEM certificates trusted for an https base URL (the cluster's caFile). */
  ca?: string;
  owner: LogOwner;
  file: LogFileRef;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive (default 15 s). */
  headersTimeoutMs?: number;
  /** Time allowed without a byte while the body streams (default 30 s). */
  idleTimeoutMs?: number;
  /** Called with the file's size once the headers arrived (for progress). */
  onSize?: (size: number) => void;
}

export interface StreamResult {
  /** Size of the file on the server now (Content-Length, or the Content-Range total). */
  size: number;
  /** Bytes delivered to onData. */
  bytes: number;
  /** The server answered 206 to our Range request. */
  rangeHonoured: boolean;
  /** The file is now smaller than `from`: it was rotated or truncated. Nothing was delivered. */
  rotated: boolean;
}

function ownerPath(owner: LogOwner): string {
  return owner.type === 'jobmanager' ? '/jobmanager' : `/taskmanagers/${encodeURIComponent(owner.id)}`;
}

export function logFilePath(owner: LogOwner, file: LogFileRef): string {
  const base = ownerPath(owner);
  if (file.kind === 'main') return `${base}/log`;
  if (file.kind === 'stdout') return `${base}/stdout`;
  return `${base}/logs/${encodeURIComponent(file.name)}`;
}

export function describeLogTarget(t: Pick<FlinkLogTarget, 'owner' | 'file'>): string {
  const who = t.owner.type === 'jobmanager' ? 'JobManager' : `TaskManager ${t.owner.id}`;
  const what = t.file.kind === 'main' ? 'main log' : t.file.kind === 'stdout' ? 'stdout' : t.file.name;
  return `${who} ${what}`;
}

function headers(auth: FlinkAuth | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  const a = authHeader(auth);
  if (a) h.authorization = a;
  return h;
}

function networkError(
  rawUrl: string,
  rawBase: string,
  kind: 'timeout' | 'aborted' | 'unreachable',
  cause: unknown,
  what: string,
  withCa = false,
): FlinkRestError {
  const url = redactUrl(rawUrl);
  const baseUrl = redactUrl(rawBase);
  const message =
    kind === 'aborted'
      ? `Reading ${what} from ${url} was cancelled.`
      : kind === 'timeout'
        ? `Flink at ${baseUrl} stopped answering while sending ${what}. Check that the JobManager is up, then retry.`
        : (tlsProblem(causeCode(cause), baseUrl, withCa) ??
          `Cannot reach Flink at ${baseUrl} to read ${what}: is the JobManager running and the URL right?`);
  return new FlinkRestError({ kind, url, message, cause: redactCause(cause) });
}

async function httpFailure(res: Response, url: string, what: string): Promise<FlinkRestError> {
  const body = await readCapped(res, MAX_ERROR_BODY_BYTES).catch(() => undefined);
  return httpFailureFrom(res.status, body?.buf.toString('utf8') ?? '', url, what);
}

function httpFailureFrom(status: number, text: string, url: string, what: string): FlinkRestError {
  let errors: string[] = [];
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) errors = parsed.errors.map(String);
  } catch {
    // not JSON
  }
  const summary = summarizeFlinkErrors(errors) || text.trim().slice(0, 120) || `HTTP ${status}`;
  const hint =
    status === 404
      ? ' The TaskManager may be gone (released or restarted): pick another one, or read its pod logs (previous container) instead.'
      : status === 500
        ? ' The file may not exist: Flink serves log files only when log4j writes to ${sys:log.file} (see log4j-console.properties).'
        : '';
  return new FlinkRestError({
    kind: 'http',
    url: redactUrl(url),
    status,
    errors,
    message: `Cannot read ${what}: ${summary} (HTTP ${status}).${hint}`,
  });
}

/** GET /jobmanager/logs or /taskmanagers/:id/logs (a JSON answer, read up to `maxBodyBytes`). */
export async function listLogFiles(
  baseUrl: string,
  owner: LogOwner,
  opts: { auth?: FlinkAuth; ca?: string; signal?: AbortSignal; timeoutMs?: number; maxBodyBytes?: number } = {},
): Promise<LogFileInfo[]> {
  const r = resolveBase(baseUrl, opts.auth);
  const url = joinUrl(r.baseUrl, `${ownerPath(owner)}/logs`);
  const what = 'the list of log files';
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const kind = () => (opts.signal?.aborted ? 'aborted' : timeout.aborted ? 'timeout' : 'unreachable');
  let res: Response;
  try {
    const tls = opts.ca && url.startsWith('https:') ? { dispatcher: await dispatcherFor(opts.ca) } : {};
    res = await fetch(url, {
      headers: headers(r.auth, { accept: 'application/json' }),
      signal,
      redirect: 'manual',
      ...tls,
    } as RequestInit);
  } catch (e) {
    throw networkError(url, r.baseUrl, kind(), e, what, opts.ca !== undefined);
  }
  if (!res.ok) throw await httpFailure(res, url, what);
  const cap = opts.maxBodyBytes ?? MAX_JSON_BYTES;
  let read: Awaited<ReturnType<typeof readCapped>>;
  try {
    read = await readCapped(res, cap);
  } catch (e) {
    throw networkError(url, r.baseUrl, kind(), e, what);
  }
  const shown = redactUrl(url);
  if (read.truncated) {
    throw new FlinkRestError({
      kind: 'bad-response',
      url: shown,
      status: res.status,
      message: `Flink at ${redactUrl(r.baseUrl)} sent more than ${formatBytes(cap)} for ${what}, the most this extension reads for one answer; it stopped reading. Check that the URL is a Flink JobManager REST endpoint and not a file server or proxy.`,
    });
  }
  let body: { logs?: { name?: unknown; size?: unknown; mtime?: unknown }[] } | undefined;
  try {
    body = JSON.parse(read.buf.toString('utf8')) as typeof body;
  } catch (e) {
    throw new FlinkRestError({
      kind: 'bad-response',
      url: shown,
      status: res.status,
      cause: e,
      message: `Flink at ${redactUrl(r.baseUrl)} sent ${what} in a form that is not JSON. Is this URL a Flink JobManager REST endpoint?`,
    });
  }
  const logs = body && Array.isArray(body.logs) ? body.logs : [];
  return logs
    .filter((l) => l && typeof l.name === 'string')
    .map((l) => ({
      name: String(l.name),
      size: Number(l.size ?? 0),
      ...(typeof l.mtime === 'number' ? { mtime: l.mtime } : {}),
    }));
}

/**
 * Streams the file from byte `from` to its current end into onData, whose chunk is a view valid
 * only during the call (raw-get.ts reads the socket into one reused buffer): copy what you keep.
 * Returns without delivering anything when the file has not grown past `from` (the read stops
 * after the headers).
 */
export function streamLog(
  target: FlinkLogTarget,
  from: number,
  onData: (chunk: Buffer) => void,
  opts: StreamOptions = {},
): Promise<StreamResult> {
  const r = resolveBase(target.baseUrl, target.auth);
  const url = joinUrl(r.baseUrl, logFilePath(target.owner, target.file));
  const what = describeLogTarget(target);
  if (opts.signal?.aborted) return Promise.reject(networkError(url, r.baseUrl, 'aborted', undefined, what));
  const stop = new AbortController();
  let timedOut = false;
  const expire = (ms: number) =>
    setTimeout(() => {
      timedOut = true;
      stop.abort();
    }, ms);
  let timer = expire(opts.headersTimeoutMs ?? 15_000);
  const idle = opts.idleTimeoutMs ?? 30_000;
  let result: StreamResult | undefined;
  let consumerError: { e: unknown } | undefined;
  // Per answer: what its head said, and where its body is.
  let ok = false;
  let rangeHonoured = false;
  let length = NaN;
  let total = NaN;
  let skip = 0;
  let bytes = 0;
  let seen = 0;
  const errorBody: Buffer[] = [];
  let errorBytes = 0;
  let status = 0;
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  return rawGet(
    new URL(url),
    {
      headers: headers(r.auth, from > 0 ? { range: `bytes=${from}-` } : {}),
      ...(target.ca ? { ca: target.ca } : {}),
      signal,
    },
    {
      head: (res) => {
        status = res.status;
        const range = () => Number(/\/(\d+)/.exec(res.headers['content-range'] ?? '')?.[1] ?? NaN);
        if (status === 416) {
          const t = Number.isFinite(range()) ? range() : from;
          result = { size: t, bytes: 0, rangeHonoured: true, rotated: t < from };
          return false;
        }
        if (status < 200 || status >= 300) return true; // its body says why
        ok = true;
        rangeHonoured = status === 206;
        length = Number(res.headers['content-length'] ?? NaN);
        total = rangeHonoured ? range() : length;
        if (Number.isFinite(total) && total <= from) {
          result = { size: total, bytes: 0, rangeHonoured, rotated: total < from };
          return false;
        }
        if (Number.isFinite(total)) opts.onSize?.(total);
        skip = rangeHonoured ? 0 : from;
        seen = rangeHonoured ? from : 0;
        clearTimeout(timer);
        timer = expire(idle);
        return true;
      },
      body: (view) => {
        if (!ok) {
          if (errorBytes < MAX_ERROR_BODY_BYTES) {
            errorBody.push(Buffer.from(view.subarray(0, MAX_ERROR_BODY_BYTES - errorBytes)));
            errorBytes += view.length;
          }
          return;
        }
        clearTimeout(timer);
        timer = expire(idle);
        seen += view.length;
        let buf = view;
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
        }
        if (!buf.length) return;
        bytes += buf.length;
        try {
          onData(buf);
        } catch (e) {
          consumerError = { e };
          throw e;
        }
      },
    },
  ).then(
    () => {
      clearTimeout(timer);
      if (result) return result;
      if (!ok) throw httpFailureFrom(status, Buffer.concat(errorBody).toString('utf8'), url, what);
      if (skip > 0) return { size: seen, bytes: 0, rangeHonoured, rotated: true };
      if (Number.isFinite(length) && seen - (rangeHonoured ? from : 0) < length)
        throw networkError(url, r.baseUrl, 'unreachable', new ClosedEarly(), what, target.ca !== undefined);
      return { size: Number.isFinite(total) ? total : seen, bytes, rangeHonoured, rotated: false };
    },
    (e: unknown) => {
      clearTimeout(timer);
      if (consumerError) throw consumerError.e;
      if (e instanceof AnswerError)
        throw new FlinkRestError({
          kind: 'bad-response',
          url: redactUrl(url),
          status,
          cause: e,
          message: `Flink at ${redactUrl(r.baseUrl)} sent ${what} in a form this extension cannot read (${e.message}). Is this URL a Flink JobManager REST endpoint, and does a proxy in between change the answer?`,
        });
      throw networkError(
        url,
        r.baseUrl,
        opts.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'unreachable',
        e instanceof ClosedEarly ? new Error('connection closed before the end of the file') : e,
        what,
        target.ca !== undefined,
      );
    },
  );
}

/**
 * The last `maxBytes` of the file (cut to start at a line). Asks for a suffix range; when the
 * server sends the whole file instead, keeps only a ring of the last bytes as they stream.
 */
export async function fetchLogTail(
  target: FlinkLogTarget,
  maxBytes: number,
  opts: StreamOptions = {},
): Promise<{ text: string; size: number }> {
  const r = resolveBase(target.baseUrl, target.auth);
  const url = joinUrl(r.baseUrl, logFilePath(target.owner, target.file));
  const what = describeLogTarget(target);
  const timeout = AbortSignal.timeout(opts.headersTimeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, { headers: headers(r.auth, { range: `bytes=-${maxBytes}` }), signal });
  } catch (e) {
    throw networkError(
      url,
      r.baseUrl,
      opts.signal?.aborted ? 'aborted' : timeout.aborted ? 'timeout' : 'unreachable',
      e,
      what,
    );
  }
  if (!res.ok) throw await httpFailure(res, url, what);
  const ring: Buffer[] = [];
  let ringBytes = 0;
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      const b = Buffer.from(chunk as Uint8Array);
      size += b.length;
      ring.push(b);
      ringBytes += b.length;
      while (ring.length > 1 && ringBytes - (ring[0]?.length ?? 0) >= maxBytes) ringBytes -= ring.shift()!.length;
    }
  } catch (e) {
    throw networkError(url, r.baseUrl, opts.signal?.aborted ? 'aborted' : 'unreachable', e, what);
  }
  let tail = Buffer.concat(ring);
  if (tail.length > maxBytes) tail = tail.subarray(tail.length - maxBytes);
  const whole = res.status !== 206 && tail.length === size;
  if (res.status === 206) size = Number(/\/(\d+)/.exec(res.headers.get('content-range') ?? '')?.[1] ?? size);
  if (!whole) {
    const nl = tail.indexOf(0x0a);
    if (nl >= 0) tail = tail.subarray(nl + 1);
  }
  return { text: tail.toString('utf8'), size };
}

export interface FollowHandlers {
  onData(chunk: Buffer): void;
  /** The file shrank (rotated or truncated); following restarts at 0 after this. */
  onRotate?(size: number): void;
  /** A poll failed after the stream was live. Called once per outage. */
  onBreak?(error: Error): void;
  /** The first successful poll after a break. */
  onResume?(): void;
}

export interface FollowOptions extends StreamOptions {
  /** Poll interval in ms (default 2 s). Flink caches a TaskManager's file upload for web.refresh-interval (3 s). */
  intervalMs?: number;
  /** Longest wait between polls while the source is broken (default 30 s). */
  maxBackoffMs?: number;
}

/** Polls the file for growth from `from` until the signal aborts; returns the last offset. */
export async function followLog(
  target: FlinkLogTarget,
  from: number,
  h: FollowHandlers,
  opts: FollowOptions = {},
): Promise<number> {
  const interval = opts.intervalMs ?? 2_000;
  let offset = from;
  let broken = false;
  let backoff = interval;
  const file = target.file;
  // The last bytes delivered: after a break (the process may have restarted and rolled its log)
  // they are read again and compared, since a new file may already be longer than the old offset.
  let anchor = Buffer.alloc(0);
  let verify = false;
  const deliver = (b: Buffer) => {
    if (broken) {
      broken = false;
      h.onResume?.(); // before the data, so the marker precedes it
    }
    offset += b.length;
    anchor = Buffer.concat([anchor, b]).subarray(-ANCHOR_BYTES);
    h.onData(b);
  };
  while (!opts.signal?.aborted) {
    try {
      if (verify && anchor.length && offset >= anchor.length) {
        verify = false;
        if (!(await sameTail(target, offset, anchor, deliver, opts))) {
          h.onRotate?.(0);
          offset = 0;
          anchor = Buffer.alloc(0);
          continue;
        }
      }
      // A named file: ask the cheap listing for its size first. Every GET of a TaskManager file
      // makes the TaskManager upload the whole file to the JobManager (cached ~3 s), which
      // for a 100 MB log is real work on the cluster; only fetch when it grew.
      if (file.kind === 'file') {
        const listed = (
          await listLogFiles(target.baseUrl, target.owner, { auth: target.auth, signal: opts.signal })
        ).find((f) => f.name === file.name);
        if (listed && listed.size === offset) {
          if (broken) {
            broken = false;
            h.onResume?.();
          }
          await sleep(interval, opts.signal);
          continue;
        }
      }
      const r = await streamLog(target, offset, deliver, opts);
      if (r.rotated) {
        h.onRotate?.(r.size);
        offset = 0;
        anchor = Buffer.alloc(0);
        continue;
      }
      if (broken) {
        broken = false;
        h.onResume?.();
      }
      backoff = interval;
    } catch (e) {
      if (opts.signal?.aborted) break;
      if (!broken) {
        broken = true;
        verify = true;
        h.onBreak?.(e as Error);
      }
      backoff = Math.min(backoff * 2, opts.maxBackoffMs ?? 30_000);
    }
    await sleep(broken ? backoff : interval, opts.signal);
  }
  return offset;
}

const ANCHOR_BYTES = 256;

/**
 * Reads the file from `offset - anchor.length`: true (and the bytes after `offset` delivered) when
 * it starts with `anchor`, false when the file is another one now (or shorter than `offset`).
 */
async function sameTail(
  target: FlinkLogTarget,
  offset: number,
  anchor: Buffer,
  deliver: (b: Buffer) => void,
  opts: StreamOptions,
): Promise<boolean> {
  const differs = new Error('the file changed');
  let head = Buffer.alloc(0);
  try {
    await streamLog(
      target,
      offset - anchor.length,
      (b) => {
        if (head.length < anchor.length) {
          const need = anchor.length - head.length;
          head = Buffer.concat([head, b.subarray(0, need)]);
          if (!anchor.subarray(0, head.length).equals(head)) throw differs;
          b = b.subarray(need);
        }
        if (b.length) deliver(b);
      },
      opts,
    );
  } catch (e) {
    if (e === differs) return false;
    throw e;
  }
  return head.length === anchor.length;
}

/** Waits `ms`; an abort ends the wait early (the caller checks the signal next). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
