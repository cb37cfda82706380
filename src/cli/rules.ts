// What each finding code means, for SARIF rule metadata (GitHub code scanning shows it beside
// the finding). `docs` links the upstream documentation that explains the behaviour the rule guards.
import type { Severity } from '../core';

export interface RuleInfo {
  /** One line: what the rule finds. */
  short: string;
  /** Why it matters and what to do. */
  help: string;
  docs: string;
  severity: Severity;
}

const FLINK = 'https://nightlies.apache.org/flink/flink-docs-stable/docs';
const OPERATOR = 'https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs';
const KUBE = 'https://kubernetes.io/docs';

const MEMORY = `${FLINK}/deployment/memory/mem_setup/`;
const CONFIG = `${FLINK}/deployment/config/`;
const STANDALONE = `${FLINK}/deployment/resource-providers/standalone/kubernetes/`;
const HA = `${FLINK}/deployment/ha/kubernetes_ha/`;
const CR_REFERENCE = `${OPERATOR}/custom-resource/reference/`;
const JOB_MANAGEMENT = `${OPERATOR}/custom-resource/job-management/`;
const SERVICES = `${KUBE}/concepts/services-networking/service/`;
const RESOURCES = `${KUBE}/concepts/configuration/manage-resources-containers/`;
const OBJECTS = `${KUBE}/concepts/overview/working-with-objects/kubernetes-objects/`;

function r(severity: Severity, short: string, help: string, docs: string): RuleInfo {
  return { severity, short, help, docs };
}

export const RULES: Readonly<Record<string, RuleInfo>> = {
  'yaml-syntax': r(
    'error',
    'The file is not valid YAML.',
    'kubectl cannot read a document with a YAML syntax error. Fix the syntax at the marked position.',
    'https://yaml.org/spec/1.2.2/',
  ),
  'yaml-alias-limit': r(
    'error',
    'The document uses too many YAML aliases.',
    'Kubernetes rejects documents with excessive alias expansion. Write the repeated parts out.',
    OBJECTS,
  ),
  'not-an-object': r(
    'error',
    'A YAML document is not a mapping.',
    'A Kubernetes object is a mapping with apiVersion, kind and metadata; kubectl rejects anything else.',
    OBJECTS,
  ),
  'missing-kind': r('error', 'apiVersion or kind is missing.', 'kubectl rejects objects without both.', OBJECTS),
  'unknown-kind': r(
    'info',
    'The kind has no schema here; only YAML syntax was checked.',
    'Pass the CRD schemas through a connected cluster (in VS Code) to validate custom kinds.',
    OBJECTS,
  ),
  'removed-api-version': r(
    'error',
    'The apiVersion is no longer served by current Kubernetes.',
    'The API server answers "no matches for kind". Move to the apiVersion named in the message.',
    `${KUBE}/reference/using-api/deprecation-guide/`,
  ),
  'k8s-schema': r(
    'error',
    'The object does not match its Kubernetes schema.',
    'Unknown fields are rejected by strict field validation or dropped silently; wrong types and missing required fields are rejected by the API server.',
    `${KUBE}/reference/kubernetes-api/`,
  ),
  'selector-mismatch': r(
    'error',
    'A workload selector does not match its pod template labels.',
    'The API server rejects a Deployment or StatefulSet whose selector does not select its own template.',
    `${KUBE}/concepts/overview/working-with-objects/labels/#label-selectors`,
  ),
  'configmap-missing': r(
    'error',
    'A referenced ConfigMap is not in the manifests.',
    'The pod stays in ContainerCreating until the ConfigMap exists. Create it or fix the name.',
    `${KUBE}/concepts/configuration/configmap/`,
  ),
  'configmap-key-missing': r(
    'error',
    'A referenced ConfigMap key does not exist.',
    'The pod cannot start ("couldn\'t find key"). Use one of the keys the ConfigMap has.',
    `${KUBE}/concepts/configuration/configmap/`,
  ),
  'secret-missing': r(
    'error',
    'A referenced Secret is not in the manifests.',
    'The pod stays in ContainerCreating until the Secret exists. Create it or fix the name.',
    `${KUBE}/concepts/configuration/secret/`,
  ),
  'secret-key-missing': r(
    'error',
    'A referenced Secret key does not exist.',
    'The pod cannot start ("couldn\'t find key"). Use one of the keys the Secret has.',
    `${KUBE}/concepts/configuration/secret/`,
  ),
  'hostpath-state-volume': r(
    'warning',
    'Flink state is kept on a hostPath volume.',
    'hostPath state is lost when the pod moves to another node. Prefer a PersistentVolumeClaim.',
    `${KUBE}/concepts/storage/volumes/#hostpath`,
  ),
  'service-selects-nothing': r(
    'warning',
    'A Service selects no pod of these manifests.',
    'The Service has no endpoints, so connections to it are refused. Match its selector to the pod labels.',
    SERVICES,
  ),
  'service-target-port-name': r(
    'error',
    'A Service targetPort names no containerPort.',
    'The Service has no endpoint for this port and connections are refused. Name the containerPort or use its number.',
    SERVICES,
  ),
  'service-port-not-listening': r(
    'warning',
    'A Service port goes to a port Flink does not listen on.',
    'Connections through this port are refused. Point it at one of the Flink ports named in the message.',
    SERVICES,
  ),
  'probe-port-mismatch': r(
    'error',
    'A probe targets a port name the container does not have.',
    'The probe fails and the kubelet restarts or never readies the container. Use a declared containerPort name.',
    `${KUBE}/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/`,
  ),
  'container-port-mismatch': r(
    'warning',
    'A containerPort differs from the port Flink is configured to use.',
    'Services and probes that target the containerPort reach nothing. Align the port with the Flink option.',
    STANDALONE,
  ),
  'flink-port-random': r(
    'warning',
    'A Flink port is not fixed, so Flink picks a random one.',
    'Services and probes on the declared containerPort reach nothing. Set the Flink port option.',
    CONFIG,
  ),
  'rpc-address-no-service': r(
    'warning',
    'jobmanager.rpc.address names a Service that does not select the JobManager.',
    'TaskManagers cannot register with the JobManager. Use the JobManager Service name.',
    STANDALONE,
  ),
  'memory-exceeds-limit': r(
    'error',
    'Flink process memory is larger than the container memory limit.',
    'The container is OOMKilled once the JVM grows past the limit. Lower the process size or raise the limit.',
    MEMORY,
  ),
  'memory-limit-missing': r(
    'warning',
    'A Flink container has no memory limit.',
    'Without a limit the pod is scheduled on too little memory and may be evicted. Set resources.limits.memory.',
    RESOURCES,
  ),
  'memory-milli-unit': r(
    'error',
    'A memory quantity uses "m" (milli) instead of "Mi".',
    'In Kubernetes "m" means thousandths of a byte. Write Mi or Gi.',
    RESOURCES,
  ),
  'memory-not-configured': r(
    'error',
    'No Flink memory size is configured.',
    'Flink refuses to start without one of the process, Flink or heap memory options. Set the process size.',
    MEMORY,
  ),
  'memory-too-small': r(
    'error',
    'The Flink memory size is too small for its fixed components.',
    'Flink fails at startup when metaspace and overhead do not fit. Raise the process size.',
    MEMORY,
  ),
  'memory-config-conflict': r(
    'warning',
    'Both process and Flink memory sizes are set.',
    'Flink warns that this may fail deployments because the sizes can conflict. Keep one.',
    MEMORY,
  ),
  'flink-config-syntax': r(
    'warning',
    'A Flink configuration line cannot be read.',
    'Flink skips the line and logs a warning. Write `key: value`.',
    CONFIG,
  ),
  'flink-config-unknown-key': r(
    'warning',
    'Flink has no such configuration option.',
    'The setting is silently ignored. Check the spelling against the option list.',
    CONFIG,
  ),
  'flink-config-deprecated-key': r(
    'warning',
    'The Flink configuration option is deprecated.',
    'Use the replacement named in the message.',
    CONFIG,
  ),
  'flink-config-removed-key': r(
    'error',
    'The Flink configuration option was removed in this Flink version.',
    'Flink ignores it. Use the replacement named in the message.',
    CONFIG,
  ),
  'flink-config-invalid-value': r(
    'error',
    'A Flink configuration value has the wrong type or format.',
    'Flink fails to start when it reads this option. Use a value of the type the option expects.',
    CONFIG,
  ),
  'flink-config-duplicate-key': r(
    'warning',
    'A Flink configuration option is set twice.',
    'Flink uses the later value and ignores the earlier one. Keep one.',
    CONFIG,
  ),
  'flink-config-file-version': r(
    'error',
    'The configuration file name does not match the Flink version.',
    'Flink 2.x reads only config.yaml and ignores flink-conf.yaml. Rename the file or use the matching image.',
    `${CONFIG}#flink-configuration-file`,
  ),
  'parallelism-exceeds-slots': r(
    'warning',
    'The default parallelism is higher than the available task slots.',
    'Jobs wait for slots that never come and fail after the slot request timeout. Add TaskManagers or slots.',
    `${FLINK}/concepts/flink-architecture/#task-slots-and-resources`,
  ),
  'ha-storage-dir-missing': r(
    'error',
    'High availability is enabled without high-availability.storageDir.',
    'The JobManager fails at startup. Set the storage directory to durable storage.',
    HA,
  ),
  'ha-cluster-id-missing': r(
    'error',
    'Kubernetes HA is enabled without kubernetes.cluster-id.',
    'The cluster id names the leader ConfigMaps. Set it.',
    HA,
  ),
  'ha-rbac-missing': r(
    'warning',
    'Kubernetes HA runs as a service account without ConfigMap rights.',
    'Leader election fails and the JobManager restarts. Bind a role that may edit ConfigMaps.',
    HA,
  ),
  'jobmanager-replicas-without-ha': r(
    'error',
    'Several JobManager replicas are set without high availability.',
    'The operator rejects standby JobManagers without HA. Enable HA or use one replica.',
    CR_REFERENCE,
  ),
  'operator-flink-version-missing': r(
    'error',
    'A FlinkDeployment has no spec.flinkVersion.',
    'The operator rejects it. Set the Flink version of the image.',
    CR_REFERENCE,
  ),
  'operator-flink-version-unsupported': r(
    'error',
    'The Flink version is older than the operator supports.',
    'The operator rejects the deployment. Upgrade the image and flinkVersion.',
    CR_REFERENCE,
  ),
  'operator-image-version-mismatch': r(
    'warning',
    'The image runs another Flink version than spec.flinkVersion.',
    'The operator configures the cluster for the wrong version. Align image and flinkVersion.',
    CR_REFERENCE,
  ),
  'operator-forbidden-config-key': r(
    'error',
    'flinkConfiguration sets a key the operator owns.',
    'The operator rejects the resource. Remove the key.',
    CR_REFERENCE,
  ),
  'operator-overridden-config-key': r(
    'warning',
    'flinkConfiguration sets a key the operator overwrites from the spec.',
    'The operator sets this key from a spec field (image, resources, job parallelism, ...), so the value here has no effect. Set the spec field the message names and remove the key.',
    CR_REFERENCE,
  ),
  'flink-config-native-only-key': r(
    'warning',
    'A native-Kubernetes-only option in a standalone cluster.',
    'Only Flink native Kubernetes mode reads this option, when Flink creates the pods. In a standalone cluster set the pod, container or Service field the message names and remove the key.',
    STANDALONE,
  ),
  'operator-log-config-key': r(
    'error',
    'logConfiguration holds a file name the operator does not accept.',
    'Only the log4j and logback console files are accepted.',
    CR_REFERENCE,
  ),
  'operator-invalid-name': r(
    'error',
    'The resource name is not valid for the operator.',
    'Names must start with a lowercase letter, contain lowercase letters, digits and "-", and be short enough.',
    CR_REFERENCE,
  ),
  'operator-memory-missing': r(
    'error',
    'jobManager or taskManager resource memory is not set.',
    'The operator rejects the FlinkDeployment. Set resource.memory.',
    CR_REFERENCE,
  ),
  'operator-memory-invalid': r(
    'error',
    'The operator cannot read the memory size.',
    'Write a Flink size such as 2048m or a Kubernetes quantity such as 2Gi.',
    CR_REFERENCE,
  ),
  'operator-parallelism-invalid': r(
    'error',
    'The job parallelism is not positive.',
    'The operator rejects the job unless taskManager.replicas is set.',
    CR_REFERENCE,
  ),
  'operator-upgrade-mode-dirs': r(
    'warning',
    'The upgrade mode needs checkpoint or savepoint directories that the manifests do not set.',
    'The operator rejects the resource unless its default configuration supplies them. Set the checkpoint (and savepoint) directory in spec.flinkConfiguration to make it certain.',
    JOB_MANAGEMENT,
  ),
  'session-job-spec-missing': r(
    'error',
    'A FlinkSessionJob has no spec.job.',
    'The operator rejects it. Add spec.job with jarURI and parallelism.',
    CR_REFERENCE,
  ),
  'session-job-deployment-missing': r(
    'warning',
    'A FlinkSessionJob names no FlinkDeployment of these manifests.',
    'The job stays pending until a session cluster of that name exists.',
    CR_REFERENCE,
  ),
  'session-job-application-cluster': r(
    'error',
    'A FlinkSessionJob targets an application cluster.',
    'The operator refuses to submit session jobs to application clusters. Point it at a session cluster.',
    CR_REFERENCE,
  ),
  'flink-image-unpinned': r(
    'warning',
    'A Flink image tagged latest (or untagged): its Flink version cannot be seen.',
    'latest follows every Flink release (2.x reads only config.yaml and dropped removed keys), so a restart can change the version under the same manifest. Pin a version tag; the quick fix pins the version the checks assumed.',
    `${FLINK}/deployment/resource-providers/standalone/docker/`,
  ),
  'flink-end-of-life-keys': r(
    'warning',
    'An end-of-life Flink 1.9 (or older) image configured with heap.size keys.',
    'Flink 1.9 gets no fixes and no current operator supports it; its heap keys are replaced by the memory model of 1.10/1.11. Upgrade the image and set *.memory.process.size instead.',
    MEMORY,
  ),
  'ephemeral-state-volume': r(
    'warning',
    'Checkpoints, savepoints or HA data on an emptyDir (deleted with the pod).',
    'A replaced JobManager pod, or the operator restoring under upgradeMode last-state/savepoint, finds nothing there. Mount a ReadWriteMany PersistentVolumeClaim or use remote storage.',
    `${FLINK}/ops/state/checkpoints/`,
  ),
  'flink-fs-plugin-missing': r(
    'warning',
    'A s3://, gs://, abfs:// or oss:// path with the official image and no file system plugin enabled.',
    'The official image ships the file systems in /opt/flink/opt, not enabled: Flink cannot open the path. Set ENABLE_BUILT_IN_PLUGINS to the plugin jar on every Flink container, mount it under /opt/flink/plugins, or build an image that copies it there.',
    `${FLINK}/deployment/filesystems/plugins/`,
  ),
  'flink-hdfs-without-hadoop': r(
    'warning',
    'An hdfs:// path with the official image, which has no Hadoop, and no HADOOP_CLASSPATH.',
    'Flink loads HDFS through the Hadoop client on its classpath. Build an image with Hadoop and set HADOOP_CLASSPATH, or use a plugin file system.',
    `${FLINK}/deployment/filesystems/overview/`,
  ),
  'flink-python-image': r(
    'warning',
    'A Python job on the official image, which has neither Python nor PyFlink.',
    'Build an image FROM the Flink image that installs Python 3 and apache-flink, and run the job on it.',
    `${FLINK}/deployment/resource-providers/standalone/docker/`,
  ),
  'operator-field-version': r(
    'warning',
    'A field or value the target operator release (--operator-version) does not have.',
    'Its CRD lacks the field, so kubectl apply refuses it under strict field validation and the operator never sees it otherwise. The message names the operator release that added it; upgrade the operator and its CRDs, or remove the field.',
    CR_REFERENCE,
  ),
  'internal-error': r(
    'info',
    'The validator hit an internal error and skipped some checks.',
    'Other findings are still reported. Please report the message with the manifest that triggers it.',
    OBJECTS,
  ),
};

/** Metadata for a code; codes added to the core later get a generic entry rather than no rule. */
export function ruleInfo(code: string): RuleInfo {
  return (
    RULES[code] ?? {
      severity: 'warning',
      short: `Flink manifest check ${code}.`,
      help: 'See the finding message for the cause and the fix.',
      docs: OBJECTS,
    }
  );
}
