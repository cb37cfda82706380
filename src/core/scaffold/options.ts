// What the scaffold asks for, its defaults, and the checks the input boxes share with the generator.
import { checkProcessMemory } from './memory';
import { configFilesFor, defaultFlinkImage, type ConfigFileName, type FlinkVersion } from './versions';

export const CLUSTER_KINDS = [
  'standalone-session',
  'standalone-application',
  'operator-session',
  'operator-application',
  'operator-session-job',
] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export const UPGRADE_MODES = ['stateless', 'last-state', 'savepoint'] as const;
export type UpgradeMode = (typeof UPGRADE_MODES)[number];

export type StateVolume =
  | { readonly type: 'hostPath'; readonly path: string }
  | { readonly type: 'pvc'; readonly size: string; readonly storageClassName?: string };

export interface JobOptions {
  /** Jar path in the Docker build context (application kinds), copied into /opt/flink/usrlib. */
  readonly jarPath: string;
  /** Main class; omitted means Flink reads the jar's manifest. */
  readonly entryClass?: string;
  readonly upgradeMode: UpgradeMode;
}

export interface SessionJobOptions {
  /** The session FlinkDeployment the job runs on. */
  readonly deploymentName: string;
  /** Remote jar (https by default in the operator). */
  readonly jarURI: string;
  readonly entryClass?: string;
  readonly parallelism: number;
  readonly upgradeMode: UpgradeMode;
}

export interface ScaffoldOptions {
  readonly kind: ClusterKind;
  readonly flinkVersion: FlinkVersion;
  /** Standalone kinds only: which Flink config file the ConfigMap carries. */
  readonly configFile: ConfigFileName;
  readonly name: string;
  readonly namespace: string;
  /** The Flink base image (FROM of the Dockerfile for application kinds). */
  readonly image: string;
  /** Application kinds: the image built from the generated Dockerfile, used by the pods. */
  readonly jobImage: string;
  readonly taskManagers: number;
  readonly slots: number;
  readonly jobManagerMemoryMiB: number;
  readonly taskManagerMemoryMiB: number;
  readonly jobManagerCpu: number;
  readonly taskManagerCpu: number;
  /** Kubernetes HA: the file system URI where JobManager metadata is kept. */
  readonly haStorageDir?: string;
  readonly checkpointDir?: string;
  readonly savepointDir?: string;
  /** RocksDB state backend; its working directory on a volume when given. */
  readonly rocksdb: boolean;
  readonly stateVolume?: StateVolume;
  /** Connector credentials: env var names, each read from the Secret `<name>-credentials` with `secretKeyRef`. */
  readonly credentials?: readonly string[];
  readonly job: JobOptions;
  readonly sessionJob: SessionJobOptions;
}

export interface ScaffoldFile {
  /** Relative to the target folder. */
  readonly path: string;
  readonly text: string;
}

export function isApplication(kind: ClusterKind): boolean {
  return kind === 'standalone-application' || kind === 'operator-application';
}

export function isOperator(kind: ClusterKind): boolean {
  return kind.startsWith('operator-');
}

/** Defaults the quick pick prefills; everything optional is off. */
export function defaultOptions(
  kind: ClusterKind,
  flinkVersion: FlinkVersion,
  name = 'flink',
  registry = '',
): ScaffoldOptions {
  return {
    kind,
    flinkVersion,
    configFile: configFilesFor(flinkVersion)[0],
    name,
    namespace: 'default',
    image: defaultFlinkImage(flinkVersion, registry),
    jobImage: `${name}-job:1.0`,
    taskManagers: 2,
    slots: 2,
    jobManagerMemoryMiB: 1600,
    taskManagerMemoryMiB: 1728,
    jobManagerCpu: 1,
    taskManagerCpu: 1,
    rocksdb: false,
    job: { jarPath: `target/${name}.jar`, upgradeMode: 'stateless' },
    sessionJob: {
      deploymentName: `${name}-session`,
      jarURI: `https://artifacts.example.com/jobs/${name}.jar`,
      parallelism: 2,
      upgradeMode: 'stateless',
    },
  };
}

/** Upgrade modes that can work with the given dirs (the operator rejects the others). */
export function offeredUpgradeModes(
  o: Pick<ScaffoldOptions, 'checkpointDir' | 'savepointDir' | 'haStorageDir'>,
): UpgradeMode[] {
  const modes: UpgradeMode[] = ['stateless'];
  // last-state restores from HA metadata or the latest checkpoint: needs checkpoints and HA.
  if (o.checkpointDir && o.haStorageDir) modes.push('last-state');
  if (o.checkpointDir && o.savepointDir) modes.push('savepoint');
  return modes;
}

// ---- input checks, shared by the quick pick and `checkOptions` ----

/** Kubernetes DNS-1123 label (Service and namespace names). */
export function checkDnsLabel(value: string, what = 'Name'): string | undefined {
  if (!value) return `${what} is required.`;
  if (value.length > 63) return `${what} must be at most 63 characters.`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    return `${what} must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit.`;
  }
  return undefined;
}

/**
 * Cluster name: it prefixes Service names (`<name>-jobmanager` must stay a DNS-1035 label) and is the
 * `kubernetes.cluster-id` / operator resource name (at most 45 characters, starting with a letter).
 */
export function checkClusterName(value: string): string | undefined {
  const dns = checkDnsLabel(value);
  if (dns) return dns;
  if (!/^[a-z]/.test(value)) return 'Name must start with a letter (it is used in Service names).';
  if (value.length > 45) return 'Name must be at most 45 characters (Flink cluster-id limit).';
  return undefined;
}

/** A file system URI Flink can use: scheme, no spaces, no '#' (a comment in flink-conf.yaml). */
export function checkDirUri(value: string): string | undefined {
  if (!value) return 'A URI is required, e.g. s3://my-bucket/flink/checkpoints.';
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s#'"\\]+$/.test(value)) {
    return 'Use a URI with a scheme and no spaces or #, e.g. s3://my-bucket/flink/checkpoints, gs://my-bucket/flink/ha or file:///flink-data/ha.';
  }
  return undefined;
}

/**
 * The official `flink` image (Docker Hub or a mirror: the repository's last path segment, whatever
 * the tag or digest). It has no Hadoop and ships the file system plugins disabled.
 */
export function isOfficialFlinkImage(image: string): boolean {
  const repo = image.split('@')[0]?.replace(/:[^/]*$/, '') ?? '';
  return repo.slice(repo.lastIndexOf('/') + 1).toLowerCase() === 'flink';
}

/**
 * A dir the cluster's image can open: hdfs:// needs the Hadoop client, which the official image
 * lacks (Flink then fails with "Hadoop is not in the classpath/dependencies"). `what` names the dir.
 */
export function checkDirForImage(value: string, image: string, what: string): string | undefined {
  if (!/^hdfs:\/\//i.test(value) || !isOfficialFlinkImage(image)) return undefined;
  return `${what} is on hdfs://, but ${image} is the official Flink image, which has no Hadoop: Flink could not open it. Use s3://, gs://, abfs:// or oss:// (the scaffold enables the plugin), or file:// on a volume every JobManager and TaskManager mounts; or go back and enter a custom image that has the Hadoop client and sets HADOOP_CLASSPATH.`;
}

/** Image reference: no spaces or quotes. */
export function checkImage(value: string): string | undefined {
  if (!value) return 'An image is required.';
  if (!/^[a-z0-9][a-zA-Z0-9._\-/:@]*$/.test(value))
    return 'Use an image reference such as flink:1.20-scala_2.12-java17 or registry.example.com/team/job:1.0.';
  return undefined;
}

export function checkCount(value: number, what: string, max = 1000): string | undefined {
  if (!Number.isInteger(value) || value < 1) return `${what} must be a whole number of at least 1.`;
  if (value > max) return `${what} must be at most ${max}.`;
  return undefined;
}

export function checkCpu(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0 || value > 256)
    return 'CPU must be a number of cores above 0, e.g. 1 or 0.5.';
  if (Math.abs(Math.round(value * 1000) - value * 1000) > 1e-6) return 'CPU has at most three decimals (millicores).';
  return undefined;
}

/** Absolute path on the node for a hostPath volume. */
export function checkHostPath(value: string): string | undefined {
  if (!/^\/[^\s#'"\\]*$/.test(value))
    return 'Use an absolute path on the node without spaces, e.g. /mnt/flink/rocksdb.';
  return undefined;
}

export function checkQuantity(value: string): string | undefined {
  if (!/^[1-9]\d*(Mi|Gi|Ti)$/.test(value)) return 'Use a size such as 10Gi or 500Mi.';
  return undefined;
}

/** Environment variable names for connector credentials; also used as the Secret's keys. */
export function checkEnvName(value: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(value))
    return `"${value}" is not an environment variable name (upper-case letters, digits, '_').`;
  return undefined;
}

export function checkJarPath(value: string): string | undefined {
  if (!/^[\w./-]+\.jar$/.test(value) || value.startsWith('/') || value.split('/').includes('..')) {
    return 'Use a relative path to a .jar inside the Docker build context, e.g. target/my-job.jar.';
  }
  return undefined;
}

export function checkJarUri(value: string): string | undefined {
  if (!/^(https?|local|s3|s3a|gs|abfss?|hdfs|file):\/\/[^\s'"\\]+\.jar$/.test(value)) {
    return 'Use a jar URI such as https://repo.example.com/my-job.jar or local:///opt/flink/usrlib/my-job.jar.';
  }
  return undefined;
}

export function checkClassName(value: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(value))
    return 'Use a fully qualified Java class name, e.g. com.example.MyJob.';
  return undefined;
}

export const DIRS_NAMED = [
  ['haStorageDir', 'The HA storage dir'],
  ['checkpointDir', 'The checkpoint dir'],
  ['savepointDir', 'The savepoint dir'],
] as const;

/** All problems with a complete option set (empty when it can be generated). */
export function checkOptions(o: ScaffoldOptions): string[] {
  const problems: (string | undefined)[] = [];
  problems.push(checkClusterName(o.name), checkDnsLabel(o.namespace, 'Namespace'));
  if (o.kind === 'operator-session-job') {
    const j = o.sessionJob;
    problems.push(
      checkClusterName(j.deploymentName),
      checkJarUri(j.jarURI),
      checkCount(j.parallelism, 'Parallelism', 10000),
    );
    if (j.entryClass) problems.push(checkClassName(j.entryClass));
    if (!offeredUpgradeModes(o).includes(j.upgradeMode))
      problems.push(
        `Upgrade mode ${j.upgradeMode} needs a checkpoint dir${j.upgradeMode === 'savepoint' ? ' and a savepoint dir' : ' and HA'}.`,
      );
  } else {
    if (!configFilesFor(o.flinkVersion).includes(o.configFile))
      problems.push(`Flink ${o.flinkVersion} does not read ${o.configFile}.`);
    problems.push(
      checkImage(o.image),
      checkCount(o.taskManagers, 'TaskManager count', 500),
      checkCount(o.slots, 'Slots per TaskManager', 256),
    );
    problems.push(
      checkProcessMemory(o.jobManagerMemoryMiB, 'jobmanager'),
      checkProcessMemory(o.taskManagerMemoryMiB, 'taskmanager'),
    );
    problems.push(checkCpu(o.jobManagerCpu), checkCpu(o.taskManagerCpu));
    if (o.haStorageDir !== undefined) problems.push(checkDirUri(o.haStorageDir));
    if (o.stateVolume && !o.rocksdb) problems.push('A state volume is only used with the RocksDB state backend.');
    if (o.stateVolume?.type === 'hostPath') problems.push(checkHostPath(o.stateVolume.path));
    if (o.stateVolume?.type === 'pvc') {
      problems.push(checkQuantity(o.stateVolume.size));
      if (o.stateVolume.storageClassName) problems.push(checkDnsLabel(o.stateVolume.storageClassName, 'Storage class'));
    }
    for (const c of o.credentials ?? []) problems.push(checkEnvName(c));
    if (o.credentials && new Set(o.credentials).size !== o.credentials.length)
      problems.push('Credential names must be unique.');
    if (isApplication(o.kind)) {
      problems.push(checkImage(o.jobImage), checkJarPath(o.job.jarPath));
      if (o.job.entryClass) problems.push(checkClassName(o.job.entryClass));
      if (!offeredUpgradeModes(o).includes(o.job.upgradeMode))
        problems.push(
          `Upgrade mode ${o.job.upgradeMode} needs a checkpoint dir${o.job.upgradeMode === 'savepoint' ? ' and a savepoint dir' : ' and HA'}.`,
        );
    }
  }
  if (o.checkpointDir !== undefined) problems.push(checkDirUri(o.checkpointDir));
  if (o.savepointDir !== undefined) {
    problems.push(checkDirUri(o.savepointDir));
    if (o.checkpointDir === undefined) problems.push('A savepoint dir is offered together with a checkpoint dir.');
  }
  // A session job runs on a deployment whose image the scaffold does not know.
  if (o.kind !== 'operator-session-job')
    for (const [dir, what] of DIRS_NAMED)
      if (o[dir] !== undefined) problems.push(checkDirForImage(o[dir], o.image, what));
  return problems.filter((p): p is string => p !== undefined);
}
