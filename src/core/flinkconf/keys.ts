// Flink configuration knowledge for 1.17 .. 2.x, taken from the Flink sources and docs as summarised in
// docs/reference/flink.md (sections 2, 4). Only keys documented there are listed: the validator
// never calls a key unknown unless it is a near miss of one of these.

export type ValueType = 'memory' | 'duration' | 'int' | 'port' | 'port-range' | 'bool' | 'float' | 'string';

export interface KeyInfo {
  type: ValueType;
  /** Default as Flink documents it, for messages. */
  default?: string;
  /** Allowed values (case-insensitive), when a closed set; FQCNs (with a dot) are always accepted. */
  values?: string[];
}

export interface Deprecation {
  /** The key to use instead (undefined: no replacement, the key is ignored). */
  replacement?: string;
  /** First Flink version that deprecates the key. */
  since: string;
  /** First Flink version that no longer reads the key. */
  removedIn?: string;
  /** Why it matters at run time. */
  note?: string;
  /** Old keys whose meaning changed are warnings; plain renames that still work are infos. */
  severity: 'warning' | 'info';
}

/** Lookup tables without a prototype: a config key named `toString` or `__proto__` finds nothing. */
function ownKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, o);
}

const mem = (d?: string): KeyInfo => ({ type: 'memory', default: d });

export const KNOWN_KEYS: Record<string, KeyInfo> = ownKeys({
  // Memory (docs/reference/flink.md §4.1, §4.2)
  'jobmanager.memory.process.size': mem(),
  'jobmanager.memory.flink.size': mem(),
  'jobmanager.memory.heap.size': mem(),
  'jobmanager.memory.off-heap.size': mem('128 mb'),
  'jobmanager.memory.jvm-metaspace.size': mem('256 mb'),
  'jobmanager.memory.jvm-overhead.min': mem('192 mb'),
  'jobmanager.memory.jvm-overhead.max': mem('1 gb'),
  'jobmanager.memory.jvm-overhead.fraction': { type: 'float', default: '0.1' },
  'jobmanager.memory.enable-jvm-direct-memory-limit': { type: 'bool', default: 'false' },
  'taskmanager.memory.process.size': mem(),
  'taskmanager.memory.flink.size': mem(),
  'taskmanager.memory.task.heap.size': mem(),
  'taskmanager.memory.managed.size': mem(),
  'taskmanager.memory.managed.fraction': { type: 'float', default: '0.4' },
  'taskmanager.memory.framework.heap.size': mem('128 mb'),
  'taskmanager.memory.framework.off-heap.size': mem('128 mb'),
  'taskmanager.memory.task.off-heap.size': mem('0 bytes'),
  'taskmanager.memory.network.min': mem('64 mb'),
  'taskmanager.memory.network.max': mem(),
  'taskmanager.memory.network.fraction': { type: 'float', default: '0.1' },
  'taskmanager.memory.jvm-metaspace.size': mem('256 mb'),
  'taskmanager.memory.jvm-overhead.min': mem('192 mb'),
  'taskmanager.memory.jvm-overhead.max': mem('1 gb'),
  'taskmanager.memory.jvm-overhead.fraction': { type: 'float', default: '0.1' },
  'kubernetes.jobmanager.memory.limit-factor': { type: 'float', default: '1.0' },
  'kubernetes.taskmanager.memory.limit-factor': { type: 'float', default: '1.0' },
  // Slots and parallelism (§4.6)
  'taskmanager.numberOfTaskSlots': { type: 'int', default: '1' },
  'parallelism.default': { type: 'int', default: '1' },
  'slot.request.timeout': { type: 'duration', default: '5 min' },
  'scheduler-mode': { type: 'string', values: ['reactive'] },
  'jobmanager.scheduler': { type: 'string', values: ['default', 'adaptive', 'adaptivebatch'] },
  'pipeline.max-parallelism': { type: 'int' },
  // Ports and addresses (§4.7)
  'jobmanager.rpc.address': { type: 'string' },
  'jobmanager.rpc.port': { type: 'port', default: '6123' },
  'blob.server.port': { type: 'port-range', default: '0' },
  'rest.port': { type: 'port', default: '8081' },
  'rest.bind-port': { type: 'port-range', default: '8081' },
  'rest.address': { type: 'string' },
  'rest.bind-address': { type: 'string' },
  'taskmanager.rpc.port': { type: 'port-range', default: '0' },
  'taskmanager.data.port': { type: 'port', default: '0' },
  'taskmanager.resource-id': { type: 'string' },
  'taskmanager.host': { type: 'string' },
  'metrics.internal.query-service.port': { type: 'port-range', default: '0' },
  'queryable-state.proxy.ports': { type: 'port-range', default: '9069' },
  'queryable-state.server.ports': { type: 'port-range', default: '9067' },
  'queryable-state.enable': { type: 'bool', default: 'false' },
  // REST and web (§1)
  'rest.async.store-duration': { type: 'duration', default: '5 min' },
  'rest.server.max-content-length': { type: 'int', default: '104857600' },
  'rest.flamegraph.enabled': { type: 'bool', default: 'false' },
  'web.submit.enable': { type: 'bool', default: 'true' },
  'web.cancel.enable': { type: 'bool', default: 'true' },
  'web.exception-history-size': { type: 'int' },
  'web.log.path': { type: 'string' },
  'env.stdout-err.redirect-to-file': { type: 'bool', default: 'false' },
  'resourcemanager.taskmanager-timeout': { type: 'duration', default: '30 s' },
  // High availability (§4.8)
  'high-availability.type': { type: 'string', default: 'NONE', values: ['none', 'zookeeper', 'kubernetes'] },
  'high-availability.storageDir': { type: 'string' },
  'high-availability.cluster-id': { type: 'string', default: '/default' },
  'high-availability.zookeeper.quorum': { type: 'string' },
  'high-availability.zookeeper.path.root': { type: 'string', default: '/flink' },
  'kubernetes.cluster-id': { type: 'string' },
  'kubernetes.namespace': { type: 'string' },
  'kubernetes.rest-service.exposed.type': {
    type: 'string',
    values: ['clusterip', 'nodeport', 'loadbalancer', 'headless_clusterip'],
  },
  // Restart strategy (§2.5)
  'restart-strategy.type': { type: 'string' },
  'restart-strategy.fixed-delay.attempts': { type: 'int' },
  'restart-strategy.fixed-delay.delay': { type: 'duration' },
  // State backends and checkpoints (§4.9)
  'state.backend.type': { type: 'string', default: 'hashmap', values: ['hashmap', 'rocksdb', 'forst'] },
  'execution.checkpointing.storage': { type: 'string', values: ['jobmanager', 'filesystem'] },
  'execution.checkpointing.dir': { type: 'string' },
  'execution.checkpointing.savepoint-dir': { type: 'string' },
  'execution.checkpointing.incremental': { type: 'bool', default: 'false' },
  'execution.checkpointing.num-retained': { type: 'int', default: '1' },
  'execution.checkpointing.local-backup.enabled': { type: 'bool', default: 'false' },
  'execution.checkpointing.interval': { type: 'duration' },
  'execution.checkpointing.mode': { type: 'string', values: ['exactly_once', 'at_least_once'] },
  'execution.checkpointing.timeout': { type: 'duration', default: '10 min' },
  'execution.checkpointing.max-concurrent-checkpoints': { type: 'int', default: '1' },
  'execution.checkpointing.min-pause': { type: 'duration', default: '0 ms' },
  'execution.checkpointing.tolerable-failed-checkpoints': { type: 'int' },
  'execution.checkpointing.externalized-checkpoint-retention': { type: 'string' },
  'execution.checkpointing.unaligned.enabled': { type: 'bool', default: 'false' },
  'process.taskmanager.working-dir': { type: 'string' },
});

/** Keys whose old names Flink still reads (or used to), from docs/reference/flink.md §4.5, §4.8, §4.9, §2.4. */
export const DEPRECATED_KEYS: Record<string, Deprecation> = ownKeys({
  'taskmanager.heap.size': {
    replacement: 'taskmanager.memory.process.size',
    since: '1.10',
    removedIn: '2.0',
    severity: 'warning',
    note: 'In containers Flink reads it as the total process memory; Flink 2.x ignores it.',
  },
  'taskmanager.heap.mb': {
    replacement: 'taskmanager.memory.process.size',
    since: '1.10',
    removedIn: '2.0',
    severity: 'warning',
    note: 'In containers Flink reads it as the total process memory; Flink 2.x ignores it.',
  },
  'jobmanager.heap.size': {
    replacement: 'jobmanager.memory.process.size',
    since: '1.11',
    removedIn: '2.0',
    severity: 'warning',
    note: 'In containers Flink reads it as the total process memory; Flink 2.x ignores it.',
  },
  'jobmanager.heap.mb': {
    replacement: 'jobmanager.memory.process.size',
    since: '1.11',
    removedIn: '2.0',
    severity: 'warning',
    note: 'In containers Flink reads it as the total process memory; Flink 2.x ignores it.',
  },
  'taskmanager.memory.size': { replacement: 'taskmanager.memory.managed.size', since: '1.10', severity: 'info' },
  'taskmanager.network.memory.min': { replacement: 'taskmanager.memory.network.min', since: '1.10', severity: 'info' },
  'taskmanager.network.memory.max': { replacement: 'taskmanager.memory.network.max', since: '1.10', severity: 'info' },
  'taskmanager.network.memory.fraction': {
    replacement: 'taskmanager.memory.network.fraction',
    since: '1.10',
    severity: 'info',
  },
  'taskmanager.memory.fraction': {
    since: '1.10',
    removedIn: '1.10',
    severity: 'warning',
    note: 'Flink ignores it since 1.10; use taskmanager.memory.managed.fraction.',
  },
  'taskmanager.memory.off-heap': {
    since: '1.10',
    removedIn: '1.10',
    severity: 'warning',
    note: 'Flink ignores it since 1.10.',
  },
  'taskmanager.memory.preallocate': {
    since: '1.10',
    removedIn: '1.10',
    severity: 'warning',
    note: 'Flink ignores it since 1.10.',
  },
  'containerized.heap-cutoff-ratio': {
    since: '1.10',
    removedIn: '1.10',
    severity: 'warning',
    note: 'It has no effect since Flink 1.10 (JVM overhead is configured with *.memory.jvm-overhead.*).',
  },
  'containerized.heap-cutoff-min': {
    since: '1.10',
    removedIn: '1.10',
    severity: 'warning',
    note: 'It has no effect since Flink 1.10 (JVM overhead is configured with *.memory.jvm-overhead.*).',
  },
  'high-availability': { replacement: 'high-availability.type', since: '1.17', severity: 'info' },
  'recovery.mode': { replacement: 'high-availability.type', since: '1.17', severity: 'info' },
  'state.backend': { replacement: 'state.backend.type', since: '1.17', severity: 'info' },
  'restart-strategy': { replacement: 'restart-strategy.type', since: '1.17', severity: 'info' },
  'state.checkpoint-storage': { replacement: 'execution.checkpointing.storage', since: '1.20', severity: 'info' },
  'state.checkpoints.dir': { replacement: 'execution.checkpointing.dir', since: '1.20', severity: 'info' },
  'state.savepoints.dir': { replacement: 'execution.checkpointing.savepoint-dir', since: '1.20', severity: 'info' },
  'state.backend.incremental': { replacement: 'execution.checkpointing.incremental', since: '1.20', severity: 'info' },
  'state.checkpoints.num-retained': {
    replacement: 'execution.checkpointing.num-retained',
    since: '1.20',
    severity: 'info',
  },
  'queryable-state.proxy.ports': {
    since: '1.18',
    severity: 'info',
    note: 'Queryable State is deprecated since Flink 1.18.',
  },
  'queryable-state.server.ports': {
    since: '1.18',
    severity: 'info',
    note: 'Queryable State is deprecated since Flink 1.18.',
  },
  'queryable-state.enable': {
    since: '1.18',
    severity: 'info',
    note: 'Queryable State is deprecated since Flink 1.18.',
  },
});

/** Key prefixes owned by components whose options are not listed here (operator, autoscaler, connectors, ...). */
export const FOREIGN_PREFIXES = [
  'kubernetes.operator.',
  'job.autoscaler.',
  'security.',
  'metrics.reporter.',
  'metrics.reporters',
  'fs.',
  's3.',
  'gs.',
  'azure.',
  'env.',
  'table.',
  'sql-gateway.',
  'pipeline.',
  'state.backend.rocksdb.',
  'state.backend.forst.',
];

/** Both names of a setting (old or new), for lookups that must honour deprecated spellings. */
export const ALIASES: Record<string, string[]> = ownKeys({
  'high-availability.type': ['high-availability.type', 'high-availability', 'recovery.mode'],
  'execution.checkpointing.dir': ['execution.checkpointing.dir', 'state.checkpoints.dir'],
  'execution.checkpointing.savepoint-dir': ['execution.checkpointing.savepoint-dir', 'state.savepoints.dir'],
  'state.backend.type': ['state.backend.type', 'state.backend'],
  'taskmanager.memory.process.size': [
    'taskmanager.memory.process.size',
    'taskmanager.heap.size',
    'taskmanager.heap.mb',
  ],
  'jobmanager.memory.process.size': ['jobmanager.memory.process.size', 'jobmanager.heap.size', 'jobmanager.heap.mb'],
});

/** Keys the operator refuses in `flinkConfiguration` (DefaultValidator FORBIDDEN_CONF_KEYS, flink.md §3.2). */
export const OPERATOR_FORBIDDEN_KEYS = [
  'kubernetes.namespace',
  'kubernetes.cluster-id',
  'high-availability.cluster-id',
];
