// Runs the whole-log search (search-scan.ts) in worker threads, so the extension host never blocks
// on a 1 GB log or a slow regex: cancelling terminates the workers, and so does a line that holds a
// worker longer than `stallMs` (a polynomial regex on a multi-MB line cannot be interrupted
// otherwise). A large log is split at a line start into two halves searched at once (two cores,
// search-split.ts); the second half's hits are held until the first half is done, so the hits
// reach the caller in file order. Each worker's heap is capped; it holds one read buffer and the hit offsets.
import { Worker } from 'node:worker_threads';
import type { ScanProgress, ScanRequest, ScanResult } from './search-scan';
import { defaultWorkers, SPLIT_MIN, splitPoint, type Split } from './search-split';

export interface WholeSearchOutcome extends Partial<Omit<ScanResult, 'blocks'>> {
  /** Why it ended early: cancelled, or a line took too long (then the counts cover what came before). */
  stopped?: 'cancelled' | 'stalled';
  /** Bytes scanned when it ended. */
  scanned: number;
  error?: string;
  /** Workers the log was split between (on a search that ran to its end). */
  workers?: number;
}

export interface WholeSearchOptions {
  /** The bundled worker (dist/log-search-worker.js). */
  workerFile: string;
  signal?: AbortSignal;
  /** Longest time a worker may go without a progress report before the search is stopped (default 3 s). */
  stallMs?: number;
  /** Workers for a large log (default: 2 when the machine has 2 or more cores). */
  workers?: number;
  /** Smallest log split between workers (default 256 MiB). */
  splitMin?: number;
}

type WorkerMessage =
  ({ type: 'progress' } & ScanProgress) | ({ type: 'done' } & ScanResult) | { type: 'error'; message: string };

interface Part {
  worker: Worker;
  scanned: number;
  matches: number;
  /** Set when the part is done. */
  hitLines?: number;
  /** Hits of the second part held until the first is done. */
  held: number[];
  /** Hits passed on to the caller. */
  passed: number;
  watchdog?: ReturnType<typeof setTimeout>;
}

export async function searchWholeLog(
  req: ScanRequest,
  onProgress: (p: ScanProgress) => void,
  opts: WholeSearchOptions,
): Promise<WholeSearchOutcome> {
  if (opts.signal?.aborted) return { stopped: 'cancelled', scanned: 0, matches: 0 };
  let split: Split | undefined;
  try {
    split = await splitPoint(req, opts.workers ?? defaultWorkers(), opts.splitMin ?? SPLIT_MIN);
  } catch {
    split = undefined; // the worker reports what is wrong with the file
  }
  if (opts.signal?.aborted) return { stopped: 'cancelled', scanned: 0, matches: 0 };
  const ranges: ScanRequest[] = split
    ? [
        { ...req, size: split.at },
        { ...req, start: split.at, ...(split.openRecord ? { openRecord: split.openRecord } : {}) },
      ]
    : [req];
  const maxHits = req.maxHits ?? 100_000;
  const stallMs = opts.stallMs ?? 3_000;

  return new Promise((resolve) => {
    let settled = false;
    const parts: Part[] = [];
    const totals = () => ({
      scanned: parts.reduce((n, p) => n + p.scanned, 0),
      matches: parts.reduce((n, p) => n + p.matches, 0),
    });
    const finish = (o: WholeSearchOutcome, terminate: boolean) => {
      if (settled) return;
      settled = true;
      for (const p of parts) {
        clearTimeout(p.watchdog);
        if (terminate) void p.worker.terminate();
      }
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const onAbort = () => finish({ stopped: 'cancelled', ...totals() }, true);
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    /** Hits of part `i` the caller may have now, in file order, within `maxHits` in all. */
    const pass = (i: number, hits: number[]): number[] => {
      const p = parts[i];
      const first = parts[0];
      if (!p || !first) return [];
      if (i === 1 && first.hitLines === undefined) {
        p.held.push(...hits);
        return [];
      }
      const room = maxHits - (i === 1 ? (first.hitLines ?? 0) : 0) - p.passed;
      const out = room > 0 ? (room < hits.length ? hits.slice(0, room) : hits) : [];
      p.passed += out.length;
      return out;
    };
    const stalled = () => {
      // The counts cover what came before: the first half's alone until it is done.
      const first = parts[0];
      const o = first && first.hitLines === undefined ? { scanned: first.scanned, matches: first.matches } : totals();
      finish({ stopped: 'stalled', ...o }, true);
    };

    ranges.forEach((range, i) => {
      const worker = new Worker(opts.workerFile, {
        workerData: range,
        resourceLimits: { maxOldGenerationSizeMb: 256 },
        stdout: true,
        stderr: true,
      });
      const part: Part = { worker, scanned: 0, matches: 0, held: [], passed: 0 };
      parts.push(part);
      const arm = () => {
        clearTimeout(part.watchdog);
        part.watchdog = setTimeout(stalled, stallMs);
      };
      arm();
      worker.on('message', (m: WorkerMessage) => {
        if (settled) return;
        arm();
        switch (m.type) {
          case 'progress':
            part.scanned = m.scanned;
            part.matches = m.matches;
            onProgress({ ...totals(), hits: pass(i, m.hits) });
            return;
          case 'done': {
            clearTimeout(part.watchdog);
            part.scanned = m.scanned;
            part.matches = m.matches;
            part.hitLines = m.hitLines;
            const second = parts[1];
            if (i === 0 && second?.held.length) {
              const held = second.held;
              second.held = [];
              onProgress({ ...totals(), hits: pass(1, held) });
            }
            if (parts.length === ranges.length && parts.every((p) => p.hitLines !== undefined)) {
              const hitLines = parts.reduce((n, p) => n + (p.hitLines ?? 0), 0);
              finish({ ...totals(), hitLines, truncated: hitLines > maxHits, workers: parts.length }, false);
            }
            return;
          }
          case 'error':
            finish({ ...totals(), error: m.message }, true);
            return;
        }
      });
      worker.on('error', (e) => finish({ ...totals(), error: e.message }, true));
      worker.on('exit', (code) => {
        if (!settled && part.hitLines === undefined)
          finish({ ...totals(), error: `the search worker exited (code ${code})` }, true);
      });
    });
  });
}
