// Flink Kubernetes Operator resources (docs/reference/flink.md §3): FlinkDeployment (session or application)
// and FlinkSessionJob.
import { names, operatorConfig, sessionJobConfig, type ConfigEntry } from './flinkConfig';
import { flinkMemory } from './memory';
import { isApplication, type ScaffoldOptions } from './options';
import { credentialEnv, jarFileName, labels, stateVolumeParts } from './parts';
import { sessionPluginParts } from './fs-plugins';
import type { CommentPath, YamlDoc } from './render';
import { operatorFlinkVersion } from './versions';

const API_VERSION = 'flink.apache.org/v1beta1';
const MAIN_CONTAINER = 'flink-main-container'; // the operator merges pod templates into this container

function configBody(entries: readonly ConfigEntry[]): {
  body: Record<string, string>;
  comments: [CommentPath, string][];
} {
  // Values as strings: operators before 1.13 declare flinkConfiguration as map<string,string>.
  const body = Object.fromEntries(entries.map((e) => [e.key, e.value]));
  const comments = entries.filter((e) => e.comment).map((e): [CommentPath, string] => [[e.key], e.comment as string]);
  return { body, comments };
}

function prefixed(prefix: CommentPath, cs: [CommentPath, string][]): [CommentPath, string][] {
  return cs.map(([p, t]) => [[...prefix, ...p], t]);
}

function flinkDeploymentDoc(o: ScaffoldOptions): YamlDoc {
  const app = isApplication(o.kind);
  const cfg = configBody(operatorConfig(o));
  const env = credentialEnv(o);
  const state = stateVolumeParts(o, app ? o.jobImage : o.image);
  const comments: [CommentPath, string][] = [
    [['spec', 'flinkVersion'], 'Must match the Flink version of the image.'],
    [
      ['spec', 'serviceAccount'],
      'Created with the RBAC Flink needs (pods, configmaps, HA) by the operator Helm chart in each watched namespace.',
    ],
    ...prefixed(['spec', 'flinkConfiguration'], cfg.comments),
    [
      ['spec', 'jobManager', 'resource'],
      'The operator writes memory into jobmanager/taskmanager.memory.process.size (Flink units: m = MiB) and\nsizes the pod memory request and limit to it, so process size and container limit always agree.',
    ],
  ];
  const spec: Record<string, unknown> = {
    image: app ? o.jobImage : o.image,
    flinkVersion: operatorFlinkVersion(o.flinkVersion),
    flinkConfiguration: cfg.body,
    serviceAccount: 'flink',
    jobManager: { replicas: 1, resource: { memory: flinkMemory(o.jobManagerMemoryMiB), cpu: o.jobManagerCpu } },
    taskManager: { resource: { memory: flinkMemory(o.taskManagerMemoryMiB), cpu: o.taskManagerCpu } },
  };
  const plugins = sessionPluginParts(o);
  if (env.length || plugins) {
    spec.podTemplate = {
      spec: {
        ...(plugins ? { initContainers: [plugins.initContainer] } : {}),
        containers: [
          {
            name: MAIN_CONTAINER,
            ...(env.length ? { env } : {}),
            ...(plugins ? { volumeMounts: plugins.mounts } : {}),
          },
        ],
        ...(plugins ? { volumes: plugins.volumes } : {}),
      },
    };
    if (env.length)
      comments.push([
        ['spec', 'podTemplate'],
        `Connector credentials from the Secret ${names(o).secret} (see its file), in JobManager and TaskManager pods.`,
      ]);
    if (plugins) comments.push([['spec', 'podTemplate', 'spec', 'initContainers'], plugins.comment]);
  }
  if (state) {
    (spec.taskManager as Record<string, unknown>).podTemplate = {
      spec: {
        securityContext: { fsGroup: 9999 },
        ...(state.initContainer ? { initContainers: [state.initContainer] } : {}),
        containers: [{ name: MAIN_CONTAINER, volumeMounts: [state.mount] }],
        volumes: [state.volume],
      },
    };
    comments.push([['spec', 'taskManager', 'podTemplate', 'spec', 'volumes', 0], state.comment]);
  }
  if (app) {
    spec.job = {
      jarURI: `local:///opt/flink/usrlib/${jarFileName(o)}`,
      ...(o.job.entryClass ? { entryClass: o.job.entryClass } : {}),
      parallelism: o.taskManagers * o.slots,
      upgradeMode: o.job.upgradeMode,
      state: 'running',
    };
    comments.push(
      [['spec', 'job', 'jarURI'], 'The jar baked into the image by the Dockerfile.'],
      [
        ['spec', 'job', 'parallelism'],
        `${o.taskManagers} TaskManagers x ${o.slots} slots: the operator starts ceil(parallelism / slots) TaskManagers.`,
      ],
      [['spec', 'job', 'upgradeMode'], upgradeComment(o.job.upgradeMode)],
    );
  } else {
    comments.push([
      ['spec', 'taskManager'],
      'Session mode: TaskManagers are started on demand for the submitted jobs (FlinkSessionJob).',
    ]);
  }
  return {
    header: app
      ? 'Application cluster managed by the Flink Kubernetes Operator: one job, baked into the image (see Dockerfile).'
      : 'Session cluster managed by the Flink Kubernetes Operator; submit jobs to it with FlinkSessionJob resources.',
    body: {
      apiVersion: API_VERSION,
      kind: 'FlinkDeployment',
      metadata: { name: o.name, namespace: o.namespace, labels: labels(o) },
      spec,
    },
    comments,
  };
}

function upgradeComment(mode: string): string {
  if (mode === 'savepoint')
    return 'savepoint: on upgrade the job stops with a savepoint into the savepoint dir and restarts from it.';
  if (mode === 'last-state')
    return 'last-state: on upgrade the job restarts from its latest checkpoint, found through the HA metadata.';
  return 'stateless: upgrades start the job with empty state. last-state/savepoint need checkpoint and savepoint dirs.';
}

function sessionJobDoc(o: ScaffoldOptions): YamlDoc {
  const j = o.sessionJob;
  const cfg = configBody(sessionJobConfig(o));
  const spec: Record<string, unknown> = {
    deploymentName: j.deploymentName,
    ...(cfg.comments.length || Object.keys(cfg.body).length ? { flinkConfiguration: cfg.body } : {}),
    job: {
      jarURI: j.jarURI,
      ...(j.entryClass ? { entryClass: j.entryClass } : {}),
      parallelism: j.parallelism,
      upgradeMode: j.upgradeMode,
      state: 'running',
    },
  };
  return {
    header: 'A job for a session FlinkDeployment managed by the Flink Kubernetes Operator.',
    body: {
      apiVersion: API_VERSION,
      kind: 'FlinkSessionJob',
      metadata: { name: o.name, namespace: o.namespace, labels: labels(o) },
      spec,
    },
    comments: [
      [['spec', 'deploymentName'], 'The session FlinkDeployment (same namespace); it cannot be changed later.'],
      [
        ['spec', 'job', 'jarURI'],
        'Fetched by the operator: https by default (kubernetes.operator.user.artifacts.allowed-schemes).',
      ],
      [['spec', 'job', 'parallelism'], 'Needs that many free slots in the session cluster.'],
      [['spec', 'job', 'upgradeMode'], upgradeComment(j.upgradeMode)],
      ...prefixed(['spec', 'flinkConfiguration'], cfg.comments),
    ],
  };
}

export function operatorDocs(o: ScaffoldOptions): YamlDoc[] {
  return o.kind === 'operator-session-job' ? [sessionJobDoc(o)] : [flinkDeploymentDoc(o)];
}
