// Bounded reading of REST response bodies. Flink's JSON answers are small (kilobytes, a few MB
// for big jobs); a body far larger means a wrong URL (a file server, a proxy's download) or a
// misbehaving server, and reading it whole would hold it all in memory (and above ~512 MB fail
// with a raw ERR_STRING_TOO_LONG). So JSON is read up to a cap and the rest is never fetched.

/** Default cap for a JSON answer of the Flink REST API. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** What an error body contributes to a message: enough for Flink's `errors[]` summary. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface CappedBody {
  buf: Buffer;
  /** The body was longer than the cap; `buf` holds the first `cap` bytes and the rest was dropped. */
  truncated: boolean;
}

/** Reads at most `cap` bytes of the body, then cancels the stream (the connection is closed). */
export async function readCapped(res: Response, cap: number): Promise<CappedBody> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    return { buf: Buffer.alloc(0), truncated: true };
  }
  const reader = res.body?.getReader();
  if (!reader) return { buf: Buffer.alloc(0), truncated: false };
  const parts: Buffer[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (got + b.length > cap) {
      parts.push(b.subarray(0, cap - got));
      got = cap;
      await reader.cancel().catch(() => undefined);
      return { buf: Buffer.concat(parts, got), truncated: true };
    }
    parts.push(b);
    got += b.length;
  }
  return { buf: Buffer.concat(parts, got), truncated: false };
}

/** "32 MiB" for a message. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}
