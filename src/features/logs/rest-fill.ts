// The lines a pod log no longer holds, from Flink's REST log file. A kubelet rotates a container's
// log (10 MiB by default, containerLogMaxSize) and the pod log API serves only the current file, so
// a long-running TaskManager's pod log can begin hours after the process did. Flink's log file
// (log4j's file appender, which its images run beside the console one, rolled at its own size)
// still holds those lines: it is read from its start until the pod log's first lines come by, and
// what came before them goes in front. When Flink rolled its file after that line, the rolled file
// that holds it is read instead. A pod log that was not rotated is told from the files' sizes.
import { listLogFiles, streamLog, type FlinkLogTarget, type LogFileInfo, type LogFileRef } from '../../flink/logs';
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

/** A file Flink rolled from `current` (log4j's `filePattern = ${log.file}.%i`), and its index. */
function rolledIndex(name: string, current: string): number | undefined {
  if (!name.startsWith(`${current}.`)) return undefined;
  const i = name.slice(current.length + 1);
  return /^\d{1,4}$/.test(i) ? Number(i) : undefined;
}

/**
 * The file that holds the pod log's first line, from Flink's list of log files, or undefined when
 * no file holds lines the pod log lacks. A pod log that was not rotated holds every line Flink
 * wrote, and the entrypoint's too: only when Flink's files hold more bytes than the pod log's text
 * (`podBytes`) was it rotated. Walking from the newest file back, the first whose bytes and the
 * newer ones' pass the pod log's text holds its first line: the current file, or (when Flink
 * rolled it after that line was written) a rolled one, `<name>.<n>`, newest first by mtime, else
 * by index (log4j's DefaultRolloverStrategy gives a newer file a higher index). Deciding from one
 * small request matters: reading a TaskManager file makes Flink copy all of it first.
 */
export function fileToFill(files: readonly LogFileInfo[], file: LogFileRef, podBytes: number): LogFileRef | undefined {
  // The main log's name is the launcher's (flink-<user>-taskexecutor-<n>-<host>.log): any .log.
  const current =
    file.kind === 'file'
      ? files.filter((x) => x.name === file.name)
      : files.filter((x) => x.name.endsWith(file.kind === 'main' ? '.log' : '.out'));
  if (current.some((x) => x.size > podBytes)) return file;
  // Rolled files follow one current file; several (a directory that more processes write) leave
  // it unknown which is this one's.
  if (current.length !== 1) return undefined;
  const name = current[0]!.name;
  const rolled = files
    .map((x) => ({ ...x, index: rolledIndex(x.name, name) }))
    .filter((x): x is typeof x & { index: number } => x.index !== undefined)
    .sort((a, b) =>
      a.mtime !== undefined && b.mtime !== undefined && a.mtime !== b.mtime ? b.mtime - a.mtime : b.index - a.index,
    );
  let bytes = current[0]!.size;
  for (const r of rolled) {
    bytes += r.size;
    if (bytes > podBytes) return { kind: 'file', name: r.name };
  }
  return undefined;
}

/** Asks Flink for its log files and picks the one to read (fileToFill). */
async function pickFile(
  target: FlinkLogTarget,
  podBytes: number,
  signal: AbortSignal,
): Promise<LogFileRef | undefined> {
  const files = await listLogFiles(target.baseUrl, target.owner, {
    ...(target.auth ? { auth: target.auth } : {}),
    ...(target.ca ? { ca: target.ca } : {}),
    signal,
  });
  return fileToFill(files, target.file, podBytes);
}

/**
 * Reads the file from its start into a new spool until the pod log's first lines come by; resolves
 * with the spool and the offset where they start, or undefined when the file has nothing before
 * them, does not hold them (another pattern, or rolled since), when no file holds more than the
 * pod log's text (`pod.bytes`: not rotated), or on abort. `rolled` names the file read when it is
 * one Flink rolled, not the one it writes now.
 */
export async function fillFromRest(
  target: FlinkLogTarget,
  pod: { firstLines: readonly string[]; bytes: number },
  signal: AbortSignal,
  /** Called once the file is to be read; what it returns is given the bytes read so far. */
  reading?: () => (bytes: number) => void,
  spoolDir?: string,
): Promise<{ spool: Spool; cut: number; rolled?: string } | undefined> {
  const head = restHead(pod.firstLines);
  if (!head || signal.aborted) return undefined;
  const file = await pickFile(target, pod.bytes, signal);
  if (!file) return undefined;
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
      { ...target, file },
      0,
      (chunk) => {
        onProgress?.((read += chunk.length));
        // The chunk is a view into a reused buffer, and the scanner keeps what it is given.
        if (scan.push(Buffer.from(chunk))) return stop.abort();
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
  return { spool, cut, ...(file !== target.file && file.kind === 'file' ? { rolled: file.name } : {}) };
}
