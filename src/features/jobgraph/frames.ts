// Pure: Java/Scala stack frames of Flink exceptions -> the source path a workspace may hold.
//   "\tat com.acme.Enrich$1.map(Enrich.java:42)" -> { path: "com/acme/Enrich.java", line: 42 }
// The file name comes from the frame itself, so inner classes and Scala objects map right.

export interface ParsedFrame {
  /** Fully qualified class as printed (with $inner parts). */
  className: string;
  /** Package directories + the frame's file name, e.g. com/acme/Enrich.java. */
  path: string;
  line: number;
}

const FRAME = /^\s*at\s+(?:[\w.-]+\/\/)?(?:[\w.-]+\/)?([\w$.]+)\.[\w$<>-]+\(([\w$-]+\.(?:java|scala|kt)):(\d+)\)\s*$/;

/** Frames of the JDK and Scala runtime are never in a workspace: not looked up. */
const SKIP = /^(java|javax|jdk|sun|com\.sun|scala)\./;

export function parseFrame(text: string): ParsedFrame | undefined {
  const m = FRAME.exec(text);
  if (!m) return undefined;
  const className = m[1] ?? '';
  const fileName = m[2] ?? '';
  if (SKIP.test(className)) return undefined;
  const parts = className.split('.');
  parts.pop();
  return { className, path: [...parts, fileName].join('/'), line: Number(m[3]) };
}

/** The distinct paths of a set of stack traces, in order of first appearance, at most `max`. */
export function framePaths(stacks: readonly string[], max = 100): string[] {
  const seen = new Set<string>();
  for (const s of stacks)
    for (const line of s.split('\n')) {
      const f = parseFrame(line);
      if (f && !seen.has(f.path)) {
        seen.add(f.path);
        if (seen.size >= max) return [...seen];
      }
    }
  return [...seen];
}
