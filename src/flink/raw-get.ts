// One HTTP/1.1 GET whose body is read into a single reused buffer (net/tls `onread`), for Flink's
// log files: node:http allocates a buffer per socket read and runs its stream machinery per chunk,
// which made a 100 MB download 2.5-3x slower than reading the socket into one buffer, and the
// allocations start full collections in a busy extension host. Speaks just what a GET of a file
// needs: Content-Length, chunked or close-delimited bodies, 1xx interim answers skipped.
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

export interface RawGetHandlers {
  /** The answer's head; return false to stop there (the connection is closed, the promise resolves). */
  head(res: RawResponse): boolean | void;
  /** Body bytes: a view into a reused buffer, valid only during the call. Throwing stops the read. */
  body(view: Buffer): void;
}

export interface RawGetOptions {
  headers?: Record<string, string>;
  /** PEM certificates trusted for https (otherwise Node's defaults); the server is always verified. */
  ca?: string;
  signal?: AbortSignal;
}

/** A read buffer per GET under way is one too many: reads go into this one when it is free. */
const READ_BYTES = 1 << 20;
let spare: Buffer | undefined;
const MAX_HEAD_BYTES = 64 << 10;

/** The answer is not HTTP this reader can read (a proxy's compression, a server that is not HTTP). */
export class AnswerError extends Error {}

export class ClosedEarly extends Error {
  constructor() {
    super('connection closed before the end of the body');
  }
}

/** Resolves when the body ended (or head() stopped it); rejects on a socket error, abort or early close. */
export function rawGet(url: URL, opts: RawGetOptions, h: RawGetHandlers): Promise<void> {
  const https = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (https ? 443 : 80);
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) return Promise.reject(new Error(`header ${k} holds a line break`));
    lines.push(`${k}: ${v}`);
  }
  const request = `${lines.join('\r\n')}\r\n\r\n`;
  const buffer = spare ?? Buffer.allocUnsafe(READ_BYTES);
  spare = undefined;
  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const parser = new BodyParser(h);
    let settled = false;
    const finish = (e?: unknown) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      // The socket reads nothing more once destroyed: the buffer is free for the next GET.
      setImmediate(() => (spare ??= buffer));
      if (e === undefined) resolve();
      else reject(e);
    };
    const onread = {
      buffer,
      callback: (n: number, buf: Buffer): boolean => {
        if (settled) return false;
        try {
          if (parser.push(buf.subarray(0, n))) finish();
        } catch (e) {
          finish(e);
        }
        return !settled;
      },
    };
    const socket = https
      ? tlsConnect({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          ...(opts.ca ? { ca: opts.ca } : {}),
          ALPNProtocols: ['http/1.1'],
          // tls.connect takes net's onread (Node's docs), though its types do not say so.
          ...({ onread } as object),
        })
      : netConnect({ host, port, onread });
    const onAbort = () => finish(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once(https ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('error', (e) => finish(e));
    socket.on('end', () => {
      try {
        finish(parser.end() ? undefined : new ClosedEarly());
      } catch (e) {
        finish(e);
      }
    });
    socket.on('close', () => finish(new ClosedEarly()));
  });
}

type State = 'head' | 'length' | 'close' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'done';

/** The answer's bytes in, the head and the body's bytes out. */
class BodyParser {
  private state: State = 'head';
  private head: Buffer[] = [];
  private headBytes = 0;
  /** Bytes left of the body (length) or of the chunk (chunk-data). */
  private left = 0;
  /** A chunk-size or trailer line so far. */
  private line = '';

  constructor(private readonly h: RawGetHandlers) {}

  /** True when the answer is complete (or head() stopped it). */
  push(b: Buffer): boolean {
    let at = 0;
    while (at < b.length) {
      switch (this.state) {
        case 'head': {
          at = this.readHead(b, at);
          break;
        }
        case 'length':
        case 'chunk-data': {
          const n = Math.min(this.left, b.length - at);
          this.h.body(b.subarray(at, at + n));
          at += n;
          this.left -= n;
          if (!this.left) this.state = this.state === 'length' ? 'done' : 'chunk-crlf';
          break;
        }
        case 'close':
          this.h.body(at ? b.subarray(at) : b);
          return false;
        case 'chunk-size':
        case 'chunk-crlf':
        case 'trailer': {
          const nl = b.indexOf(0x0a, at);
          const end = nl < 0 ? b.length : nl;
          this.line += b.toString('latin1', at, end);
          if (this.line.length > 4096) throw new AnswerError('a chunk line longer than 4 KiB');
          at = nl < 0 ? b.length : nl + 1;
          if (nl >= 0) this.endLine(this.line.replace(/\r$/, ''));
          break;
        }
        case 'done':
          return true;
      }
      if (this.state === 'done') return true;
    }
    return this.state === 'done';
  }

  /** The connection ended: true when that ends the answer. */
  end(): boolean {
    return this.state === 'done' || this.state === 'close';
  }

  private endLine(line: string): void {
    this.line = '';
    if (this.state === 'chunk-crlf') {
      if (line) throw new AnswerError('a chunk did not end where its size said');
      this.state = 'chunk-size';
    } else if (this.state === 'chunk-size') {
      const size = /^([0-9a-fA-F]{1,12})\s*(;.*)?$/.exec(line);
      if (!size) throw new AnswerError(`a chunk size that is not one: ${JSON.stringify(line.slice(0, 40))}`);
      this.left = parseInt(size[1]!, 16);
      this.state = this.left ? 'chunk-data' : 'trailer';
    } else if (!line) {
      this.state = 'done'; // the empty line after the trailers
    }
  }

  private readHead(b: Buffer, at: number): number {
    const part = b.subarray(at);
    this.head.push(part);
    this.headBytes += part.length;
    const all = this.head.length === 1 ? part : Buffer.concat(this.head);
    const end = all.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.headBytes > MAX_HEAD_BYTES) throw new AnswerError('an answer head larger than 64 KiB');
      // The views are into the read buffer, which the next read overwrites: keep a copy.
      this.head = [Buffer.from(all)];
      return b.length;
    }
    this.head = [];
    this.headBytes = 0;
    const consumed = at + (end + 4 - (all.length - part.length));
    const res = parseHead(all.toString('latin1', 0, end));
    if (res.status < 200) return consumed; // 100 Continue and the like: the real answer follows
    if (this.h.head(res) === false) {
      this.state = 'done';
      return consumed;
    }
    const coding = (res.headers['transfer-encoding'] ?? '').toLowerCase().replace(/\s+/g, '');
    // A file sent compressed by a proxy (gzip,chunked) would reach the view as bytes of gzip.
    if (coding && coding !== 'chunked' && coding !== 'identity')
      throw new AnswerError(`an answer in a transfer coding this reader does not decode: ${coding}`);
    const chunked = coding === 'chunked';
    const length = Number(res.headers['content-length']);
    if (res.status === 204 || res.status === 304) this.state = 'done';
    else if (chunked) this.state = 'chunk-size';
    else if (res.headers['content-length'] !== undefined && Number.isSafeInteger(length) && length >= 0) {
      this.left = length;
      this.state = length ? 'length' : 'done';
    } else this.state = 'close';
    return consumed;
  }
}

function parseHead(text: string): RawResponse {
  const [statusLine = '', ...fields] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new AnswerError(`an answer that is not HTTP/1.x: ${JSON.stringify(statusLine.slice(0, 40))}`);
  const headers: Record<string, string> = {};
  for (const f of fields) {
    const i = f.indexOf(':');
    if (i <= 0) continue;
    const k = f.slice(0, i).trim().toLowerCase();
    const v = f.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return { status: Number(m[1]), headers };
}
