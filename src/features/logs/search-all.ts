// Runs the whole-log search (search-scan.ts) in a worker thread, so the extension host never
// blocks on a 1 GB log or a slow regex: cancelling terminates the worker, and so does a line that
// holds the worker longer than `stallMs` (a polynomial regex on a multi-MB line cannot be
// interrupted otherwise). The worker's heap is capped; it holds one read buffer and the hit offsets.
import { Worker } from 'node:worker_threads';
import type { ScanProgress, ScanRequest, ScanResult } from './search-scan';

export interface WholeSearchOutcome extends Partial<ScanResult> {
  /** Why it ended early: cancelled, or a line took too long (then the counts cover what came before). */
  stopped?: 'cancelled' | 'stalled';
  /** Bytes scanned when it ended. */
  scanned: number;
  error?: string;
}

export interface WholeSearchOptions {
  /** The bundled worker (dist/log-search-worker.js). */
  workerFile: string;
  signal?: AbortSignal;
  /** Longest time without a progress report before the worker is stopped (default 3 s). */
  stallMs?: number;
}

type WorkerMessage =
  ({ type: 'progress' } & ScanProgress) | ({ type: 'done' } & ScanResult) | { type: 'error'; message: string };

export function searchWholeLog(
  req: ScanRequest,
  onProgress: (p: ScanProgress) => void,
  opts: WholeSearchOptions,
): Promise<WholeSearchOutcome> {
  return new Promise((resolve) => {
    let scanned = 0;
    let matches = 0;
    let settled = false;
    const worker = new Worker(opts.workerFile, {
      workerData: req,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    const stallMs = opts.stallMs ?? 3_000;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const finish = (o: WholeSearchOutcome, terminate: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      opts.signal?.removeEventListener('abort', onAbort);
      if (terminate) void worker.terminate();
      resolve(o);
    };
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => finish({ stopped: 'stalled', scanned, matches }, true), stallMs);
    };
    const onAbort = () => finish({ stopped: 'cancelled', scanned, matches }, true);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      arm();
      switch (m.type) {
        case 'progress':
          scanned = m.scanned;
          matches = m.matches;
          onProgress({ scanned: m.scanned, matches: m.matches, hits: m.hits });
          return;
        case 'done':
          finish({ scanned: m.scanned, matches: m.matches, hitLines: m.hitLines, truncated: m.truncated }, false);
          return;
        case 'error':
          finish({ scanned, matches, error: m.message }, false);
          return;
      }
    });
    worker.on('error', (e) => finish({ scanned, matches, error: e.message }, false));
    worker.on('exit', (code) => {
      if (!settled) finish({ scanned, matches, error: `the search worker exited (code ${code})` }, false);
    });
  });
}
