// Keys a deployment mode ignores: the ones the Flink Kubernetes Operator sets itself from the spec (so a
// value in flinkConfiguration is overwritten), and the native-Kubernetes-only options a standalone
// cluster (ConfigMap + Deployments) never reads. Pure data; rules/ignored-keys.ts reports them.
import { asObj, get, str } from '../model/parse';

type Spec = Record<string, unknown> | undefined;

export interface OperatorSetKey {
  /** How the operator's FlinkConfigBuilder names the option (its unit test compares these with the source). */
  refs: string[];
  /** The keys, current spelling first. */
  keys: string[];
  /** What to write instead (a spec field), for the message. */
  instead: string;
  /** True when the operator sets the key for this spec: only then is the flinkConfiguration value lost. */
  when: (spec: Spec) => boolean;
  /** Already reported as an error by operator-forbidden-config-key (the validator rejects it). */
  forbidden?: true;
  /** Set for FlinkSessionJobs too (FlinkConfigBuilder.applyJobConfig, or the job submission). */
  sessionJob?: true;
}

const has = (spec: Spec, path: (string | number)[]) => {
  const v = get(spec, path);
  return v !== undefined && v !== null && v !== '';
};
/** spec.<role>.resource.<what>, or spec.<role>.resources.requests/limits.<what> (newer operators). */
const resource = (spec: Spec, role: string, what: string) =>
  has(spec, [role, 'resource', what]) ||
  has(spec, [role, 'resources', 'requests', what]) ||
  has(spec, [role, 'resources', 'limits', what]);
const bothRequestAndLimit = (spec: Spec, role: string, what: string) =>
  has(spec, [role, 'resources', 'requests', what]) && has(spec, [role, 'resources', 'limits', what]);
const standalone = (spec: Spec) => str(get(spec, ['mode'])) === 'standalone';
const startupProbe = (spec: Spec) =>
  str(get(spec, ['flinkConfiguration', 'kubernetes.operator.jm-deployment.startup.probe.enabled'])) !== 'false';
/** Resources other than cpu and memory end up in the pod template (ephemeral-storage). */
const otherResources = (spec: Spec, role: string) =>
  has(spec, [role, 'resource', 'ephemeralStorage']) ||
  ['requests', 'limits'].some((k) =>
    Object.keys(asObj(get(spec, [role, 'resources', k])) ?? {}).some((r) => r !== 'cpu' && r !== 'memory'),
  );

/**
 * What FlinkConfigBuilder.buildFrom sets after it copied spec.flinkConfiguration (set/setString, not
 * setDefaultConf, which keeps the user's value). Read from the operator source in
 * ../shared/flink-kubernetes-operator; test/unit/flinkconf-ignored-keys.test.ts fails when it changes.
 */
export const OPERATOR_SET_KEYS: OperatorSetKey[] = [
  {
    refs: ['KubernetesConfigOptions.CONTAINER_IMAGE', '"kubernetes.container.image"'],
    keys: ['kubernetes.container.image.ref', 'kubernetes.container.image'],
    instead: 'spec.image',
    when: (s) => has(s, ['image']),
  },
  {
    refs: ['KubernetesConfigOptions.CONTAINER_IMAGE_PULL_POLICY'],
    keys: ['kubernetes.container.image.pull-policy'],
    instead: 'spec.imagePullPolicy',
    when: (s) => has(s, ['imagePullPolicy']),
  },
  {
    refs: ['FLINK_VERSION'],
    keys: ['$internal.flink.version'],
    instead: 'spec.flinkVersion',
    when: () => true,
  },
  {
    refs: ['CONF_DIR'],
    keys: ['$internal.deployment.config-dir'],
    instead: 'spec.logConfiguration',
    when: (s) => has(s, ['logConfiguration']),
  },
  {
    refs: ['KubernetesConfigOptions.JOB_MANAGER_POD_TEMPLATE'],
    keys: ['kubernetes.pod-template-file.jobmanager'],
    instead: 'spec.podTemplate or spec.jobManager.podTemplate',
    // The operator's JobManager startup probe (on by default) always makes a JobManager template.
    when: (s) =>
      has(s, ['podTemplate']) ||
      has(s, ['jobManager', 'podTemplate']) ||
      otherResources(s, 'jobManager') ||
      startupProbe(s),
  },
  {
    refs: ['KubernetesConfigOptions.TASK_MANAGER_POD_TEMPLATE'],
    keys: ['kubernetes.pod-template-file.taskmanager'],
    instead: 'spec.podTemplate or spec.taskManager.podTemplate',
    when: (s) => has(s, ['podTemplate']) || has(s, ['taskManager', 'podTemplate']) || otherResources(s, 'taskManager'),
  },
  {
    refs: ['KubernetesConfigOptions.KUBERNETES_SERVICE_ACCOUNT'],
    keys: ['kubernetes.service-account'],
    instead: 'spec.serviceAccount',
    when: (s) => has(s, ['serviceAccount']),
  },
  {
    refs: ['JobManagerOptions.TOTAL_PROCESS_MEMORY'],
    keys: ['jobmanager.memory.process.size'],
    instead: 'spec.jobManager.resource.memory',
    when: (s) => resource(s, 'jobManager', 'memory'),
  },
  {
    refs: ['TaskManagerOptions.TOTAL_PROCESS_MEMORY'],
    keys: ['taskmanager.memory.process.size'],
    instead: 'spec.taskManager.resource.memory',
    when: (s) => resource(s, 'taskManager', 'memory'),
  },
  {
    refs: ['KubernetesConfigOptions.JOB_MANAGER_CPU', '"kubernetes.jobmanager.cpu"'],
    keys: ['kubernetes.jobmanager.cpu.amount', 'kubernetes.jobmanager.cpu'],
    instead: 'spec.jobManager.resource.cpu',
    when: (s) => resource(s, 'jobManager', 'cpu'),
  },
  {
    refs: ['KubernetesConfigOptions.TASK_MANAGER_CPU', '"kubernetes.taskmanager.cpu"'],
    keys: ['kubernetes.taskmanager.cpu.amount', 'kubernetes.taskmanager.cpu'],
    instead: 'spec.taskManager.resource.cpu',
    when: (s) => resource(s, 'taskManager', 'cpu'),
  },
  {
    refs: ['KubernetesConfigOptions.JOB_MANAGER_CPU_LIMIT_FACTOR'],
    keys: ['kubernetes.jobmanager.cpu.limit-factor'],
    instead: 'spec.jobManager.resources.limits.cpu',
    when: (s) => bothRequestAndLimit(s, 'jobManager', 'cpu'),
  },
  {
    refs: ['KubernetesConfigOptions.TASK_MANAGER_CPU_LIMIT_FACTOR'],
    keys: ['kubernetes.taskmanager.cpu.limit-factor'],
    instead: 'spec.taskManager.resources.limits.cpu',
    when: (s) => bothRequestAndLimit(s, 'taskManager', 'cpu'),
  },
  {
    refs: ['KubernetesConfigOptions.JOB_MANAGER_MEMORY_LIMIT_FACTOR'],
    keys: ['kubernetes.jobmanager.memory.limit-factor'],
    instead: 'spec.jobManager.resources.limits.memory',
    when: (s) => bothRequestAndLimit(s, 'jobManager', 'memory'),
  },
  {
    refs: ['KubernetesConfigOptions.TASK_MANAGER_MEMORY_LIMIT_FACTOR'],
    keys: ['kubernetes.taskmanager.memory.limit-factor'],
    instead: 'spec.taskManager.resources.limits.memory',
    when: (s) => bothRequestAndLimit(s, 'taskManager', 'memory'),
  },
  {
    refs: ['KubernetesConfigOptions.KUBERNETES_JOBMANAGER_REPLICAS'],
    keys: ['kubernetes.jobmanager.replicas'],
    instead: 'spec.jobManager.replicas',
    // JobManagerSpec.replicas defaults to 1: any jobManager section sets it.
    when: (s) => has(s, ['jobManager']) && get(s, ['jobManager', 'replicas']) !== 0,
  },
  {
    refs: ['StandaloneKubernetesConfigOptionsInternal.KUBERNETES_TASKMANAGER_REPLICAS'],
    keys: ['kubernetes.internal.taskmanager.replicas'],
    instead: 'spec.taskManager.replicas',
    when: (s) => has(s, ['taskManager', 'replicas']) || (standalone(s) && has(s, ['job'])),
  },
  {
    refs: ['DeploymentOptions.TARGET'],
    keys: ['execution.target'],
    instead: 'spec.job (application) or its absence (session) and spec.mode',
    when: () => true,
  },
  {
    refs: ['PipelineOptions.JARS'],
    keys: ['pipeline.jars'],
    instead: 'spec.job.jarURI',
    when: (s) => !standalone(s) && has(s, ['job', 'jarURI']),
  },
  {
    refs: ['PipelineOptions.CLASSPATHS'],
    keys: ['pipeline.classpaths'],
    instead: 'spec.job.jarURI',
    when: (s) => standalone(s) && has(s, ['job', 'jarURI']),
  },
  {
    refs: ['CoreOptions.DEFAULT_PARALLELISM'],
    keys: ['parallelism.default'],
    instead: 'spec.job.parallelism (or spec.taskManager.replicas × taskmanager.numberOfTaskSlots)',
    when: (s) => has(s, ['job']),
  },
  {
    refs: ['SHUTDOWN_ON_APPLICATION_FINISH'],
    keys: ['execution.shutdown-on-application-finish'],
    instead: 'nothing: the operator keeps application clusters running (false) to manage them',
    when: (s) => has(s, ['job']),
  },
  {
    refs: ['StandaloneKubernetesConfigOptionsInternal.CLUSTER_MODE'],
    keys: ['kubernetes.internal.cluster-mode'],
    instead: 'spec.job (application) or its absence (session)',
    when: standalone,
  },
  {
    refs: ['SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE'],
    keys: ['execution.savepoint.ignore-unclaimed-state'],
    instead: 'spec.job.allowNonRestoredState',
    when: (s) => has(s, ['job', 'allowNonRestoredState']),
    sessionJob: true,
  },
  {
    refs: ['ApplicationConfiguration.APPLICATION_MAIN_CLASS'],
    keys: ['$internal.application.main'],
    instead: 'spec.job.entryClass',
    when: (s) => has(s, ['job', 'entryClass']),
    sessionJob: true,
  },
  {
    refs: ['ApplicationConfiguration.APPLICATION_ARGS'],
    keys: ['$internal.application.program-args'],
    instead: 'spec.job.args',
    when: (s) => has(s, ['job', 'args']),
    sessionJob: true,
  },
  {
    refs: ['KubernetesConfigOptions.NAMESPACE'],
    keys: ['kubernetes.namespace'],
    instead: 'metadata.namespace',
    when: () => true,
    forbidden: true,
  },
  {
    refs: ['KubernetesConfigOptions.CLUSTER_ID'],
    keys: ['kubernetes.cluster-id'],
    instead: 'metadata.name',
    when: () => true,
    forbidden: true,
  },
  {
    refs: ['HighAvailabilityOptions.HA_CLUSTER_ID'],
    keys: ['high-availability.cluster-id'],
    instead: 'metadata.name',
    when: () => true,
    forbidden: true,
  },
];

/** A FlinkSessionJob's job runs with spec.job.parallelism when it is > 0 (AbstractFlinkService's jar run request). */
export const SESSION_JOB_PARALLELISM: OperatorSetKey = {
  refs: [],
  keys: ['parallelism.default'],
  instead: 'spec.job.parallelism',
  when: (s) => Number(get(s, ['job', 'parallelism'])) > 0,
  sessionJob: true,
};

/**
 * Options of Flink's KubernetesConfigOptions that only native Kubernetes mode reads, with what a
 * standalone cluster uses instead. Grounded in Flink 2.3's flink-kubernetes bytecode (javap of every
 * org.apache.flink.kubernetes class, getstatic KubernetesConfigOptions.<field>): these fields are read
 * only by kubeclient.parameters, kubeclient.decorators and kubeclient.factory (the pods Flink creates),
 * KubernetesClusterDescriptor, KubernetesResourceManagerDriver/WorkerResourceSpecFactory and the
 * artifact uploader. Left out on purpose, because Kubernetes HA in a standalone cluster reads them
 * (FlinkKubeClientFactory, Fabric8FlinkKubeClient, KubernetesLeaderElectionConfiguration, the HA
 * services): kubernetes.cluster-id, .namespace, .context, .config.file, .client.*,
 * .transactional-operation.*, .rest-service.exposed.node-port-address-type, and every
 * kubernetes.leader-election.* / high-availability.kubernetes.* option (another class).
 */
export const NATIVE_ONLY_KEYS: Record<string, string> = {
  'kubernetes.container.image.ref': "the container's image",
  'kubernetes.container.image': "the container's image",
  'kubernetes.container.image.pull-policy': "the container's imagePullPolicy",
  'kubernetes.container.image.pull-secrets': "the pod's imagePullSecrets",
  'kubernetes.jobmanager.cpu.amount': "the JobManager container's resources",
  'kubernetes.jobmanager.cpu': "the JobManager container's resources",
  'kubernetes.taskmanager.cpu.amount': "the TaskManager container's resources",
  'kubernetes.taskmanager.cpu': "the TaskManager container's resources",
  'kubernetes.jobmanager.cpu.limit-factor': "the JobManager container's resources.limits",
  'kubernetes.taskmanager.cpu.limit-factor': "the TaskManager container's resources.limits",
  'kubernetes.jobmanager.memory.limit-factor': "the JobManager container's resources.limits",
  'kubernetes.taskmanager.memory.limit-factor': "the TaskManager container's resources.limits",
  'kubernetes.jobmanager.replicas': "the JobManager Deployment's replicas",
  'kubernetes.jobmanager.labels': "the JobManager pod template's labels",
  'kubernetes.taskmanager.labels': "the TaskManager pod template's labels",
  'kubernetes.jobmanager.annotations': "the JobManager pod template's annotations",
  'kubernetes.taskmanager.annotations': "the TaskManager pod template's annotations",
  'kubernetes.jobmanager.node-selector': "the JobManager pod's nodeSelector",
  'kubernetes.taskmanager.node-selector': "the TaskManager pod's nodeSelector",
  'kubernetes.jobmanager.tolerations': "the JobManager pod's tolerations",
  'kubernetes.taskmanager.tolerations': "the TaskManager pod's tolerations",
  'kubernetes.service-account': "the pods' serviceAccountName",
  'kubernetes.jobmanager.service-account': "the JobManager pod's serviceAccountName",
  'kubernetes.taskmanager.service-account': "the TaskManager pod's serviceAccountName",
  'kubernetes.jobmanager.owner.reference': "the Deployment's metadata.ownerReferences",
  'kubernetes.pod-template-file': "the Deployments' pod templates",
  'kubernetes.pod-template-file.default': "the Deployments' pod templates",
  'kubernetes.pod-template-file.jobmanager': "the JobManager Deployment's pod template",
  'kubernetes.pod-template-file.taskmanager': "the TaskManager Deployment's pod template",
  'kubernetes.rest-service.exposed.type': 'a Service you write (type ClusterIP, NodePort or LoadBalancer)',
  'kubernetes.rest-service.annotations': 'the annotations of the REST Service you write',
  'kubernetes.rest-service.labels': 'the labels of the REST Service you write',
  'kubernetes.internal-service.annotations': 'the annotations of the JobManager Service you write',
  'kubernetes.internal-service.labels': 'the labels of the JobManager Service you write',
  'kubernetes.jobmanager.entrypoint.args': "the JobManager container's args",
  'kubernetes.taskmanager.entrypoint.args': "the TaskManager container's args",
  'kubernetes.entry.path': "the container's command",
  'kubernetes.flink.conf.dir': 'the ConfigMap volume mount path (FLINK_CONF_DIR)',
  'kubernetes.flink.log.dir': "the container's FLINK_LOG_DIR environment variable",
  'kubernetes.hadoop.conf.config-map.name': 'a ConfigMap volume with the Hadoop configuration (HADOOP_CONF_DIR)',
  'kubernetes.decorator.hadoop-conf-mount.enabled': 'a ConfigMap volume with the Hadoop configuration',
  'kubernetes.decorator.kerberos-mount.enabled': 'a Secret volume with the keytab and krb5.conf',
  'kubernetes.secrets': 'Secret volumes in the pod templates',
  'kubernetes.env.secretKeyRef': 'env entries with valueFrom.secretKeyRef in the containers',
  'kubernetes.persistent-volume-claims': 'volumes in the pod templates',
  'kubernetes.persistent-volume-claim-read-only': 'volumes in the pod templates',
  'kubernetes.hostnetwork.enabled': "the pod's hostNetwork",
  'kubernetes.node-name-label': 'nothing: only the native resource manager reads it',
  'kubernetes.artifacts.local-upload-enabled': 'an init container or the image that holds the jars',
  'kubernetes.artifacts.local-upload-overwrite': 'an init container or the image that holds the jars',
  'kubernetes.artifacts.local-upload-target': 'an init container or the image that holds the jars',
};
