// Typed errors of the Flink REST client. Each carries what the user needs to act on it: the URL,
// the HTTP status and Flink's own `errors[]` (first line only in `message`, the rest kept whole).

export type FlinkErrorKind =
  | 'http' // the server answered with a non-2xx status
  | 'bad-response' // 2xx (or error) body that is not the JSON we expect
  | 'timeout' // no answer within the timeout
  | 'unreachable' // connection refused, DNS failure, reset before an answer
  | 'aborted'; // the caller cancelled

export class FlinkRestError extends Error {
  readonly kind: FlinkErrorKind;
  readonly url: string;
  readonly method: string;
  /** HTTP status, 0 when no response was received. */
  readonly status: number;
  /** Flink's `{"errors": [...]}` strings, whole (they may hold stack traces). */
  readonly errors: string[];

  constructor(init: {
    kind: FlinkErrorKind;
    url: string;
    method?: string;
    status?: number;
    errors?: string[];
    message: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FlinkRestError';
    this.kind = init.kind;
    this.url = init.url;
    this.method = init.method ?? 'GET';
    this.status = init.status ?? 0;
    this.errors = init.errors ?? [];
  }
}

/** Flink puts the whole stringified exception in errors[0]; keep the first meaningful line. */
export function summarizeFlinkErrors(errors: readonly string[]): string {
  for (const raw of errors) {
    if (!raw || raw === 'Internal server error.') continue;
    const firstLine = raw.split('\n').find((l) => l.trim() !== '' && !l.startsWith('<Exception on server side')) ?? raw;
    // "org.apache.flink...RestHandlerException: Job could not be found." -> "Job could not be found."
    const m = /^(?:[\w$]+\.)+[\w$]*(?:Exception|Error): (.+)$/.exec(firstLine.trim());
    const head = (m?.[1] ?? firstLine).trim();
    // "Could not execute application." says little: the last "Caused by:" names the real problem.
    const causes = [...raw.matchAll(/^Caused by: (?:[\w$]+\.)*([\w$]+(?:Exception|Error))(?:: (.*))?$/gm)];
    const last = causes[causes.length - 1];
    if (!last) return head;
    const cause = `${last[1]}${last[2] ? `: ${last[2].trim()}` : ''}`;
    return head.includes(cause) ? head : `${head} Cause: ${cause}`;
  }
  return errors.length ? 'Internal server error.' : '';
}

export function isFlinkRestError(e: unknown): e is FlinkRestError {
  return e instanceof FlinkRestError;
}

/** One line for a tree node or a notification: what happened, and where. */
export function describeError(e: unknown): string {
  if (e instanceof FlinkRestError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** An asynchronous operation (savepoint, stop) that Flink reports as completed with a failure. */
export class FlinkOperationError extends Error {
  readonly url: string;
  readonly causeClass: string | undefined;
  readonly stackTrace: string | undefined;

  constructor(init: { url: string; operation: string; causeClass?: string; stackTrace?: string }) {
    const first = init.stackTrace?.split('\n')[0]?.trim();
    super(`${init.operation} failed: ${first || init.causeClass || 'unknown cause'}`);
    this.name = 'FlinkOperationError';
    this.url = init.url;
    this.causeClass = init.causeClass;
    this.stackTrace = init.stackTrace;
  }
}
