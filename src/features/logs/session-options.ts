// What a LogSession is given: the actions it asks its host (VS Code, or a test harness) to do, and
// its sizes and switches.
import type { LineLink } from './line-links';

export interface SessionActions {
  copy(text: string): void | Promise<void>;
  openInEditor(text: string): void | Promise<void>;
  /** A stack frame or an id clicked in a line (checked by the protocol guard). */
  openLink?(link: LineLink): void | Promise<void>;
  /** Open the whole log (the spool file at `path`) in an editor. */
  openWholeLog?(path: string): void | Promise<void>;
  /** Save the whole log (the spool file at `path`). */
  saveToFile(path: string): void | Promise<void>;
  /** Errors that reach the user (the page shows them too). */
  error?(message: string): void;
}

export interface SessionOptions {
  spoolDir?: string;
  /** Bytes shown first: the tail of the log (default 256 KiB). */
  tailBytes?: number;
  /**
   * Of those, the bytes sent in the first message (default 32 KiB, a few screens): the page draws
   * them at once and the rest of the tail follows when it says it drew them.
   */
  firstTailBytes?: number;
  /** Bytes per "load more" (default 512 KiB). */
  chunkBytes?: number;
  /** Most bytes the page keeps (default 8 MiB). */
  maxWindowBytes?: number;
  follow?: boolean;
  /**
   * The page is a new document that has not said `ready` and has no saved state, and its host
   * delivers what is posted before it loaded once it has (VS Code holds such messages until the
   * webview's document loads): init and the tail go out at once, without a trip for `ready`.
   */
  freshPage?: boolean;
  /** The `flink.openLogs` argument that reopens the source (the page keeps it for a window reload). */
  reopen?: Record<string, unknown>;
  /** The bundled whole-log search worker (dist/log-search-worker.js); without it search covers the page's lines only. */
  searchWorkerFile?: string;
  /** Longest one line may hold the search worker (default 3 s). */
  searchStallMs?: number;
}
