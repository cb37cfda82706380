// Flink Kubernetes Operator resources: the checks of the operator's DefaultValidator worth doing
// before deploying (flink.md §3.2, §3.3, §3.6), and image vs flinkVersion.
import { operatorVersion, toMap } from '../../flinkconf/cluster';
import { ALIASES } from '../../flinkconf/keys';
import type { ConfigEntry } from '../../flinkconf/parse-config';
import { atLeast, imageVersion, show } from '../../flinkconf/version';
import { asObj, get, offsetsAt, str, type ManifestDoc } from '../../model/parse';
import { sameNamespace } from '../../model/workloads';
import { edit, fix, type RuleContext } from '../context';

const NAME = /^[a-z]([-a-z\d]{0,43}[a-z\d])?$/;
const LOG_KEYS = ['log4j-console.properties', 'logback-console.xml'];

/** The operator's health-check canaries (label flink.apache.org/canary) are not deployed as clusters. */
export function isCanary(d: ManifestDoc): boolean {
  return str(get(d.object, ['metadata', 'labels', 'flink.apache.org/canary'])) === 'true';
}

function has(values: Map<string, ConfigEntry>, key: string): boolean {
  return (ALIASES[key] ?? [key]).some((k) => values.get(k)?.value);
}

export function checkOperator(ctx: RuleContext): void {
  const deployments = ctx.model.byKind.get('FlinkDeployment') ?? [];
  for (const d of deployments) {
    if (!d.object || isCanary(d)) continue;
    if (d.name && !NAME.test(d.name)) {
      ctx.report.at(
        d,
        ['metadata', 'name'],
        'value',
        'error',
        'operator-invalid-name',
        `The operator rejects the name ${d.name}: it must start with a lowercase letter, contain only lowercase letters, digits and '-', and be at most 45 characters (it becomes the cluster id and Service names).`,
      );
    }
    const fv = str(get(d.object, ['spec', 'flinkVersion']));
    const version = operatorVersion(d);
    if (fv === undefined && asObj(d.object.spec)) {
      ctx.report.at(
        d,
        ['spec'],
        'key',
        'error',
        'operator-flink-version-missing',
        'The operator rejects this FlinkDeployment: "Flink Version must be defined." Set spec.flinkVersion (e.g. v1_20) to the Flink version of the image.',
      );
    } else if (version && !atLeast(version, '1.15')) {
      ctx.report.at(
        d,
        ['spec', 'flinkVersion'],
        'value',
        'error',
        'operator-flink-version-unsupported',
        `flinkVersion ${fv}: current operator releases no longer support Flink before 1.15 and reject the deployment. Upgrade the image and flinkVersion.`,
      );
    }
    const image = str(get(d.object, ['spec', 'image']));
    const iv = imageVersion(image);
    if (iv && version && (iv.major !== version.major || iv.minor !== version.minor)) {
      const want = `v${iv.major}_${iv.minor}`;
      ctx.report.at(
        d,
        ['spec', 'flinkVersion'],
        'value',
        'warning',
        'operator-image-version-mismatch',
        `The image ${image} runs Flink ${show(iv)} but flinkVersion is ${fv}: the operator builds the configuration and talks to the cluster as if it were Flink ${show(version)}, which fails or misbehaves across versions. Set flinkVersion: ${want}.`,
        [fix(`Set flinkVersion to ${want}`, edit(d, offsetsAt(d, ['spec', 'flinkVersion']), want))],
      );
    }
    const logConf = asObj(get(d.object, ['spec', 'logConfiguration']));
    for (const k of Object.keys(logConf ?? {})) {
      if (LOG_KEYS.includes(k)) continue;
      ctx.report.at(
        d,
        ['spec', 'logConfiguration', k],
        'key',
        'error',
        'operator-log-config-key',
        `The operator accepts only ${LOG_KEYS.join(' and ')} in logConfiguration and rejects ${k}.`,
      );
    }
    const values = toMap(ctx.model.operatorConfigs.get(d)?.entries ?? []);
    checkJob(ctx, d, values);
  }
  for (const j of ctx.model.byKind.get('FlinkSessionJob') ?? []) {
    if (!j.object) continue;
    const target = str(get(j.object, ['spec', 'deploymentName']));
    const dep = deployments.find((d) => d.name === target && sameNamespace(d.namespace, j.namespace));
    if (target && !dep && deployments.length) {
      ctx.report.at(
        j,
        ['spec', 'deploymentName'],
        'value',
        'warning',
        'session-job-deployment-missing',
        `deploymentName ${target} names no FlinkDeployment in these manifests: the job stays pending until a session cluster of that name exists.`,
      );
    }
    if (dep && asObj(get(dep.object, ['spec', 'job']))) {
      ctx.report.at(
        j,
        ['spec', 'deploymentName'],
        'value',
        'error',
        'session-job-application-cluster',
        `${target} is an application cluster (it has spec.job): the operator refuses it ("Can not submit session job to application cluster"). Point deploymentName at a FlinkDeployment without spec.job.`,
      );
    }
    if (!asObj(get(j.object, ['spec', 'job'])) && asObj(j.object.spec)) {
      ctx.report.at(
        j,
        ['spec'],
        'key',
        'error',
        'session-job-spec-missing',
        'The operator rejects this FlinkSessionJob: "The job spec should not be empty." Add spec.job with jarURI and parallelism.',
      );
    }
    const values = new Map([
      ...toMap(dep ? (ctx.model.operatorConfigs.get(dep)?.entries ?? []) : []),
      ...toMap(ctx.model.operatorConfigs.get(j)?.entries ?? []),
    ]);
    if (dep || !deployments.length) checkJob(ctx, j, values, !dep);
  }
}

/** upgradeMode and savepoint settings need checkpoint/savepoint dirs; parallelism must be positive. */
function checkJob(ctx: RuleContext, d: ManifestDoc, values: Map<string, ConfigEntry>, partial = false): void {
  const job = asObj(get(d.object, ['spec', 'job']));
  if (!job) return;
  const mode = str(job.upgradeMode);
  // A session job whose cluster is not given may inherit the dirs from it: say nothing then.
  if (!partial) {
    if ((mode === 'savepoint' || mode === 'last-state') && !has(values, 'execution.checkpointing.dir')) {
      ctx.report.at(
        d,
        ['spec', 'job', 'upgradeMode'],
        'value',
        'warning',
        'operator-upgrade-mode-dirs',
        `upgradeMode ${mode} keeps state across upgrades through checkpoints, but these manifests set no checkpoint directory. Assuming the operator's default configuration sets none either, the operator rejects the resource; if it does (kubernetes.operator default flink-conf / Helm defaultConfiguration), ignore this. To make it certain, set execution.checkpointing.dir (state.checkpoints.dir before Flink 1.20) in spec.flinkConfiguration, on durable storage.`,
      );
    }
    const nonce = job.savepointTriggerNonce !== undefined;
    if ((mode === 'savepoint' || nonce) && !has(values, 'execution.checkpointing.savepoint-dir')) {
      ctx.report.at(
        d,
        ['spec', 'job', mode === 'savepoint' ? 'upgradeMode' : 'savepointTriggerNonce'],
        mode === 'savepoint' ? 'value' : 'key',
        'warning',
        'operator-upgrade-mode-dirs',
        `${mode === 'savepoint' ? 'upgradeMode savepoint' : 'savepointTriggerNonce'} needs a savepoint directory, and these manifests set none. Assuming the operator's default configuration sets none either, the operator rejects the resource; if it does (kubernetes.operator default flink-conf / Helm defaultConfiguration), ignore this. To make it certain, set execution.checkpointing.savepoint-dir (state.savepoints.dir before Flink 1.20) in spec.flinkConfiguration.`,
      );
    }
  }
  const p = job.parallelism;
  const replicas = get(d.object, ['spec', 'taskManager', 'replicas']);
  if (typeof p === 'number' && p <= 0 && replicas === undefined) {
    ctx.report.at(
      d,
      ['spec', 'job', 'parallelism'],
      'value',
      'error',
      'operator-parallelism-invalid',
      'The operator rejects this job: "Job parallelism must be larger than 0" (unless taskManager.replicas is set).',
    );
  }
}
