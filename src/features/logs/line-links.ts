// What in a log line can be clicked: Java/Scala/Kotlin stack frames (open the workspace file at the
// line), Flink job ids, TaskManager ids and checkpoint ids (reveal the node in the job explorer).
// Shared by the page, which draws the ranges as links (text only, never HTML), and the host, which
// checks what the page sends. No imports, no Node or DOM types.

export type LineLink =
  | {
      kind: 'frame';
      /** The class as the frame names it, e.g. `com.acme.Foo$Inner`. */
      className: string;
      /** The source file name from the frame, e.g. `Foo.java`. */
      file: string;
      line: number;
    }
  | { kind: 'job'; jobId: string }
  | { kind: 'taskManager'; taskManagerId: string }
  | { kind: 'checkpoint'; checkpointId: number; jobId?: string };

export interface LinkRange {
  start: number;
  end: number;
  link: LineLink;
}

// `at com.acme.Foo.bar(Foo.java:42)`, with an optional module (`java.base/`, `app//`) before the class.
const FRAME =
  /\bat\s+(?:[\w.$-]+(?:@[\w.+-]+)?\/{1,2})?((?:[A-Za-z_$][\w$]*\.)+)([\w$<>-]+)\(([\w$-]+\.(?:java|scala|kt|groovy)):(\d{1,7})\)/g;
// A Flink JobID, ExecutionAttemptID half or similar: 32 lower-case hex digits standing alone.
const JOB_ID = /(?<![\w-])[0-9a-f]{32}(?![\w-])/g;
// A standalone TaskManager resource id: `<host>:<port>-<6 hex>` (Flink's default for a TaskExecutor).
const TM_ID = /(?<![\w.:-])[A-Za-z0-9][\w.-]*:\d{2,5}-[0-9a-f]{6}(?![\w-])/g;
// `checkpoint 42` / `Checkpoint 42` / `checkpoint id 42` as Flink's CheckpointCoordinator writes them.
const CHECKPOINT = /\b[Cc]heckpoint(?: id)? (\d{1,12})\b/g;

/** The clickable ranges of one line, left to right, not overlapping (frames win, then ids). */
export function findLinks(text: string): LinkRange[] {
  if (text.length > 20_000) return []; // a huge line is shown, not scanned for links
  const out: LinkRange[] = [];
  const taken = (s: number, e: number) => out.some((r) => s < r.end && e > r.start);
  FRAME.lastIndex = 0;
  for (let m = FRAME.exec(text); m; m = FRAME.exec(text)) {
    const qualified = (m[1] ?? '').slice(0, -1);
    const start = m.index;
    const end = m.index + m[0].length;
    out.push({ start, end, link: { kind: 'frame', className: qualified, file: m[3] ?? '', line: Number(m[4]) } });
  }
  JOB_ID.lastIndex = 0;
  const jobIds: string[] = [];
  for (let m = JOB_ID.exec(text); m; m = JOB_ID.exec(text)) {
    jobIds.push(m[0]);
    if (!taken(m.index, m.index + 32))
      out.push({ start: m.index, end: m.index + 32, link: { kind: 'job', jobId: m[0] } });
  }
  TM_ID.lastIndex = 0;
  for (let m = TM_ID.exec(text); m; m = TM_ID.exec(text)) {
    const end = m.index + m[0].length;
    if (!taken(m.index, end)) out.push({ start: m.index, end, link: { kind: 'taskManager', taskManagerId: m[0] } });
  }
  CHECKPOINT.lastIndex = 0;
  for (let m = CHECKPOINT.exec(text); m; m = CHECKPOINT.exec(text)) {
    const end = m.index + m[0].length;
    const jobId = jobIds.length === 1 ? jobIds[0] : undefined;
    if (!taken(m.index, end))
      out.push({
        start: m.index,
        end,
        link: { kind: 'checkpoint', checkpointId: Number(m[1]), ...(jobId ? { jobId } : {}) },
      });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A link the page sent, checked field by field (the page is not trusted more than its input). */
export function isLineLink(v: unknown): v is LineLink {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const str = (x: unknown, re: RegExp) => typeof x === 'string' && re.test(x);
  switch (o.kind) {
    case 'frame':
      return (
        str(o.className, /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/) &&
        str(o.file, /^[\w$-]+\.(?:java|scala|kt|groovy)$/) &&
        typeof o.line === 'number' &&
        Number.isInteger(o.line) &&
        o.line > 0
      );
    case 'job':
      return str(o.jobId, /^[0-9a-f]{32}$/);
    case 'taskManager':
      return str(o.taskManagerId, /^[\w.:-]{1,200}$/);
    case 'checkpoint':
      return (
        typeof o.checkpointId === 'number' &&
        Number.isSafeInteger(o.checkpointId) &&
        o.checkpointId >= 0 &&
        (o.jobId === undefined || str(o.jobId, /^[0-9a-f]{32}$/))
      );
    default:
      return false;
  }
}

/**
 * Where a frame's source may live in a workspace: `com/acme/Foo.java` for `com.acme.Foo$Inner` in
 * `Foo.java` (the package as folders, the file the frame names), then the file name alone.
 */
export function frameGlobs(link: Extract<LineLink, { kind: 'frame' }>): string[] {
  const parts = link.className.split('.');
  parts.pop(); // the class itself; its file is the frame's
  const pkg = parts.join('/');
  return pkg ? [`**/${pkg}/${link.file}`, `**/${link.file}`] : [`**/${link.file}`];
}
