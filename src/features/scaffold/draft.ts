// The answers of the scaffold flow (a draft) and how they become ScaffoldOptions. Defaults that depend on
// earlier answers (image, job image, jar, session deployment) follow those answers until the user edits them.
import {
  configFilesFor,
  defaultFlinkImage,
  defaultOptions,
  offeredUpgradeModes,
  parseMemoryMiB,
  type ClusterKind,
  type ConfigFileName,
  type FlinkVersion,
  type ScaffoldOptions,
  type UpgradeMode,
} from '../../core/scaffold';

export interface FlowSettings {
  readonly defaultFlinkVersion: FlinkVersion;
  /** Prefix for the official Flink image (a mirror), '' for Docker Hub. */
  readonly flinkImageRegistry: string;
  /** Prefix for the job image built from the Dockerfile, '' for none. */
  readonly jobImageRegistry: string;
}

export type Feature = 'ha' | 'checkpoints' | 'savepoints' | 'rocksdb' | 'credentials';
export type VolumeChoice = 'none' | 'hostPath' | 'pvc';

/** Answers so far; undefined optional fields mean "the default". */
export interface Draft {
  kind: ClusterKind;
  version: FlinkVersion;
  configFile?: ConfigFileName;
  name: string;
  namespace: string;
  image?: string;
  jobImage?: string;
  jarPath?: string;
  entryClass: string;
  deploymentName?: string;
  jarURI?: string;
  parallelism: number;
  taskManagers: number;
  slots: number;
  jobManagerMemory: string;
  taskManagerMemory: string;
  features: Feature[];
  haStorageDir: string;
  checkpointDir: string;
  savepointDir: string;
  volume: VolumeChoice;
  hostPath: string;
  pvcSize: string;
  credentials: string;
  upgradeMode: UpgradeMode;
}

export function initialDraft(s: FlowSettings): Draft {
  return {
    kind: 'standalone-session',
    version: s.defaultFlinkVersion,
    name: 'flink',
    namespace: 'default',
    entryClass: '',
    parallelism: 2,
    taskManagers: 2,
    slots: 2,
    jobManagerMemory: '1600m',
    taskManagerMemory: '1728m',
    features: [],
    haStorageDir: 's3://my-bucket/flink/ha',
    checkpointDir: 's3://my-bucket/flink/checkpoints',
    savepointDir: 's3://my-bucket/flink/savepoints',
    volume: 'none',
    hostPath: '/mnt/flink/rocksdb',
    pvcSize: '10Gi',
    credentials: 'CONNECTOR_USERNAME, CONNECTOR_PASSWORD',
    upgradeMode: 'stateless',
  };
}

const prefix = (registry: string) => (registry.trim() ? `${registry.trim().replace(/\/+$/, '')}/` : '');
export const defaults = (d: Draft, s: FlowSettings) => ({
  image: defaultFlinkImage(d.version, s.flinkImageRegistry),
  jobImage: `${prefix(s.jobImageRegistry)}${d.name}-job:1.0`,
  jarPath: `target/${d.name}.jar`,
  deploymentName: `${d.name}-session`,
  jarURI: `https://artifacts.example.com/jobs/${d.name}.jar`,
});

export const has = (d: Draft, f: Feature) => d.features.includes(f);
export const sessionJob = (d: Draft) => d.kind === 'operator-session-job';
export const cluster = (d: Draft) => !sessionJob(d);
export const checkpointsOn = (d: Draft) => has(d, 'checkpoints') || has(d, 'savepoints');

export function credentialNames(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function toOptions(d: Draft, s: FlowSettings): ScaffoldOptions {
  const def = defaults(d, s);
  const base = defaultOptions(d.kind, d.version, d.name, s.flinkImageRegistry);
  const files = configFilesFor(d.version);
  const ha = cluster(d) && has(d, 'ha') ? d.haStorageDir : undefined;
  const checkpointDir = checkpointsOn(d) ? d.checkpointDir : undefined;
  const savepointDir = has(d, 'savepoints') ? d.savepointDir : undefined;
  const rocksdb = cluster(d) && has(d, 'rocksdb');
  const modes = offeredUpgradeModes({ checkpointDir, savepointDir, haStorageDir: ha });
  const upgradeMode = modes.includes(d.upgradeMode) ? d.upgradeMode : 'stateless';
  const entryClass = d.entryClass.trim() || undefined;
  return {
    ...base,
    configFile: d.configFile && files.includes(d.configFile) ? d.configFile : files[0],
    namespace: d.namespace,
    image: d.image ?? def.image,
    jobImage: d.jobImage ?? def.jobImage,
    taskManagers: d.taskManagers,
    slots: d.slots,
    jobManagerMemoryMiB: parseMemoryMiB(d.jobManagerMemory) ?? base.jobManagerMemoryMiB,
    taskManagerMemoryMiB: parseMemoryMiB(d.taskManagerMemory) ?? base.taskManagerMemoryMiB,
    haStorageDir: ha,
    checkpointDir,
    savepointDir,
    rocksdb,
    stateVolume:
      !rocksdb || d.volume === 'none'
        ? undefined
        : d.volume === 'hostPath'
          ? { type: 'hostPath', path: d.hostPath }
          : { type: 'pvc', size: d.pvcSize },
    credentials: cluster(d) && has(d, 'credentials') ? credentialNames(d.credentials) : undefined,
    job: { jarPath: d.jarPath ?? def.jarPath, entryClass, upgradeMode },
    sessionJob: {
      deploymentName: d.deploymentName ?? def.deploymentName,
      jarURI: d.jarURI ?? def.jarURI,
      entryClass,
      parallelism: d.parallelism,
      upgradeMode,
    },
  };
}
