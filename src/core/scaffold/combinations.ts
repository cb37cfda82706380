// Every discrete combination the scaffold offers, for tests that prove each one validates clean.
import {
  CLUSTER_KINDS,
  defaultOptions,
  isApplication,
  offeredUpgradeModes,
  type ScaffoldOptions,
  type StateVolume,
} from './options';
import { configFilesFor, FLINK_VERSIONS } from './versions';

const DIRS = [
  {},
  { checkpointDir: 's3://flink-bucket/checkpoints' },
  { checkpointDir: 's3://flink-bucket/checkpoints', savepointDir: 's3://flink-bucket/savepoints' },
] as const;

const STATE: ReadonlyArray<{ rocksdb: boolean; stateVolume?: StateVolume }> = [
  { rocksdb: false },
  { rocksdb: true },
  { rocksdb: true, stateVolume: { type: 'hostPath', path: '/mnt/flink/rocksdb' } },
  { rocksdb: true, stateVolume: { type: 'pvc', size: '10Gi' } },
  { rocksdb: true, stateVolume: { type: 'pvc', size: '50Gi', storageClassName: 'fast-ssd' } },
];

/** The cartesian product of kind, version, config file, HA, dirs, state, credentials, upgrade mode, entry class. */
export function* allCombinations(name = 'flink'): Generator<ScaffoldOptions> {
  for (const kind of CLUSTER_KINDS) {
    for (const flinkVersion of FLINK_VERSIONS) {
      const base = defaultOptions(kind, flinkVersion, name);
      if (kind === 'operator-session-job') {
        // A session job has no cluster settings: dirs (key names follow the version), upgrade mode and entry class vary.
        for (const dirs of DIRS) {
          for (const haStorageDir of [undefined, 's3://flink-bucket/ha']) {
            for (const upgradeMode of offeredUpgradeModes({ ...dirs, haStorageDir })) {
              for (const entryClass of [undefined, 'com.example.StreamingJob']) {
                yield { ...base, ...dirs, haStorageDir, sessionJob: { ...base.sessionJob, upgradeMode, entryClass } };
              }
            }
          }
        }
        continue;
      }
      const configFiles = kind.startsWith('operator-') ? [base.configFile] : configFilesFor(flinkVersion);
      for (const configFile of configFiles) {
        for (const haStorageDir of [undefined, 's3://flink-bucket/ha']) {
          for (const dirs of DIRS) {
            for (const state of STATE) {
              for (const credentials of [undefined, ['KAFKA_USERNAME', 'KAFKA_PASSWORD']]) {
                const common = { ...base, configFile, haStorageDir, ...dirs, ...state, credentials };
                if (!isApplication(kind)) {
                  yield common;
                  continue;
                }
                for (const upgradeMode of offeredUpgradeModes(common)) {
                  for (const entryClass of [undefined, 'com.example.StreamingJob']) {
                    yield { ...common, job: { ...base.job, upgradeMode, entryClass } };
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * A dense covering subset of `allCombinations`: every kind x version x config file x HA x dirs x upgrade mode,
 * with the remaining options (state backend/volume, credentials, entry class) rotated so each of their values
 * meets every kind, version and config file.
 */
export function* coveringCombinations(name = 'flink'): Generator<ScaffoldOptions> {
  const groups = new Map<string, ScaffoldOptions[]>();
  for (const o of allCombinations(name)) {
    const upgrade = o.kind === 'operator-session-job' ? o.sessionJob.upgradeMode : o.job.upgradeMode;
    const key = [o.kind, o.flinkVersion, o.configFile, !!o.haStorageDir, o.checkpointDir, o.savepointDir, upgrade].join(
      '|',
    );
    const g = groups.get(key);
    if (g) g.push(o);
    else groups.set(key, [o]);
  }
  let i = 0;
  for (const g of groups.values()) {
    const pick = g[i++ % g.length];
    if (pick) yield pick;
  }
}
