// Where the whole-log search splits a large log between two workers (search-all.ts): the first line
// start past the middle, and with a level filter the level of the record open there, read from the
// lines just before it with the page's rules (the second worker starts inside that record).
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { HEADER, visibleText } from './line-text';
import { MARKER_PREFIX, type LogLevel } from './protocol';
import type { ScanRequest } from './search-scan';
import { LEVEL_OF } from './search-tally';

/** Logs smaller than this are searched by one worker (a second one costs more to start than it saves). */
export const SPLIT_MIN = 256 << 20;
/** How far past the middle a line start is looked for before the log is searched whole. */
const SPLIT_SEARCH = 1 << 20;
/** How far before the split the record's header is looked for before the log is searched whole. */
const HEADER_SEARCH = 4 << 20;

/**
 * Two workers on a machine with two cores or more. Measured here with other work on both cores
 * (load 3 to 8), two were still faster than one in most runs: each thread gets its share.
 */
export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

export interface Split {
  at: number;
  /** The record open at `at` (with a level filter). */
  openRecord?: { level?: LogLevel };
}

/** Where to split the search of [0, size), or undefined to search it whole. */
export async function splitPoint(req: ScanRequest, workers: number, splitMin: number): Promise<Split | undefined> {
  const filtered = req.levels !== undefined && req.levels.length < 4;
  if (workers < 2 || (req.start ?? 0) !== 0 || req.size < Math.max(1, splitMin)) return undefined;
  // Tagged lines keep one record per pod: the second half would need them all.
  if (filtered && req.tagged) return undefined;
  const fh = await open(req.path, 'r');
  try {
    const at = await lineStartAfter(fh, Math.floor(req.size / 2), req.size);
    if (at === undefined || !filtered) return at === undefined ? undefined : { at };
    const openRecord = await recordBefore(fh, at);
    return openRecord ? { at, openRecord } : undefined;
  } finally {
    await fh.close();
  }
}

async function lineStartAfter(fh: FileHandle, middle: number, size: number): Promise<number | undefined> {
  const buf = Buffer.alloc(64 << 10);
  for (let pos = middle - 1; pos < Math.min(size, middle + SPLIT_SEARCH); pos += buf.length) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (!bytesRead) return undefined;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl >= 0) return pos + nl + 1 < size ? pos + nl + 1 : undefined;
  }
  return undefined;
}

/**
 * The level of the record open at line start `at`, as the page finds it: the nearest header line
 * above (markers skipped), no level when there is none; undefined when none is within HEADER_SEARCH.
 */
export async function recordBefore(fh: FileHandle, at: number): Promise<{ level?: LogLevel } | undefined> {
  const from = Math.max(0, at - HEADER_SEARCH);
  const buf = Buffer.alloc(at - from);
  const { bytesRead } = await fh.read(buf, 0, buf.length, from);
  if (bytesRead < buf.length) return undefined;
  // Lines [start, end) from the last one up (`end` at its newline).
  for (let end = buf.length - 1; ;) {
    const start = end > 0 ? buf.lastIndexOf(0x0a, end - 1) + 1 : 0;
    // The window may have cut this line: the log is searched whole.
    if (start === 0 && from > 0) return undefined;
    let line = buf.toString('utf8', start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const text = visibleText(line);
    if (!text.startsWith(MARKER_PREFIX)) {
      const h = HEADER.exec(text);
      if (h) return { level: LEVEL_OF[h[1] ?? ''] };
    }
    if (start === 0) return {};
    end = start - 1;
  }
}
