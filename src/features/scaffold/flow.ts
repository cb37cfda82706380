// The "New Flink Cluster Manifests..." questions as a list of steps over a draft (draft.ts). Back returns to
// the previous step that applies, keeping the answers. No vscode import: tests drive it with a scripted prompter.
import {
  checkClusterName,
  checkCount,
  checkDirUri,
  checkDnsLabel,
  checkEnvName,
  checkHostPath,
  checkImage,
  checkJarPath,
  checkJarUri,
  checkClassName,
  checkDirForImage,
  checkProcessMemory,
  checkQuantity,
  configFilesFor,
  defaultFlinkImage,
  isApplication,
  isOperator,
  offeredUpgradeModes,
  parseMemoryMiB,
  FLINK_VERSIONS,
  type ClusterKind,
  type ConfigFileName,
  type ScaffoldOptions,
  type UpgradeMode,
} from '../../core/scaffold';
import {
  checkpointsOn,
  cluster,
  credentialNames,
  defaults,
  has,
  initialDraft,
  sessionJob,
  toOptions,
  type Draft,
  type Feature,
  type FlowSettings,
  type VolumeChoice,
} from './draft';
import { BACK, type Back, type PickItem, type Prompter, type StepInfo } from './prompter';

export { initialDraft, toOptions, type Draft, type FlowSettings } from './draft';

type Outcome = 'next' | Back | undefined;
interface Step {
  readonly applies: (d: Draft) => boolean;
  readonly run: (d: Draft, info: StepInfo, p: Prompter, s: FlowSettings) => Promise<Outcome>;
}

/** A dir URI, and one the cluster's image can open (no hdfs:// on the official image). */
function checkDir(what: string) {
  return (v: string, d: Draft, s: FlowSettings): string | undefined =>
    checkDirUri(v.trim()) ??
    (cluster(d) ? checkDirForImage(v.trim(), d.image ?? defaults(d, s).image, what) : undefined);
}

const KIND_ITEMS: PickItem<ClusterKind>[] = [
  {
    label: 'Standalone session cluster',
    description: 'ConfigMap, JobManager and TaskManager Deployments, Services',
    detail: 'Submit any number of jobs through the REST API or Web UI.',
    value: 'standalone-session',
  },
  {
    label: 'Standalone application cluster',
    description: 'JobManager Job, TaskManager Deployment, Dockerfile',
    detail: 'One job baked into the image; the cluster lives as long as the job.',
    value: 'standalone-application',
  },
  {
    label: 'Operator: FlinkDeployment, session mode',
    description: 'Flink Kubernetes Operator',
    detail: 'A session cluster the operator manages; jobs come as FlinkSessionJob.',
    value: 'operator-session',
  },
  {
    label: 'Operator: FlinkDeployment, application mode',
    description: 'Flink Kubernetes Operator, Dockerfile',
    detail: 'One job baked into the image, upgraded by the operator.',
    value: 'operator-application',
  },
  {
    label: 'Operator: FlinkSessionJob',
    description: 'Flink Kubernetes Operator',
    detail: 'A job for an existing session FlinkDeployment.',
    value: 'operator-session-job',
  },
];

/** An input step that stores a validated string. */
function text(
  applies: (d: Draft) => boolean,
  prompt: string,
  get: (d: Draft, s: FlowSettings) => string,
  set: (d: Draft, v: string, s: FlowSettings) => void,
  validate: (v: string, d: Draft, s: FlowSettings) => string | undefined,
  placeholder?: string,
): Step {
  return {
    applies,
    run: async (d, info, p, s) => {
      const v = await p.input({ ...info, prompt, value: get(d, s), placeholder, validate: (x) => validate(x, d, s) });
      if (v === undefined || v === BACK) return v;
      set(d, v.trim(), s);
      return 'next';
    },
  };
}

function count(
  applies: (d: Draft) => boolean,
  prompt: string,
  key: 'taskManagers' | 'slots' | 'parallelism',
  max: number,
): Step {
  return text(
    applies,
    prompt,
    (d) => String(d[key]),
    (d, v) => {
      d[key] = Number(v);
    },
    (v) =>
      /^\d+$/.test(v.trim()) ? checkCount(Number(v), prompt.replace(/ \(.*$/, ''), max) : 'Enter a whole number.',
  );
}

function memory(
  applies: (d: Draft) => boolean,
  prompt: string,
  key: 'jobManagerMemory' | 'taskManagerMemory',
  role: 'jobmanager' | 'taskmanager',
): Step {
  return text(
    applies,
    prompt,
    (d) => d[key],
    (d, v) => {
      d[key] = v;
    },
    (v) => {
      const mib = parseMemoryMiB(v);
      return mib === undefined ? 'Enter a size such as 1600m or 2g (m = MiB).' : checkProcessMemory(mib, role);
    },
  );
}

/** An input whose default derives from earlier answers: an unchanged default is stored as "default". */
function derived(
  applies: (d: Draft) => boolean,
  prompt: string,
  key: 'image' | 'jobImage' | 'jarPath' | 'deploymentName' | 'jarURI',
  validate: (v: string) => string | undefined,
): Step {
  return text(
    applies,
    prompt,
    (d, s) => d[key] ?? defaults(d, s)[key],
    (d, v, s) => {
      d[key] = v === defaults(d, s)[key] ? undefined : v;
    },
    validate,
  );
}

export const STEPS: readonly Step[] = [
  {
    applies: () => true,
    run: async (d, info, p) => {
      const v = await p.pick({ ...info, placeholder: 'What to create', items: KIND_ITEMS, active: d.kind });
      if (v === undefined || v === BACK) return v;
      d.kind = v;
      return 'next';
    },
  },
  {
    // Session jobs too: the version picks the checkpoint key names (renamed in 1.20).
    applies: () => true,
    run: async (d, info, p, s) => {
      const items = [...FLINK_VERSIONS].reverse().map((v) => ({
        label: `Flink ${v}`,
        description: `${defaultFlinkImage(v, s.flinkImageRegistry)}${v === s.defaultFlinkVersion ? ' (default)' : ''}`,
        detail:
          configFilesFor(v).length > 1 ? 'config.yaml or legacy flink-conf.yaml' : `reads ${configFilesFor(v)[0]}`,
        value: v,
      }));
      const placeholder = sessionJob(d) ? 'Flink version of the session cluster' : 'Flink version';
      const v = await p.pick({ ...info, placeholder, items, active: d.version });
      if (v === undefined || v === BACK) return v;
      d.version = v;
      return 'next';
    },
  },
  {
    applies: (d) => cluster(d) && !isOperator(d.kind) && configFilesFor(d.version).length > 1,
    run: async (d, info, p) => {
      const items: PickItem<ConfigFileName>[] = [
        { label: 'config.yaml', description: 'standard YAML 1.2, the only file Flink 2.x reads', value: 'config.yaml' },
        {
          label: 'flink-conf.yaml',
          description: 'legacy flat format; wins over config.yaml in 1.19/1.20',
          value: 'flink-conf.yaml',
        },
      ];
      const v = await p.pick({
        ...info,
        placeholder: `Configuration file for Flink ${d.version}`,
        items,
        active: d.configFile ?? 'config.yaml',
      });
      if (v === undefined || v === BACK) return v;
      d.configFile = v;
      return 'next';
    },
  },
  text(
    () => true,
    'Name (prefixes every object; the cluster id)',
    (d) => d.name,
    (d, v) => {
      d.name = v;
    },
    (v) => checkClusterName(v.trim()),
  ),
  text(
    () => true,
    'Namespace',
    (d) => d.namespace,
    (d, v) => {
      d.namespace = v;
    },
    (v) => checkDnsLabel(v.trim(), 'Namespace'),
  ),
  derived(cluster, 'Flink image (official image for the version)', 'image', (v) => checkImage(v.trim())),
  derived(
    (d) => isApplication(d.kind),
    'Job image: built from the generated Dockerfile and used by the pods',
    'jobImage',
    (v) => checkImage(v.trim()),
  ),
  derived(
    (d) => isApplication(d.kind),
    'Job jar in the Docker build context (copied to /opt/flink/usrlib)',
    'jarPath',
    (v) => checkJarPath(v.trim()),
  ),
  derived(sessionJob, 'Session FlinkDeployment to run the job on', 'deploymentName', (v) => checkClusterName(v.trim())),
  derived(sessionJob, 'Job jar URI (the operator downloads it; https by default)', 'jarURI', (v) =>
    checkJarUri(v.trim()),
  ),
  text(
    (d) => isApplication(d.kind) || sessionJob(d),
    'Entry class (empty: the Main-Class of the jar manifest)',
    (d) => d.entryClass,
    (d, v) => {
      d.entryClass = v;
    },
    (v) => (v.trim() ? checkClassName(v.trim()) : undefined),
    'com.example.StreamingJob',
  ),
  count(sessionJob, 'Job parallelism (needs that many free slots)', 'parallelism', 10000),
  count((d) => cluster(d) && d.kind !== 'operator-session', 'Number of TaskManagers', 'taskManagers', 500),
  count(cluster, 'Task slots per TaskManager', 'slots', 256),
  memory(
    cluster,
    'JobManager process memory (jobmanager.memory.process.size; container limit follows)',
    'jobManagerMemory',
    'jobmanager',
  ),
  memory(
    cluster,
    'TaskManager process memory (taskmanager.memory.process.size; container limit follows)',
    'taskManagerMemory',
    'taskmanager',
  ),
  {
    applies: () => true,
    run: async (d, info, p) => {
      const items: PickItem<Feature>[] = [
        ...(cluster(d)
          ? [
              {
                label: 'High availability',
                description: 'Kubernetes HA: storage dir, service account and RBAC',
                value: 'ha' as const,
              },
            ]
          : []),
        { label: 'Checkpoints', description: 'checkpoint dir and interval', value: 'checkpoints' },
        { label: 'Savepoints', description: 'savepoint dir (with checkpoints)', value: 'savepoints' },
        ...(cluster(d)
          ? [
              {
                label: 'RocksDB state backend',
                description: 'optionally on a hostPath or per-TaskManager PVC',
                value: 'rocksdb' as const,
              },
              {
                label: 'Connector credentials',
                description: 'a Secret read through secretKeyRef env vars',
                value: 'credentials' as const,
              },
            ]
          : []),
      ];
      const v = await p.pickMany({
        ...info,
        placeholder: 'Options (Space to toggle, Enter to continue; none is fine)',
        items,
        selected: d.features,
      });
      if (v === undefined || v === BACK) return v;
      d.features = v;
      return 'next';
    },
  },
  text(
    (d) => cluster(d) && has(d, 'ha'),
    'HA storage dir (durable file system for JobManager metadata)',
    (d) => d.haStorageDir,
    (d, v) => {
      d.haStorageDir = v;
    },
    checkDir('The HA storage dir'),
  ),
  text(
    checkpointsOn,
    'Checkpoint dir',
    (d) => d.checkpointDir,
    (d, v) => {
      d.checkpointDir = v;
    },
    checkDir('The checkpoint dir'),
  ),
  text(
    (d) => has(d, 'savepoints'),
    'Savepoint dir',
    (d) => d.savepointDir,
    (d, v) => {
      d.savepointDir = v;
    },
    checkDir('The savepoint dir'),
  ),
  {
    applies: (d) => cluster(d) && has(d, 'rocksdb'),
    run: async (d, info, p) => {
      const items: PickItem<VolumeChoice>[] = [
        { label: 'Container disk', description: "RocksDB in the pod's own filesystem", value: 'none' },
        {
          label: 'PersistentVolumeClaim per TaskManager',
          description: 'generic ephemeral volume, deleted with the pod',
          value: 'pvc',
        },
        { label: 'hostPath', description: "node's disk; tied to the node, needs permissions", value: 'hostPath' },
      ];
      const v = await p.pick({
        ...info,
        placeholder: 'Where RocksDB keeps its working files',
        items,
        active: d.volume,
      });
      if (v === undefined || v === BACK) return v;
      d.volume = v;
      return 'next';
    },
  },
  text(
    (d) => cluster(d) && has(d, 'rocksdb') && d.volume === 'hostPath',
    'hostPath directory on the node',
    (d) => d.hostPath,
    (d, v) => {
      d.hostPath = v;
    },
    (v) => checkHostPath(v.trim()),
  ),
  text(
    (d) => cluster(d) && has(d, 'rocksdb') && d.volume === 'pvc',
    'Volume size per TaskManager',
    (d) => d.pvcSize,
    (d, v) => {
      d.pvcSize = v;
    },
    (v) => checkQuantity(v.trim()),
  ),
  text(
    (d) => cluster(d) && has(d, 'credentials'),
    'Credential env var names (comma separated; values go in a Secret)',
    (d) => d.credentials,
    (d, v) => {
      d.credentials = v;
    },
    (v) => {
      const names = credentialNames(v);
      if (!names.length) return 'Enter at least one name, e.g. KAFKA_PASSWORD.';
      if (new Set(names).size !== names.length) return 'Names must be unique.';
      return names.map((n) => checkEnvName(n)).find((m) => m);
    },
  ),
  {
    applies: (d) => isApplication(d.kind) || sessionJob(d),
    run: async (d, info, p, s) => {
      const o = toOptions(d, s);
      const modes = offeredUpgradeModes(o);
      if (modes.length === 1) {
        d.upgradeMode = 'stateless';
        return 'next';
      }
      const describe: Record<UpgradeMode, string> = {
        stateless: 'upgrades start with empty state',
        'last-state': 'restart from the latest checkpoint (needs HA)',
        savepoint: 'stop with a savepoint and restore from it',
      };
      const items = modes.map((m) => ({ label: m, description: describe[m], value: m }));
      const v = await p.pick({
        ...info,
        placeholder: 'Upgrade mode (how the operator upgrades the job)',
        items,
        active: d.upgradeMode,
      });
      if (v === undefined || v === BACK) return v;
      d.upgradeMode = v;
      return 'next';
    },
  },
];

/** Runs the steps; resolves to the options, or undefined when the user cancelled. */
export async function runScaffoldFlow(
  p: Prompter,
  s: FlowSettings,
  draft: Draft = initialDraft(s),
): Promise<ScaffoldOptions | undefined> {
  const title = 'New Flink Cluster Manifests';
  const history: number[] = [];
  let i = 0;
  while (i < STEPS.length) {
    const step = STEPS[i];
    if (!step?.applies(draft)) {
      i++;
      continue;
    }
    const applicable = STEPS.filter((st) => st.applies(draft)).length;
    const outcome = await step.run(
      draft,
      { title, step: history.length + 1, totalSteps: Math.max(applicable, history.length + 1) },
      p,
      s,
    );
    if (outcome === undefined) return undefined;
    if (outcome === BACK) {
      const prev = history.pop();
      if (prev !== undefined) i = prev;
      continue;
    }
    history.push(i);
    i++;
  }
  return toOptions(draft, s);
}
