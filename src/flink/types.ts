// Wire types of the Flink JobManager REST API, 1.15 .. 2.x (see docs/reference/flink.md §1.5).
// Fields that only some versions send are optional; readers must tolerate extra fields.

export type JobStatus =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';
export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'
  | 'RECONCILING'
  | 'INITIALIZING';

export interface DashboardConfig {
  'refresh-interval': number;
  'timezone-name'?: string;
  'timezone-offset'?: number;
  'flink-version': string;
  'flink-revision'?: string;
  features?: { 'web-submit'?: boolean; 'web-cancel'?: boolean; 'web-history'?: boolean; 'web-rescale'?: boolean };
}

export interface ClusterOverview {
  taskmanagers: number;
  'slots-total': number;
  'slots-available': number;
  'taskmanagers-blocked'?: number;
  'jobs-running': number;
  'jobs-finished': number;
  'jobs-cancelled': number;
  'jobs-failed': number;
  'flink-version'?: string;
  'flink-commit'?: string;
}

export interface JobOverviewEntry {
  jid: string;
  name: string;
  state: JobStatus;
  'start-time': number;
  'end-time': number;
  duration: number;
  'last-modification': number;
  tasks: Record<string, number>;
  'pending-operators'?: number;
}

export interface JobsOverview {
  jobs: JobOverviewEntry[];
}

export interface IOMetrics {
  'read-bytes'?: number;
  'write-bytes'?: number;
  'read-records'?: number;
  'write-records'?: number;
  'accumulated-backpressured-time'?: number;
  'accumulated-idle-time'?: number;
  'accumulated-busy-time'?: number;
}

export interface JobVertex {
  id: string;
  name: string;
  maxParallelism?: number;
  parallelism: number;
  status: ExecutionState;
  'start-time': number;
  'end-time': number;
  duration: number;
  tasks: Record<string, number>;
  metrics?: IOMetrics;
  slotSharingGroupId?: string;
}

export interface JobDetails {
  jid: string;
  name: string;
  isStoppable: boolean;
  state: JobStatus;
  'job-type'?: 'BATCH' | 'STREAMING';
  'start-time': number;
  'end-time': number;
  duration: number;
  maxParallelism?: number;
  now: number;
  timestamps: Record<string, number>;
  vertices: JobVertex[];
  'status-counts'?: Record<string, number>;
  'pending-operators'?: number;
}

export interface CheckpointStats {
  className?: 'completed' | 'failed' | 'in_progress';
  id: number;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  is_savepoint: boolean;
  trigger_timestamp: number;
  latest_ack_timestamp: number;
  checkpointed_size?: number;
  state_size: number;
  end_to_end_duration: number;
  num_subtasks: number;
  num_acknowledged_subtasks: number;
  checkpoint_type?: string;
  external_path?: string;
  discarded?: boolean;
  failure_timestamp?: number;
  failure_message?: string;
}

export interface CheckpointingStatistics {
  counts: { restored: number; total: number; in_progress: number; completed: number; failed: number };
  latest: {
    completed: CheckpointStats | null;
    savepoint: CheckpointStats | null;
    failed: CheckpointStats | null;
    restored: { id: number; restore_timestamp: number; is_savepoint: boolean; external_path: string } | null;
  };
  history: CheckpointStats[];
}

/** One entry of `exceptionHistory.entries` (the shape that survives in 2.x). */
export interface ExceptionEntry {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string | null;
  /** `endpoint` (1.19+) or `location` (<= 1.20, removed in 2.0). */
  endpoint?: string | null;
  location?: string | null;
  taskManagerId?: string | null;
  failureLabels?: Record<string, string>;
  concurrentExceptions?: ExceptionEntry[];
}

export interface JobExceptions {
  exceptionHistory?: { truncated: boolean; entries: ExceptionEntry[] };
  /** Legacy root fields, 1.x only (removed in 2.0). */
  'root-exception'?: string;
  timestamp?: number;
  truncated?: boolean;
  'all-exceptions'?: Array<{
    exception: string;
    task: string;
    location?: string;
    endpoint?: string;
    timestamp: number;
    taskManagerId?: string;
  }>;
}

/** GET /jobs/:id/config. */
export interface JobConfig {
  jid: string;
  name: string;
  'execution-config'?: {
    'execution-mode'?: string;
    'restart-strategy'?: string;
    'job-parallelism'?: number;
    'object-reuse-mode'?: boolean;
    'user-config'?: Record<string, string>;
  };
}

export interface ResourceProfileInfo {
  cpuCores: number;
  taskHeapMemory: number;
  taskOffHeapMemory: number;
  managedMemory: number;
  networkMemory: number;
  extendedResources?: Record<string, number>;
}

export interface TaskManagerInfo {
  id: string;
  path: string;
  dataPort: number;
  jmxPort?: number;
  timeSinceLastHeartbeat: number;
  slotsNumber: number;
  freeSlots: number;
  blocked?: boolean;
  totalResource?: ResourceProfileInfo;
  freeResource?: ResourceProfileInfo;
  hardware?: { cpuCores: number; physicalMemory: number; freeMemory: number; managedMemory: number };
  memoryConfiguration?: Record<string, number>;
}

export interface TaskManagerDetails extends TaskManagerInfo {
  allocatedSlots?: Array<{ jobId: string; resource: ResourceProfileInfo }>;
  metrics?: Record<string, unknown> & { heapUsed?: number; heapMax?: number };
}

export interface LogFileInfo {
  name: string;
  size: number;
  mtime?: number;
}

export interface TriggerResponse {
  'request-id': string;
}

export interface SavepointOperation {
  location?: string;
  'failure-cause'?: { class?: string; 'stack-trace'?: string; 'serialized-throwable'?: string };
}

export interface AsyncOperationResult<T> {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation?: T;
}

export interface JarFile {
  id: string;
  name: string;
  uploaded: number;
  entry: Array<{ name: string; description: string | null }>;
}

export interface JarList {
  address: string;
  files: JarFile[];
}

export interface JarRunRequest {
  entryClass?: string;
  /** Arguments, one per element (sent as programArgsList; never the removed `programArgs`). */
  programArgs?: string[];
  parallelism?: number;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  jobId?: string;
}
