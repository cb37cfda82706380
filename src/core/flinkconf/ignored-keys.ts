// Keys the Flink Kubernetes Operator sets itself from the spec, so a value in flinkConfiguration is
// overwritten (native-only-keys.ts has the ones a standalone cluster ignores). Pure data;
// validate/rules/ignored-keys.ts reports them.
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
