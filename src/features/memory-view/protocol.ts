// The typed messages between the memory layout page (media/src/memory) and its host (panel.ts, or
// the test harness). Compiled into both sides: no imports, no Node or DOM types.
//
// The host recomputes the whole picture from the document on every edit and sends it; the page
// only draws. Byte counts are plain numbers (exact up to 8 PiB).

export type SegmentGroup = 'heap' | 'managed' | 'direct' | 'metaspace' | 'overhead';

export interface MemorySegment {
  /** Flink's name for the component, as in its startup log ("Framework Heap", "Network"...). */
  label: string;
  group: SegmentGroup;
  bytes: number;
}

export interface ContainerPicture {
  /** Stable across edits of the same document (kind, name, container): the page keeps focus by it. */
  id: string;
  role: 'jobmanager' | 'taskmanager';
  /** e.g. "TaskManager · Deployment flink-taskmanager / taskmanager". */
  title: string;
  /** Flink version computed for, and whether the manifest said it or the model assumed it. */
  flinkVersion: string;
  versionAssumed: boolean;
  /** What the sizes were derived from (process size, total Flink size, fine-grained sizes). */
  derivedFrom?: string;
  /** Bottom to top in Flink's picture: heap, managed, direct, metaspace, overhead. Empty on error. */
  segments: MemorySegment[];
  totalProcess?: number;
  /** The container's memory limit in bytes, and how the manifest wrote it. */
  limit?: number;
  limitText?: string;
  /** Why there is no limit to compare with (e.g. a ConfigMap no container mounts in this file). */
  limitMissing?: string;
  /** Flink refuses this configuration at startup: its own message. */
  error?: string;
  /** What Flink logs while deriving (fractions capped...). */
  notes: string[];
  /** 0-based line of the setting that decides the size, for "reveal in the editor". */
  line: number;
}

export interface MemoryPicture {
  /** The document's file name, for the title. */
  file: string;
  containers: ContainerPicture[];
}

export type HostMessage =
  /** `uri`: the document's, kept by the page for the serializer. */
  | { type: 'picture'; uri: string; picture: MemoryPicture; focus?: string }
  /** The document could not be read (closed, deleted): the page keeps the last picture and says why. */
  | { type: 'status'; message: string };

export type PageMessage =
  | { type: 'ready' }
  /** Reveal the line that sizes a container in the editor. */
  | { type: 'reveal'; id: string };

/** What the page keeps with setState, so the serializer reopens the same view after a reload. */
export interface PageState {
  uri: string;
  focus?: string;
  /** The tables shown instead of only to screen readers. */
  table?: boolean;
}

export function isPageMessage(m: unknown): m is PageMessage {
  if (!m || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return true;
    case 'reveal':
      return typeof o.id === 'string' && o.id.length > 0 && o.id.length < 1000;
    default:
      return false;
  }
}

export function isPageState(v: unknown): v is PageState {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.uri === 'string' &&
    o.uri.length > 0 &&
    (o.focus === undefined || typeof o.focus === 'string') &&
    (o.table === undefined || typeof o.table === 'boolean')
  );
}
