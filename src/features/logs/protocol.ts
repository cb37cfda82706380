// The typed messages between the log viewer page (media/src/logs) and its host (panel.ts, or the
// test harness). This file is compiled into both sides: it imports only the pure line-links.ts, no Node or DOM types.
//
// Offsets are byte offsets into the host's spool of the source (a local copy of the log that the
// host keeps growing while it follows). The page holds a bounded window of whole lines of that
// spool and asks for more by offset; it never holds the whole file.
import { isLineLink, type LineLink } from './line-links';

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
export const LOG_LEVELS: readonly LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG'];

/** Lines the host writes into the spool when the stream breaks, resumes or restarts. */
export const MARKER_PREFIX = '──── ';
export const MARKER_SUFFIX = ' ────';

export type StreamState = 'loading' | 'live' | 'paused' | 'broken' | 'ended';
/** Where earlier lines are read from: the pod log behind its tail, or Flink's own log file. */
export type EarlierSource = 'pod' | 'file';

export interface SourceInfo {
  /** Panel title, e.g. "TM 127.0.0.1:6122-a1b2c3 · flink-taskexecutor.log". */
  title: string;
  /** One line under the toolbar: where the lines come from. */
  description: string;
  /** Lines start with a `[pod/<name>/<container>] ` tag (label selector views). */
  tagged: boolean;
  canFollow: boolean;
}

export type ChunkMode =
  | 'tail' // replaces the window: the last lines of the spool
  | 'at' // replaces the window: lines from `start` (state restore)
  | 'before' // prepends: ends where the window starts
  | 'after' // appends: starts where the window ends (scrolling down after a trim)
  | 'append' // new lines while following
  | 'around'; // replaces the window: lines around a whole-log search hit (`focusLine` in the chunk)

/** A query as the page sends it to the whole-log search. */
export interface WholeQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export type HostMessage =
  | {
      type: 'init';
      source: SourceInfo;
      following: boolean;
      maxWindowBytes: number;
      /** The `flink.openLogs` argument that opens this source again (kept in the page state for a window reload). */
      reopen?: Record<string, unknown>;
    }
  /** Whole lines [start, end) of the spool; `size` is the spool size now. */
  | {
      type: 'chunk';
      mode: ChunkMode;
      start: number;
      end: number;
      text: string;
      size: number;
      /** Mode 'around': the line (0-based, in `text`) that holds the hit; `direction` as asked. */
      focusLine?: number;
      direction?: 'next' | 'prev';
    }
  /**
   * The whole-log search of query `id`: bytes of the spool scanned, matches and matching lines so far.
   * `stopped`: why it ended early (the counts cover the bytes scanned); `error`: an invalid or refused query.
   */
  | {
      type: 'searchProgress';
      id: number;
      scanned: number;
      total: number;
      matches: number;
      hitLines: number;
      done: boolean;
      stopped?: 'cancelled' | 'stalled';
      truncated?: boolean;
      error?: string;
    }
  /**
   * Earlier lines were put in front of the spool (the backfill behind a tail read first): every
   * offset the page holds moves by `by`; what it shows stays.
   */
  | { type: 'shift'; by: number; size: number }
  | { type: 'status'; state: StreamState; message?: string; loadedBytes?: number; totalBytes?: number }
  /**
   * The host reads the lines before those shown (`reading`), `bytes` so far, from the pod log or
   * from Flink's log file (the lines a rotated pod log lost); `reading` false: it is done.
   */
  | { type: 'earlier'; reading: boolean; bytes: number; from: EarlierSource }
  | { type: 'error'; message: string };

export type PageMessage =
  /** The page is listening. `restoreOffset`: reopen at this offset instead of the tail; `follow`: the restored choice. */
  | { type: 'ready'; restoreOffset?: number; follow?: boolean }
  | { type: 'loadBefore'; offset: number }
  | { type: 'loadAfter'; offset: number }
  | { type: 'loadTail' }
  /** The page drew the tail: the host may start background work (earlier lines) without delaying it. */
  | { type: 'tailShown' }
  | { type: 'setFollow'; follow: boolean }
  | { type: 'copy'; text: string }
  /** `text`: the selection; without it the whole log opens. */
  | { type: 'openInEditor'; text?: string }
  | { type: 'saveToFile' }
  /** Starts a whole-log search (an empty text stops the current one); `levels`: the levels shown. */
  | { type: 'searchAll'; id: number; query: WholeQuery; levels: LogLevel[] }
  /** A click on a stack frame or an id in a line (see line-links.ts). */
  | { type: 'openLink'; link: LineLink }
  /** Shows the next (or previous) whole-log hit at or after (before) spool offset `from`, wrapping. */
  | { type: 'searchJump'; id: number; from: number; direction: 'next' | 'prev' };

/** What the page keeps with `vscode.setState` (the panel does not retain its context). */
export interface PageState {
  levels: LogLevel[];
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  following: boolean;
  /** Spool offset of the chunk holding the top visible line; absent when scrolled to the end. */
  topOffset?: number;
  /** The source, as the host's `init` gave it: what the panel serializer reopens after a reload. */
  reopen?: Record<string, unknown>;
}

export function isPageMessage(m: unknown): m is PageMessage {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  const o = m as Record<string, unknown>;
  switch (t) {
    case 'ready':
      return (
        (o.restoreOffset === undefined || typeof o.restoreOffset === 'number') &&
        (o.follow === undefined || typeof o.follow === 'boolean')
      );
    case 'loadBefore':
    case 'loadAfter':
      return typeof o.offset === 'number' && o.offset >= 0;
    case 'loadTail':
    case 'tailShown':
    case 'saveToFile':
      return true;
    case 'setFollow':
      return typeof o.follow === 'boolean';
    case 'copy':
      return typeof o.text === 'string';
    case 'openInEditor':
      return o.text === undefined || typeof o.text === 'string';
    case 'searchAll': {
      const q = o.query as Record<string, unknown> | null | undefined;
      return (
        typeof o.id === 'number' &&
        !!q &&
        typeof q === 'object' &&
        typeof q.text === 'string' &&
        q.text.length <= 10_000 &&
        typeof q.regex === 'boolean' &&
        typeof q.caseSensitive === 'boolean' &&
        Array.isArray(o.levels) &&
        o.levels.every((l) => (LOG_LEVELS as readonly unknown[]).includes(l))
      );
    }
    case 'openLink':
      return isLineLink(o.link);
    case 'searchJump':
      return (
        typeof o.id === 'number' &&
        typeof o.from === 'number' &&
        o.from >= 0 &&
        (o.direction === 'next' || o.direction === 'prev')
      );
    default:
      return false;
  }
}
