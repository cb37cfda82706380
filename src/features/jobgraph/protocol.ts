// The typed messages between the job graph page (media/src/jobgraph) and its host (panel.ts, or
// the test harness). Compiled into both sides: no imports, no Node or DOM types.
//
// The host polls Flink and sends whole snapshots; the page lays out the graph (dagre) only when
// the plan changes, and recolours on every snapshot. A failed refresh never replaces the picture:
// the host sends `status` with what is missing and the page keeps the last snapshot.

/** Live figures of a vertex; absent = Flink did not report it (finished job, version, no sample yet). */
export interface Figures {
  /** ms per second, max over subtasks (0..1000). */
  busy?: number;
  backpressured?: number;
  idle?: number;
  /** per second, summed over subtasks. */
  recordsIn?: number;
  recordsOut?: number;
  bytesIn?: number;
  bytesOut?: number;
  /** Lowest input watermark over subtasks, epoch ms. */
  watermark?: number;
}

export interface GraphVertex {
  id: string;
  name: string;
  parallelism: number;
  status: string;
  figures: Figures;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** e.g. HASH, REBALANCE, FORWARD; absent when the plan has none. */
  shipStrategy?: string;
}

export interface GraphSnapshot {
  jobId: string;
  jobName: string;
  jobState: string;
  /** Flink version of the cluster, for the header. */
  flinkVersion?: string;
  vertices: GraphVertex[];
  edges: GraphEdge[];
  /** Host clock when the figures were read (epoch ms). */
  takenAt: number;
  /** Figures that could not be read this time (e.g. "live figures: job is FINISHED"). */
  missing: string[];
}

export interface SubtaskRow {
  subtask: number;
  status: string;
  /** TaskManager id (for its logs) and endpoint (host:port). */
  taskManagerId?: string;
  endpoint?: string;
  busy?: number;
  backpressured?: number;
  idle?: number;
  backpressureLevel?: string;
  /** Records read / written since the subtask started (totals, not rates). */
  recordsIn?: number;
  recordsOut?: number;
  /** Current input watermark (epoch ms). */
  watermark?: number;
}

export interface VertexDetail {
  vertexId: string;
  name: string;
  parallelism: number;
  subtasks: SubtaskRow[];
  accumulators: Array<{ name: string; type: string; value: string }>;
  /** Back pressure sampling level of the vertex (ok/low/high), when Flink has a sample. */
  backpressureLevel?: string;
  takenAt: number;
  missing: string[];
}

export interface CheckpointPoint {
  id: number;
  status: 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';
  isSavepoint: boolean;
  /** Trigger time, epoch ms. */
  triggeredAt: number;
  /** End-to-end duration in ms (so far, while in progress). */
  durationMs: number;
  /** Checkpointed (incremental) size in bytes, else the full state size. */
  sizeBytes: number;
  failureMessage?: string;
}

export interface CheckpointsView {
  /** Oldest first. */
  history: CheckpointPoint[];
  counts?: { completed: number; failed: number; inProgress: number; total: number };
  latestFailure?: { id: number; at: number; message: string };
  /** E.g. "checkpointing is not enabled for this job". */
  missing?: string;
}

export interface CheckpointVertexRow {
  vertexId: string;
  name: string;
  endToEndMs?: number;
  syncMs?: number;
  asyncMs?: number;
  alignmentMs?: number;
  startDelayMs?: number;
  sizeBytes?: number;
}

export interface CheckpointDetail {
  checkpointId: number;
  vertices: CheckpointVertexRow[];
  missing: string[];
}

export interface ExceptionItem {
  name: string;
  message: string;
  timestamp: number;
  taskName?: string;
  endpoint?: string;
  stacktrace: string;
  concurrent: number;
}

export interface ExceptionsView {
  entries: ExceptionItem[];
  truncated: boolean;
  /** Source paths (e.g. com/acme/Enrich.java) of frames that exist in the workspace: the page links them. */
  workspacePaths: string[];
  missing?: string;
}

export type Tab = 'graph' | 'checkpoints' | 'exceptions';

export type ViewState = 'loading' | 'live' | 'paused' | 'stale' | 'ended';

export type HostMessage =
  /** First message: which job this view shows (the page keeps it for the serializer). */
  | { type: 'init'; job: JobRef }
  | { type: 'snapshot'; snapshot: GraphSnapshot }
  | { type: 'detail'; detail: VertexDetail }
  | { type: 'checkpoints'; checkpoints: CheckpointsView }
  | { type: 'checkpointDetail'; detail: CheckpointDetail }
  | { type: 'exceptions'; exceptions: ExceptionsView }
  /** `message`: what is missing and what to do; the page keeps its last picture. */
  | { type: 'status'; state: ViewState; message?: string };

export type PageMessage =
  /** The page is listening; restored choices from its saved state. */
  | { type: 'ready'; paused?: boolean; selected?: string; tab?: Tab }
  /** The checkpoint history is read only while its tab is shown. */
  | { type: 'setTab'; tab: Tab }
  | { type: 'selectCheckpoint'; checkpointId: number }
  | { type: 'setPaused'; paused: boolean }
  | { type: 'select'; vertexId?: string }
  | { type: 'refresh' }
  | { type: 'openTaskManagerLogs'; taskManagerId: string }
  /** A stack frame whose source is in the workspace: open `path` at `line`. */
  | { type: 'openFrame'; path: string; line: number };

/** Where the job lives; kept by the page (setState) so the serializer can reopen it after a reload. */
export interface JobRef {
  jobId: string;
  /** A cluster id of the Jobs view (port-forward and credentials resolved by the host) ... */
  clusterId?: string;
  /** ... or a REST URL (no credentials are ever kept here). */
  restUrl?: string;
  title?: string;
}

export interface PageState {
  job?: JobRef;
  paused: boolean;
  selected?: string;
  tab?: Tab;
}

export function isPageMessage(m: unknown): m is PageMessage {
  if (!m || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return (
        (o.paused === undefined || typeof o.paused === 'boolean') &&
        (o.selected === undefined || typeof o.selected === 'string') &&
        (o.tab === undefined || isTab(o.tab))
      );
    case 'setTab':
      return isTab(o.tab);
    case 'openFrame':
      return (
        typeof o.path === 'string' &&
        /^[\w$-]+(\/[\w$-]+)*\.(java|scala|kt)$/.test(o.path) &&
        typeof o.line === 'number' &&
        Number.isInteger(o.line) &&
        o.line > 0
      );
    case 'selectCheckpoint':
      return typeof o.checkpointId === 'number' && Number.isInteger(o.checkpointId) && o.checkpointId >= 0;
    case 'setPaused':
      return typeof o.paused === 'boolean';
    case 'select':
      return o.vertexId === undefined || typeof o.vertexId === 'string';
    case 'refresh':
      return true;
    case 'openTaskManagerLogs':
      return typeof o.taskManagerId === 'string' && o.taskManagerId.length > 0;
    default:
      return false;
  }
}

function isTab(t: unknown): t is Tab {
  return t === 'graph' || t === 'checkpoints' || t === 'exceptions';
}

export function isJobRef(v: unknown): v is JobRef {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.jobId === 'string' &&
    /^[0-9a-f]{32}$/i.test(o.jobId) &&
    (typeof o.clusterId === 'string' || typeof o.restUrl === 'string')
  );
}
