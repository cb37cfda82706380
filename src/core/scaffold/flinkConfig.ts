// The Flink configuration the scaffold writes, with version-appropriate key names (docs/reference/flink.md §4.9).
import { flinkMemory } from './memory';
import { isOperator, type ScaffoldOptions } from './options';
import { atLeast } from './versions';

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  /** Why the entry is there; written above it. */
  readonly comment?: string;
}

export const PORTS = { rpc: 6123, blob: 6124, rest: 8081, taskmanagerRpc: 6122 } as const;
/** Where the RocksDB working directory is mounted when it lives on a volume. */
export const STATE_MOUNT_PATH = '/flink-state';

export const names = (o: Pick<ScaffoldOptions, 'name'>) => ({
  config: `${o.name}-config`,
  jobmanager: `${o.name}-jobmanager`,
  taskmanager: `${o.name}-taskmanager`,
  rest: `${o.name}-rest`,
  serviceAccount: `${o.name}-ha`,
  secret: `${o.name}-credentials`,
});

/** The file systems of the dirs, e.g. `s3` (each needs its plugin in the image). */
export function dirSchemes(o: ScaffoldOptions): string[] {
  const dirs = [o.haStorageDir, o.checkpointDir, o.savepointDir].filter((d): d is string => !!d);
  return [...new Set(dirs.map((d) => d.slice(0, d.indexOf(':')).toLowerCase()))];
}

/** Entries shared by standalone and operator clusters: slots, HA, checkpoints, state backend. */
function commonEntries(o: ScaffoldOptions): ConfigEntry[] {
  const v = o.flinkVersion;
  const newKeys = atLeast(v, 1, 20);
  const e: ConfigEntry[] = [
    {
      key: 'taskmanager.numberOfTaskSlots',
      value: String(o.slots),
      comment: 'Slots per TaskManager: the cluster runs at most (TaskManagers x slots) parallel tasks.',
    },
  ];
  if (o.haStorageDir) {
    e.push(
      {
        key: 'high-availability.type',
        value: 'kubernetes',
        comment:
          'Kubernetes HA: leader election and job metadata pointers in ConfigMaps (the service account needs RBAC on configmaps).',
      },
      {
        key: 'high-availability.storageDir',
        value: o.haStorageDir,
        comment: 'JobManager metadata lives here; it must be a durable file system every JobManager can reach.',
      },
    );
  }
  if (o.checkpointDir) {
    e.push(
      {
        key: 'execution.checkpointing.interval',
        value: '60s',
        comment: 'Checkpointing is off unless an interval is set.',
      },
      { key: newKeys ? 'execution.checkpointing.dir' : 'state.checkpoints.dir', value: o.checkpointDir },
    );
  }
  if (o.savepointDir)
    e.push({ key: newKeys ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir', value: o.savepointDir });
  if (o.rocksdb) {
    e.push(
      {
        key: 'state.backend.type',
        value: 'rocksdb',
        comment:
          'RocksDB keeps state on local disk and uses managed (native) memory, which counts against the container limit.',
      },
      { key: newKeys ? 'execution.checkpointing.incremental' : 'state.backend.incremental', value: 'true' },
    );
    if (o.stateVolume)
      e.push({
        key: 'state.backend.rocksdb.localdir',
        value: `${STATE_MOUNT_PATH}/rocksdb`,
        comment: 'RocksDB working files on the state volume mounted in the TaskManagers.',
      });
  }
  return e;
}

/** Configuration for a standalone cluster's ConfigMap. */
export function standaloneConfig(o: ScaffoldOptions): ConfigEntry[] {
  const n = names(o);
  const e: ConfigEntry[] = [
    {
      key: 'jobmanager.rpc.address',
      value: n.jobmanager,
      comment: o.haStorageDir
        ? 'With HA the JobManager advertises its pod IP (args) and TaskManagers find the leader through HA; this Service name is the fallback.'
        : 'TaskManagers reach the JobManager through this Service.',
    },
    {
      key: 'jobmanager.rpc.port',
      value: String(PORTS.rpc),
      comment: 'Fixed ports (blob and TaskManager rpc are random by default), so Services and probes can target them.',
    },
    { key: 'blob.server.port', value: String(PORTS.blob) },
    { key: 'taskmanager.rpc.port', value: String(PORTS.taskmanagerRpc) },
    { key: 'rest.port', value: String(PORTS.rest) },
    {
      key: 'jobmanager.memory.process.size',
      value: flinkMemory(o.jobManagerMemoryMiB),
      comment:
        'Total process memory (heap, off-heap, metaspace, JVM overhead). The container memory limit must be at least this, or the pod is OOMKilled.',
    },
    { key: 'taskmanager.memory.process.size', value: flinkMemory(o.taskManagerMemoryMiB) },
    ...commonEntries(o),
    {
      key: 'parallelism.default',
      value: String(o.taskManagers * o.slots),
      comment: 'Default parallelism = TaskManagers x slots, so a job gets all slots and none waits for more.',
    },
  ];
  if (o.haStorageDir) {
    e.push(
      {
        key: 'kubernetes.cluster-id',
        value: o.name,
        comment: 'Names the HA ConfigMaps; unique per cluster in the namespace.',
      },
      {
        key: 'kubernetes.namespace',
        value: o.namespace,
        comment: 'Namespace where Flink creates the HA ConfigMaps (the Role below allows it there).',
      },
    );
  }
  return e;
}

/** `flinkConfiguration` of a FlinkDeployment: memory and cluster-id come from the spec, not from here. */
export function operatorConfig(o: ScaffoldOptions): ConfigEntry[] {
  if (!isOperator(o.kind)) throw new Error('operatorConfig is for operator kinds');
  return commonEntries(o);
}

/** `flinkConfiguration` of a FlinkSessionJob: the job's own checkpoint/savepoint dirs. */
export function sessionJobConfig(o: ScaffoldOptions): ConfigEntry[] {
  return commonEntries({ ...o, haStorageDir: undefined, rocksdb: false, stateVolume: undefined }).filter(
    (e) => e.key !== 'taskmanager.numberOfTaskSlots',
  );
}

/** Renders entries as flat `key: value` lines (valid for both flink-conf.yaml and config.yaml). */
export function renderConfigText(entries: readonly ConfigEntry[], header: string): string {
  const lines = header.split('\n').map((l) => `# ${l}`.trimEnd());
  for (const e of entries) {
    if (e.comment) lines.push(`# ${e.comment}`);
    lines.push(`${e.key}: ${e.value}`);
  }
  return `${lines.join('\n')}\n`;
}
