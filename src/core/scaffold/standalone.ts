// Standalone Kubernetes clusters as in the Flink docs (docs/reference/flink.md §2.3-2.5): ConfigMap, JobManager
// Deployment (session) or Job (application), TaskManager Deployment, JobManager and REST Services.
import { dirSchemes, names, PORTS, renderConfigText, standaloneConfig } from './flinkConfig';
import { log4jConsoleProperties } from './log4j';
import { kubeMemory } from './memory';
import { isApplication, type ScaffoldOptions } from './options';
import { credentialEnv, FLINK_UID, haRbacDocs, labels, metadata, stateVolumeParts } from './parts';
import type { CommentPath, YamlDoc } from './render';
import { sessionPluginParts } from './fs-plugins';

const CONFIG_VOLUME = 'flink-config-volume';

function configMapDoc(o: ScaffoldOptions): YamlDoc {
  const schemes = dirSchemes(o).filter((s) => s !== 'file' && s !== 'hdfs');
  const header = [
    `Flink ${o.flinkVersion} reads ${o.configFile}${o.configFile === 'config.yaml' ? ' (YAML 1.2: duplicate keys are an error)' : ''}.`,
    ...(schemes.length
      ? [
          `The ${schemes.join(', ')} file system is a plugin: enable it in the image (plugins/ dir or ENABLE_BUILT_IN_PLUGINS).`,
        ]
      : []),
  ].join('\n');
  return {
    header: 'Flink configuration and logging, mounted over /opt/flink/conf in every Flink pod.',
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(o, names(o).config),
      data: {
        [o.configFile]: renderConfigText(standaloneConfig(o), header),
        'log4j-console.properties': log4jConsoleProperties(o.flinkVersion),
      },
    },
  };
}

function configVolume(o: ScaffoldOptions): object {
  return {
    name: CONFIG_VOLUME,
    configMap: {
      name: names(o).config,
      items: [
        { key: o.configFile, path: o.configFile },
        { key: 'log4j-console.properties', path: 'log4j-console.properties' },
      ],
    },
  };
}

function resources(memoryMiB: number, cpu: number): object {
  // Request = limit = process size: Flink sizes the JVM to exactly this, and a lower limit gets the pod OOMKilled.
  return { requests: { cpu: String(cpu), memory: kubeMemory(memoryMiB) }, limits: { memory: kubeMemory(memoryMiB) } };
}

const memoryComment = (role: 'jobmanager' | 'taskmanager') =>
  `Memory limit = ${role}.memory.process.size in the ConfigMap (Flink m = MiB = Kubernetes Mi). Flink\n` +
  'budgets native memory (RocksDB, JVM overhead) inside that size but cannot cap it: change both together.';

const podIpEnv = { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } };

interface PodParts {
  readonly spec: object;
  /** Comments relative to the pod spec. */
  readonly comments: [CommentPath, string][];
}

function jobManagerPod(o: ScaffoldOptions): PodParts {
  const ha = !!o.haStorageDir;
  const plugins = sessionPluginParts(o);
  const app = isApplication(o.kind);
  const args = app
    ? [
        'standalone-job',
        ...(ha ? ['--host', '$(POD_IP)'] : []),
        ...(o.job.entryClass ? ['--job-classname', o.job.entryClass] : []),
      ]
    : ['jobmanager', ...(ha ? ['$(POD_IP)'] : [])];
  const env = [...(ha ? [podIpEnv] : []), ...credentialEnv(o)];
  const container = {
    name: 'jobmanager',
    image: app ? o.jobImage : o.image,
    args,
    ...(env.length ? { env } : {}),
    ports: [
      { containerPort: PORTS.rpc, name: 'rpc' },
      { containerPort: PORTS.blob, name: 'blob-server' },
      { containerPort: PORTS.rest, name: 'webui' },
    ],
    livenessProbe: { tcpSocket: { port: PORTS.rpc }, initialDelaySeconds: 30, periodSeconds: 60 },
    resources: resources(o.jobManagerMemoryMiB, o.jobManagerCpu),
    volumeMounts: [{ name: CONFIG_VOLUME, mountPath: '/opt/flink/conf' }, ...(plugins?.mounts ?? [])],
    securityContext: { runAsUser: FLINK_UID },
  };
  const comments: [CommentPath, string][] = [[['containers', 0, 'resources'], memoryComment('jobmanager')]];
  if (plugins) comments.push([['initContainers'], plugins.comment]);
  if (ha)
    comments.push([
      ['containers', 0, 'args'],
      app
        ? 'HA: the JobManager advertises its pod IP; TaskManagers find the leader through the HA ConfigMaps.'
        : 'HA: advertise the pod IP instead of the Service name, as the Flink docs require.',
    ]);
  else if (app && !o.job.entryClass)
    comments.push([
      ['containers', 0, 'args'],
      'No --job-classname: Flink runs the Main-Class of the jar in /opt/flink/usrlib.',
    ]);
  if (o.credentials?.length)
    comments.push([
      ['containers', 0, 'env'],
      `Connector credentials come from the Secret ${names(o).secret} (see its file); the job reads them with System.getenv.`,
    ]);
  const spec = {
    ...(app ? { restartPolicy: 'OnFailure' } : {}),
    ...(ha ? { serviceAccountName: names(o).serviceAccount } : {}),
    ...(plugins ? { initContainers: [plugins.initContainer] } : {}),
    containers: [container],
    volumes: [configVolume(o), ...(plugins?.volumes ?? [])],
  };
  return { spec, comments };
}

function taskManagerPod(o: ScaffoldOptions): PodParts {
  const image = isApplication(o.kind) ? o.jobImage : o.image;
  const state = stateVolumeParts(o, image);
  const plugins = sessionPluginParts(o);
  const env = credentialEnv(o);
  const container = {
    name: 'taskmanager',
    image,
    args: ['taskmanager'],
    ...(env.length ? { env } : {}),
    ports: [{ containerPort: PORTS.taskmanagerRpc, name: 'rpc' }],
    livenessProbe: { tcpSocket: { port: PORTS.taskmanagerRpc }, initialDelaySeconds: 30, periodSeconds: 60 },
    resources: resources(o.taskManagerMemoryMiB, o.taskManagerCpu),
    volumeMounts: [
      { name: CONFIG_VOLUME, mountPath: '/opt/flink/conf' },
      ...(state ? [state.mount] : []),
      ...(plugins?.mounts ?? []),
    ],
    securityContext: { runAsUser: FLINK_UID },
  };
  const spec = {
    ...(o.haStorageDir ? { serviceAccountName: names(o).serviceAccount } : {}),
    // fsGroup makes a PVC writable for the flink user (it has no effect on hostPath).
    ...(state ? { securityContext: { fsGroup: FLINK_UID } } : {}),
    ...(state?.initContainer || plugins
      ? {
          initContainers: [
            ...(state?.initContainer ? [state.initContainer] : []),
            ...(plugins ? [plugins.initContainer] : []),
          ],
        }
      : {}),
    containers: [container],
    volumes: [configVolume(o), ...(state ? [state.volume] : []), ...(plugins?.volumes ?? [])],
  };
  const comments: [CommentPath, string][] = [[['containers', 0, 'resources'], memoryComment('taskmanager')]];
  if (plugins) comments.push([['initContainers'], plugins.comment]);
  if (state) comments.push([['volumes', 1], state.comment]);
  if (o.haStorageDir)
    comments.push([
      ['serviceAccountName'],
      'TaskManagers watch the HA leader ConfigMaps, so they need the HA service account too.',
    ]);
  return { spec, comments };
}

function prefixed(prefix: CommentPath, cs: [CommentPath, string][]): [CommentPath, string][] {
  return cs.map(([p, t]) => [[...prefix, ...p], t]);
}

function jobManagerDoc(o: ScaffoldOptions): YamlDoc {
  const n = names(o);
  const pod = jobManagerPod(o);
  const podLabels = labels(o, 'jobmanager');
  if (isApplication(o.kind)) {
    return {
      header:
        'Application mode: the JobManager runs the job baked into the image (see Dockerfile) as a Kubernetes Job;\nthe cluster lives as long as the job.',
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: metadata(o, n.jobmanager, 'jobmanager'),
        spec: { parallelism: 1, template: { metadata: { labels: podLabels }, spec: pod.spec } },
      },
      comments: prefixed(['spec', 'template', 'spec'], pod.comments),
    };
  }
  return {
    header: 'Session mode JobManager: accepts job submissions through the REST API and Web UI.',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(o, n.jobmanager, 'jobmanager'),
      spec: {
        replicas: 1,
        selector: { matchLabels: podLabels },
        template: { metadata: { labels: podLabels }, spec: pod.spec },
      },
    },
    comments: prefixed(['spec', 'template', 'spec'], pod.comments),
  };
}

function taskManagerDoc(o: ScaffoldOptions): YamlDoc {
  const pod = taskManagerPod(o);
  const podLabels = labels(o, 'taskmanager');
  return {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(o, names(o).taskmanager, 'taskmanager'),
      spec: {
        replicas: o.taskManagers,
        selector: { matchLabels: podLabels },
        template: { metadata: { labels: podLabels }, spec: pod.spec },
      },
    },
    comments: [
      [
        ['spec', 'replicas'],
        `TaskManagers x slots (${o.taskManagers} x ${o.slots}) = ${o.taskManagers * o.slots} = parallelism.default.`,
      ],
      ...prefixed(['spec', 'template', 'spec'], pod.comments),
    ],
  };
}

function serviceDocs(o: ScaffoldOptions): YamlDoc[] {
  const n = names(o);
  const selector = labels(o, 'jobmanager');
  return [
    {
      header:
        'JobManager Service: jobmanager.rpc.address points here (rpc and blob for TaskManagers, webui for clients).',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: metadata(o, n.jobmanager, 'jobmanager'),
        spec: {
          type: 'ClusterIP',
          ports: [
            { name: 'rpc', port: PORTS.rpc, targetPort: PORTS.rpc },
            { name: 'blob-server', port: PORTS.blob, targetPort: PORTS.blob },
            { name: 'webui', port: PORTS.rest, targetPort: PORTS.rest },
          ],
          selector,
        },
      },
    },
    {
      header:
        `REST endpoint and Web UI: kubectl -n ${o.namespace} port-forward service/${n.rest} ${PORTS.rest}\n` +
        'Exposing it (NodePort, LoadBalancer) lets anyone who reaches it run code on the cluster.',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: metadata(o, n.rest, 'jobmanager'),
        spec: { type: 'ClusterIP', ports: [{ name: 'rest', port: PORTS.rest, targetPort: PORTS.rest }], selector },
      },
    },
  ];
}

export function standaloneDocs(o: ScaffoldOptions): YamlDoc[] {
  return [
    ...(o.haStorageDir ? haRbacDocs(o) : []),
    configMapDoc(o),
    ...serviceDocs(o),
    jobManagerDoc(o),
    taskManagerDoc(o),
  ];
}
