// The lines before a pod log's tail: the log read from its start into a spool until the tail's
// first lines come by, so the session can put them in front of what the page shows.
//
// A backfill reads the whole log (about a million lines per 100 MB), in the extension host, while
// the user reads the tail. So it works on the bytes: each line is checked against the tail's first
// lines by length and bytes (its timestamp only when the text is the same), and the lines' text,
// timestamps cut off, goes to the spool 256 KiB at a time, written in the background. Strings and a
// write per line cost the host seconds of CPU and the collections their garbage set off.
import type { KubeConfig } from '@kubernetes/client-node';
import { normalizeTimestamp, streamPodLogBytes, type PodLogLine, type PodLogOptions } from '../../kube/pod-logs';
import { Spool } from './spool';

/** Bytes gathered before a scan. */
const BATCH = 256 * 1024;
/** Longest timestamp prefix looked at (RFC3339Nano with an offset is 35 bytes). */
const MAX_STAMP = 40;

/** Where a line's text starts: after `<timestamp> ` when it starts like one (as splitTimestamp). */
function textStart(buf: Buffer, pos: number, end: number): number {
  if (end - pos < 11 || buf[pos + 4] !== 0x2d || buf[pos + 7] !== 0x2d || buf[pos + 10] !== 0x54) return pos;
  for (let i = pos; i < pos + 10; i++) {
    const c = buf[i]!;
    if (i !== pos + 4 && i !== pos + 7 && (c < 0x30 || c > 0x39)) return pos;
  }
  const stop = Math.min(end, pos + MAX_STAMP);
  for (let i = pos + 11; i < stop; i++) if (buf[i] === 0x20) return i + 1;
  return pos;
}

/**
 * Takes a pod log's bytes from its start and spools the lines' text until the lines of `head`
 * come in a row; `found` is then the spool offset where they start.
 */
export class HeadScanner {
  /** The spool offset of the tail's first line, once its lines were all seen in a row. */
  found: number | undefined;
  private readonly wanted: { time: string; text: Buffer; lossy: string | undefined }[];
  /** Candidate starts: [spool offset of the line that matched head[0], lines matched so far]. */
  private candidates: [number, number][] = [];
  /** The start of a line whose end has not come yet. */
  private carry: Buffer | undefined;
  /** Chunks not scanned yet. */
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(
    head: readonly Pick<PodLogLine, 'time' | 'text'>[],
    private readonly spool: Spool,
    /** Bytes gathered before a scan (tests make it small). */
    private readonly batchBytes = BATCH,
    /** Lines start with the pod log's timestamp (cut off); false for a file's plain lines. */
    private readonly stamped = true,
  ) {
    // A text with U+FFFD was decoded from bytes that are not UTF-8: compared decoded, not as bytes.
    this.wanted = head.map((l) => ({
      time: l.time,
      text: Buffer.from(l.text, 'utf8'),
      lossy: l.text.includes('\uFFFD') ? l.text : undefined,
    }));
  }

  /** Takes the next bytes; true once the head was found (nothing more is needed). */
  push(chunk: Buffer): boolean {
    if (this.found !== undefined) return true;
    // The API server passes on the kubelet's flush per line: chunks of about one line. They are
    // scanned 256 KiB at a time (per chunk, the work around the scan cost more than the scan).
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    if (this.partBytes >= this.batchBytes) this.scan();
    return this.found !== undefined;
  }

  /** Scans the bytes taken so far (a reader about to stop early needs their verdict). */
  flush(): void {
    if (this.found === undefined && this.partBytes) this.scan();
  }

  /** The log ended: its last line may lack a newline, and a head matched so far ends the log. */
  end(): void {
    if (this.found === undefined && this.partBytes) this.scan();
    if (this.carry && this.found === undefined) {
      this.parts.push(Buffer.from('\n'));
      this.scan();
    }
    this.found ??= this.candidates.find(([, k]) => k > 0)?.[0];
  }

  private scan(): void {
    const buf = Buffer.concat(this.carry ? [this.carry, ...this.parts] : this.parts);
    this.parts = [];
    this.partBytes = 0;
    this.carry = undefined;
    // Each line's text is at most the line: the chunk's text fits in a buffer of its size.
    const out = Buffer.allocUnsafe(buf.length);
    let o = 0;
    let pos = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; pos = nl + 1, nl = buf.indexOf(0x0a, pos)) {
      const end = nl > pos && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      const start = this.stamped ? textStart(buf, pos, end) : pos;
      // Almost every line: no candidate, and not the head's first line (its length differs).
      const first = this.isHead(buf, pos, start, end, 0);
      if (this.candidates.length || first) {
        const next: [number, number][] = [];
        for (const [at, k] of this.candidates) if (this.isHead(buf, pos, start, end, k)) next.push([at, k + 1]);
        if (first) next.push([this.spool.size + o, 1]);
        this.candidates = next;
        const done = next.find(([, k]) => k >= this.wanted.length);
        if (done) {
          this.found = done[0];
          break;
        }
      }
      o += buf.copy(out, o, start, end);
      out[o++] = 0x0a;
    }
    if (this.found === undefined && pos < buf.length) this.carry = buf.subarray(pos);
    if (o) this.spool.append(out.subarray(0, o));
  }

  /** Whether the line buf[pos, end), its text from `start`, is head[k]. */
  private isHead(buf: Buffer, pos: number, start: number, end: number, k: number): boolean {
    const w = this.wanted[k]!;
    if (w.lossy !== undefined) {
      if (buf.toString('utf8', start, end) !== w.lossy) return false;
    } else if (end - start !== w.text.length || buf.compare(w.text, 0, w.text.length, start, end) !== 0) return false;
    const time = start > pos ? normalizeTimestamp(buf.toString('latin1', pos, start - 1)) : '';
    return time === w.time;
  }
}

/**
 * Streams the log from its start into a new spool until the lines of `head` appear in a row;
 * resolves with the spool and the byte offset where `head` starts (the lines before it), or
 * undefined when the log no longer holds them (rotated, container restarted) or on abort.
 */
export async function backfillPodLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: PodLogOptions,
  head: readonly PodLogLine[],
  signal: AbortSignal,
  spoolDir?: string,
  onProgress?: (bytes: number) => void,
): Promise<{ spool: Spool; cut: number } | undefined> {
  if (!head.length) return undefined;
  const spool = new Spool(spoolDir);
  spool.beginBulk();
  const scan = new HeadScanner(head, spool);
  const ctrl = new AbortController();
  let lastProgress = 0;
  try {
    await streamPodLogBytes(
      kc,
      namespace,
      pod,
      { ...opts, follow: false, tailLines: undefined, limitBytes: undefined, sinceSeconds: undefined },
      (chunk) => {
        if (scan.push(chunk)) ctrl.abort();
        if (onProgress && spool.size - lastProgress > 1 << 20) {
          lastProgress = spool.size;
          onProgress(spool.size);
        }
      },
      AbortSignal.any([signal, ctrl.signal]),
    );
    if (!signal.aborted) scan.end();
    // Put in front of the session's spool next, which needs the file complete.
    await spool.endBulk();
  } catch (e) {
    void spool.dispose();
    throw e;
  }
  if (scan.found === undefined || signal.aborted) {
    void spool.dispose();
    return undefined;
  }
  return { spool, cut: scan.found };
}
