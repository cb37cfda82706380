// The lines a pod log no longer holds, from Flink's REST log file. A kubelet rotates a container's
// log (10 MiB by default, containerLogMaxSize) and the pod log API serves only the current file, so
// a long-running TaskManager's pod log can begin hours after the process did. Flink's log file
// (log4j's file appender, which its images run beside the console one, rolled at its own size)
// still holds those lines: it is read from its start until the pod log's first lines come by, and
// what came before them goes in front. When the pod log was not rotated, they come by at once and
// the read stops after its first batch.
import { listLogFiles, streamLog, type FlinkLogTarget } from '../../flink/logs';
import { HeadScanner } from './pod-backfill';
import { Spool } from './spool';

/** Pod log lines that must follow one another in the file (one line could be a repeated message). */
const HEAD_LINES = 5;
/** Pod log lines looked at for the first one with a time (the entrypoint's echo comes before). */
export const FIRST_LINES = 50;
/** A line's leading time as Flink's log4j patterns write it: "2026-12-07 19:54:01,123". */
const LINE_TIME = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,3}))?/;
/** A file line this long after the pod log's first line means the file does not hold that line. */
const SLACK_MS = 60_000;

/**
 * A line's leading time in ms, read as UTC (only compared with times written by the same logger),
 * or undefined when the line does not start with one.
 */
export function lineTime(text: string): number | undefined {
  const m = LINE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms ? +ms.padEnd(3, '0') : 0);
}

export interface RestHead {
  /** Lines before the first one with a time: a cut stack trace, or lines only stdout has. */
  skipped: string[];
  /** That line and the ones after it, to find in the file. */
  lines: string[];
  time: number;
}

/** What to look for in the file, from the pod log's first lines (undefined: none has a time). */
export function restHead(firstLines: readonly string[]): RestHead | undefined {
  const i = firstLines.findIndex((t) => lineTime(t) !== undefined);
  if (i < 0) return undefined;
  const lines = firstLines.slice(i, i + HEAD_LINES);
  return { skipped: firstLines.slice(0, i), lines, time: lineTime(lines[0]!)! };
}

/** The time of the last whole line that starts inside the chunk. */
function lastLineTime(chunk: Buffer): number | undefined {
  const end = chunk.lastIndexOf(0x0a);
  if (end <= 0) return undefined;
  const start = chunk.lastIndexOf(0x0a, end - 1) + 1;
  if (start === 0) return undefined; // may have started in an earlier chunk
  return lineTime(chunk.toString('latin1', start, Math.min(end, start + 32)));
}

/**
 * Moves `cut` back over the skipped lines that the file has just before it, so lines that both hold
 * (the rest of a stack trace cut by the rotation) come once.
 */
function backOverSkipped(spool: Spool, cut: number, skipped: readonly string[]): number {
  let at = cut;
  for (let j = skipped.length - 1; j >= 0; j--) {
    const line = Buffer.from(`${skipped[j]}\n`, 'utf8');
    const from = at - line.length;
    if (from < 0 || !spool.read(from, at).equals(line)) break;
    if (from > 0 && spool.read(from - 1, from)[0] !== 0x0a) break;
    at = from;
  }
  return at;
}

/**
 * Whether the file may hold lines the pod log lacks: it is larger than the pod log's text. A pod
 * log that was not rotated holds every line of the file and the entrypoint's too. One small
 * request decides, where reading the file makes Flink copy all of it from the TaskManager first.
 */
async function fileIsLarger(target: FlinkLogTarget, podBytes: number, signal: AbortSignal): Promise<boolean> {
  const files = await listLogFiles(target.baseUrl, target.owner, {
    ...(target.auth ? { auth: target.auth } : {}),
    ...(target.ca ? { ca: target.ca } : {}),
    signal,
  });
  const f = target.file;
  // The main log's name is the launcher's (flink-<user>-taskexecutor-<n>-<host>.log): any .log.
  const named =
    f.kind === 'file'
      ? files.filter((x) => x.name === f.name)
      : files.filter((x) => x.name.endsWith(f.kind === 'main' ? '.log' : '.out'));
  return named.some((x) => x.size > podBytes);
}

/**
 * Reads the file from its start into a new spool until the pod log's first lines come by; resolves
 * with the spool and the offset where they start, or undefined when the file has nothing before
 * them, does not hold them (another pattern, or rolled since), is not larger than the pod log's
 * text (`pod.bytes`), or on abort.
 */
export async function fillFromRest(
  target: FlinkLogTarget,
  pod: { firstLines: readonly string[]; bytes: number },
  signal: AbortSignal,
  /** Called once the file is to be read; what it returns is given the bytes read so far. */
  reading?: () => (bytes: number) => void,
  spoolDir?: string,
): Promise<{ spool: Spool; cut: number } | undefined> {
  const head = restHead(pod.firstLines);
  if (!head || signal.aborted || !(await fileIsLarger(target, pod.bytes, signal))) return undefined;
  const onProgress = reading?.();
  let read = 0;
  const spool = new Spool(spoolDir);
  spool.beginBulk();
  const scan = new HeadScanner(
    head.lines.map((text) => ({ time: '', text })),
    spool,
    undefined,
    false,
  );
  const stop = new AbortController();
  let passed = false;
  try {
    await streamLog(
      target,
      0,
      (chunk) => {
        onProgress?.((read += chunk.length));
        if (scan.push(chunk)) return stop.abort();
        const t = lastLineTime(chunk);
        if (t === undefined || t <= head.time + SLACK_MS) return;
        // The file is past the pod log's first line: it holds it in what was read, or not at all.
        scan.flush();
        passed = scan.found === undefined;
        stop.abort();
      },
      { signal: AbortSignal.any([signal, stop.signal]) },
    ).catch((e: unknown) => {
      if (signal.aborted || !stop.signal.aborted) throw e;
    });
    if (!stop.signal.aborted) scan.end();
    await spool.endBulk();
  } catch (e) {
    void spool.dispose();
    throw e;
  }
  const cut = scan.found === undefined || passed ? 0 : backOverSkipped(spool, scan.found, head.skipped);
  if (!cut || signal.aborted) {
    void spool.dispose();
    return undefined;
  }
  return { spool, cut };
}
