// Native-Kubernetes-only options, which a standalone cluster (ConfigMap + Deployments) never reads.
// Pure data; validate/rules/ignored-keys.ts reports them.

/**
 * Options of Flink's KubernetesConfigOptions that only native Kubernetes mode reads, with what a
 * standalone cluster uses instead. Grounded in Flink 2.3's flink-kubernetes bytecode (javap of every
 * org.apache.flink.kubernetes class, getstatic KubernetesConfigOptions.<field>; the unit test
 * flinkconf-ignored-keys repeats it and fails when the list and the bytecode disagree): these fields are read
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
