// The one place the REST client touches the network: fetch with a timeout and the caller's
// AbortSignal, auth headers, and mapping of every failure to a FlinkRestError.
// Bodies are read up to a cap (body.ts); credentials in the base URL are taken out and sent as
// auth, and no message or record ever shows them (url-credentials.ts).
import { formatBytes, MAX_ERROR_BODY_BYTES, MAX_JSON_BYTES, readCapped } from './body';
import { FlinkRestError, summarizeFlinkErrors } from './errors';
import { dispatcherFor, tlsProblem } from './tls';
import { redactUrl, redactUrls, splitUrlCredentials } from './url-credentials';

export type FlinkAuth =
  { type: 'none' } | { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

/** Observes every request (for logging and the benchmark). Never receives credentials. */
export interface RequestRecord {
  method: string;
  url: string;
  status: number;
  bytes: number;
  ms: number;
  error?: string;
}

export interface HttpOptions {
  /** Base URL of the JobManager REST endpoint, e.g. http://127.0.0.1:8081 (a path prefix is kept). */
  baseUrl: string;
  auth?: FlinkAuth;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Largest JSON (or text) answer read, in bytes (default 32 MiB); larger ones fail with a FlinkRestError. */
  maxBodyBytes?: number;
  onRequest?: (r: RequestRecord) => void;
  /** PEM certificates to trust for an https base URL instead of the system's (a cluster's caFile). */
  ca?: string;
}

export interface RequestInit2 {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: FormData;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Return the raw text instead of parsing JSON. */
  text?: boolean;
}

export function joinUrl(baseUrl: string, path: string, query?: RequestInit2['query']): string {
  const base = baseUrl.replace(/\/+$/, '');
  let url = base + (path.startsWith('/') ? path : `/${path}`);
  if (query) {
    const q = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    if (q.length) url += `?${q.join('&')}`;
  }
  return url;
}

/** The base URL without user info, and the auth to send: explicit auth wins over URL credentials. */
export function resolveBase(baseUrl: string, auth: FlinkAuth | undefined): { baseUrl: string; auth?: FlinkAuth } {
  const split = splitUrlCredentials(baseUrl);
  const a = auth && auth.type !== 'none' ? auth : (split.auth ?? auth);
  return { baseUrl: split.url, ...(a ? { auth: a } : {}) };
}

export function authHeader(auth: FlinkAuth | undefined): string | undefined {
  if (!auth || auth.type === 'none') return undefined;
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** The network error code (ECONNREFUSED, ENOTFOUND, ...) from undici's `cause` chain. */
export function causeCode(e: unknown): string | undefined {
  let c: unknown = e;
  for (let i = 0; i < 4 && c && typeof c === 'object'; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

export async function flinkRequest<T>(opts: HttpOptions, path: string, init: RequestInit2 = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const resolved = resolveBase(opts.baseUrl, opts.auth);
  const requestUrl = joinUrl(resolved.baseUrl, path, init.query);
  // Everything shown or recorded uses these: no user info, no secret query values.
  const url = redactUrl(requestUrl);
  const base = redactUrl(resolved.baseUrl);
  const timeoutMs = init.timeoutMs ?? opts.timeoutMs ?? 10_000;
  const cap = opts.maxBodyBytes ?? MAX_JSON_BYTES;
  const started = Date.now();
  const record = (status: number, bytes: number, error?: string) =>
    opts.onRequest?.({ method, url, status, bytes, ms: Date.now() - started, ...(error ? { error } : {}) });

  if (init.signal?.aborted) {
    record(0, 0, 'aborted');
    throw new FlinkRestError({ kind: 'aborted', url, method, message: `Request to ${url} was cancelled.` });
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  init.signal?.addEventListener('abort', onAbort, { once: true });

  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = authHeader(resolved.auth);
  if (auth) headers.authorization = auth;
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.body) {
    body = init.body;
  }

  const fail = (kind: 'timeout' | 'aborted' | 'unreachable', cause: unknown): never => {
    const code = causeCode(cause);
    const message =
      kind === 'aborted'
        ? `Request to ${url} was cancelled.`
        : kind === 'timeout'
          ? `Flink at ${base} did not answer ${method} ${path} within ${Math.round(timeoutMs / 100) / 10} s. Check that the JobManager is up and reachable, then retry.`
          : (tlsProblem(code, base, opts.ca !== undefined) ??
            `Cannot reach Flink at ${base}${code ? ` (${code})` : ''}: is the JobManager running and the URL right?`);
    record(0, 0, kind);
    throw new FlinkRestError({ kind, url, method, message, cause: redactCause(cause) });
  };
  const read = async (res: Response, max: number) => {
    try {
      return await readCapped(res, max);
    } catch (e) {
      if (init.signal?.aborted) return fail('aborted', e);
      if (timeout.signal.aborted) return fail('timeout', e);
      // The server answered, then the connection ended mid-body: not "unreachable" (a proxy or a
      // JobManager that died while sending).
      const code = causeCode(e);
      record(res.status, 0, 'incomplete');
      throw new FlinkRestError({
        kind: 'bad-response',
        url,
        method,
        status: res.status,
        cause: redactCause(e),
        message: `Flink at ${base} closed the connection before the whole answer to ${method} ${path} arrived${code ? ` (${code})` : ''}. Retry; if it keeps happening, check the JobManager's health and any proxy in between.`,
      });
    }
  };

  try {
    let res: Response;
    try {
      // `dispatcher` is undici's extension of fetch's init (Node's fetch is undici).
      const tls = opts.ca && requestUrl.startsWith('https:') ? { dispatcher: await dispatcherFor(opts.ca) } : {};
      res = await fetch(requestUrl, {
        method,
        headers,
        body,
        signal: timeout.signal,
        redirect: 'manual',
        ...tls,
      } as RequestInit);
    } catch (e) {
      if (init.signal?.aborted) return fail('aborted', e);
      if (timeout.signal.aborted) return fail('timeout', e);
      return fail('unreachable', e);
    }
    const contentType = res.headers.get('content-type') ?? '';
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => undefined);
      record(res.status, 0);
      // Redirects are not followed (credentials must not travel to another host): say where to.
      throw new FlinkRestError({
        kind: 'http',
        url,
        method,
        status: res.status,
        message: `Flink at ${base} redirects ${method} ${path} to ${redactUrl(location)}: use that address as the cluster URL.`,
      });
    }
    const { buf, truncated } = await read(res, res.ok ? cap : MAX_ERROR_BODY_BYTES);
    record(res.status, buf.byteLength, truncated && res.ok ? 'too large' : undefined);
    const text = buf.toString('utf8');
    if (!res.ok) throw httpError(res.status, text, contentType, url, method, base);
    if (truncated) {
      throw new FlinkRestError({
        kind: 'bad-response',
        url,
        method,
        status: res.status,
        message: `Flink at ${base} sent more than ${formatBytes(cap)} for ${method} ${path} (${contentType || 'no content type'}), the most this extension reads for one answer; it stopped reading. Check that the URL is a Flink JobManager REST endpoint and not a file server or proxy; if it is, ask for less (one job rather than all).`,
      });
    }
    if (init.text) return text as T;
    if (text.trim() === '') return undefined as T; // 202 with an empty body (cancel)
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new FlinkRestError({
        kind: 'bad-response',
        url,
        method,
        status: res.status,
        cause: e,
        message: `Flink at ${base} sent a response that is not JSON for ${method} ${path} (${contentType || 'no content type'}: "${snippet(text)}"). Is this URL a Flink JobManager REST endpoint?`,
      });
    }
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onAbort);
  }
}

/** A network error whose message may quote the request URL: keep the code, redact the text. */
export function redactCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return cause;
  const message = redactUrls(cause.message);
  if (message === cause.message) return cause;
  const copy = new Error(message);
  copy.name = cause.name;
  const code = causeCode(cause);
  if (code) (copy as Error & { code?: string }).code = code;
  return copy;
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 80)}…` : one;
}

function httpError(
  status: number,
  text: string,
  contentType: string,
  url: string,
  method: string,
  baseUrl: string,
): FlinkRestError {
  let errors: string[] | undefined;
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (parsed && Array.isArray(parsed.errors)) errors = parsed.errors.map(String);
  } catch {
    // not JSON: handled below
  }
  const path = url.slice(baseUrl.replace(/\/+$/, '').length) || '/';
  if (errors) {
    const summary = summarizeFlinkErrors(errors) || `HTTP ${status}`;
    return new FlinkRestError({
      kind: 'http',
      url,
      method,
      status,
      errors,
      message: `Flink ${method} ${path} failed (HTTP ${status}): ${summary}`,
    });
  }
  const hint =
    status === 401 || status === 403
      ? ' Check the credentials stored for this cluster.'
      : status === 404
        ? ' Is this URL a Flink JobManager REST endpoint?'
        : '';
  return new FlinkRestError({
    kind: 'http',
    url,
    method,
    status,
    message: `Flink ${method} ${path} failed (HTTP ${status}${text.trim() ? `, ${contentType || 'no content type'}: "${snippet(text)}"` : ''}).${hint}`,
  });
}
