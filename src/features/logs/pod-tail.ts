// The tail of a pod log in one round trip, and the earlier lines behind it.
//
// readPodTail asks the API server for the last lines (tailLines) with a byte cap (limitBytes): the
// server reads the container log backwards, so the cost does not grow with the log. limitBytes
// counts from the start of the tail, so a cut answer lacks the newest lines: then fewer lines are
// asked for (a log of 1 MB lines still shows its last line).
//
// backfillPodLog reads the log from its start into a spool until it meets the first lines of the
// tail, so the session can put them in front of what the page already shows.
import type { KubeConfig } from '@kubernetes/client-node';
import { streamPodLog, type PodLogLine, type PodLogOptions } from '../../kube/pod-logs';
import { Spool } from './spool';

/** Lines of the tail compared with the full log to find where the tail starts. */
const HEAD_LINES = 20;

export interface PodTail {
  lines: PodLogLine[];
  /** The log has lines before these (the tail was cut by tailLines or limitBytes). */
  more: boolean;
}

export async function readPodTail(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  opts: PodLogOptions & { tailLines: number; limitBytes: number },
  signal: AbortSignal,
): Promise<PodTail> {
  let n = Math.max(1, opts.tailLines);
  for (;;) {
    const lines: PodLogLine[] = [];
    const bytes = await streamPodLog(
      kc,
      namespace,
      pod,
      { ...opts, tailLines: n, follow: false, sinceTime: undefined, sinceSeconds: undefined },
      (l) => lines.push(l),
      signal,
    );
    const cut = bytes >= opts.limitBytes;
    // Cut: the newest lines are missing; ask for half as many lines as fitted (one line at least,
    // which is then shown cut at limitBytes).
    if (!cut || n <= 1 || signal.aborted) return { lines, more: cut || lines.length >= n };
    n = Math.max(1, Math.floor(Math.max(1, lines.length - 1) / 2));
  }
}

/** The first lines of a tail, to find in the full log. */
export function tailHead(lines: readonly PodLogLine[]): PodLogLine[] {
  return lines.slice(0, HEAD_LINES);
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
  const ctrl = new AbortController();
  const stop = AbortSignal.any([signal, ctrl.signal]);
  // Candidate starts: [spool offset of the line that matched head[0], lines matched so far].
  let candidates: [number, number][] = [];
  let found: number | undefined;
  const same = (a: PodLogLine, b: PodLogLine) => a.time === b.time && a.text === b.text;
  let lastProgress = 0;
  try {
    await streamPodLog(
      kc,
      namespace,
      pod,
      { ...opts, follow: false, tailLines: undefined, limitBytes: undefined, sinceSeconds: undefined },
      (l) => {
        if (found !== undefined) return;
        const at = spool.size;
        const next: [number, number][] = [];
        for (const [start, k] of candidates) {
          const want = head[k];
          if (want && same(l, want)) next.push([start, k + 1]);
        }
        const first = head[0];
        if (first && same(l, first)) next.push([at, 1]);
        candidates = next;
        const done = candidates.find(([, k]) => k >= head.length);
        if (done) {
          found = done[0];
          ctrl.abort();
          return;
        }
        spool.appendLine(l.text);
        if (onProgress && spool.size - lastProgress > 1 << 20) {
          lastProgress = spool.size;
          onProgress(spool.size);
        }
      },
      stop,
    );
    // The log ended while head was matching: the tail starts there too (the log ends with it).
    if (found === undefined && !signal.aborted) found = candidates.find(([, k]) => k > 0)?.[0];
  } catch (e) {
    void spool.dispose();
    throw e;
  }
  if (found === undefined || signal.aborted) {
    void spool.dispose();
    return undefined;
  }
  return { spool, cut: found };
}
