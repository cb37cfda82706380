// The tail of a pod log in one round trip, and the earlier lines behind it.
//
// readPodTail asks the API server for the last lines (tailLines) with a byte cap (limitBytes): the
// server reads the container log backwards, so the cost does not grow with the log. limitBytes
// counts from the start of the tail, so a cut answer lacks the newest lines: then fewer lines are
// asked for (a log of 1 MB lines still shows its last line).
//
// The lines before the tail are read by pod-backfill.ts.
import type { KubeConfig } from '@kubernetes/client-node';
import { streamPodLog, type PodLogLine, type PodLogOptions } from '../../kube/pod-logs';

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
