// Acting on operator clusters the operator's way: a FlinkDeployment is changed through its spec
// (savepointTriggerNonce, job.state), never behind the operator's back through the REST API.
// The patch builders are pure so the preview shows exactly what is sent.
import { PatchStrategy } from '@kubernetes/client-node';
import { FIELD_MANAGER, type KubeClient } from '../../kube/client';
import { FLINK_DEPLOYMENT_API, type DiscoveredCluster } from '../../kube/discover';

export type OperatorAction = 'savepoint' | 'suspend' | 'resume';

export interface OperatorPatch {
  apiVersion: string;
  kind: 'FlinkDeployment';
  metadata: { name: string; namespace: string };
  spec: { job: { savepointTriggerNonce?: number; state?: 'running' | 'suspended' } };
}

export function operatorPatch(d: DiscoveredCluster, action: OperatorAction, now: number = Date.now()): OperatorPatch {
  const job: OperatorPatch['spec']['job'] = {};
  if (action === 'savepoint') {
    // Any change of the nonce triggers a savepoint; make sure it differs from the current one.
    job.savepointTriggerNonce = now === d.job?.savepointTriggerNonce ? now + 1 : now;
  } else {
    job.state = action === 'suspend' ? 'suspended' : 'running';
  }
  return {
    apiVersion: FLINK_DEPLOYMENT_API,
    kind: 'FlinkDeployment',
    metadata: { name: d.name, namespace: d.namespace },
    spec: { job },
  };
}

/** The merge patch body as the user will read it (YAML-like JSON, stable key order). */
export function describePatch(p: OperatorPatch): string {
  return `kubectl patch flinkdeployment ${p.metadata.name} -n ${p.metadata.namespace} --type merge -p '${JSON.stringify({ spec: p.spec })}'`;
}

export function actionAllowed(d: DiscoveredCluster, action: OperatorAction): string | undefined {
  if (d.kind !== 'operator') return 'Not an operator cluster.';
  if (!d.job)
    return `${d.name} is a session cluster: operator job actions apply to application FlinkDeployments (or FlinkSessionJobs).`;
  if (action === 'resume' && d.job.state !== 'suspended') return `${d.name} is not suspended.`;
  if (action === 'suspend' && d.job.state === 'suspended') return `${d.name} is already suspended.`;
  return undefined;
}

export async function applyOperatorPatch(kube: KubeClient, p: OperatorPatch): Promise<void> {
  await kube.call(
    { verb: 'patch', kind: 'FlinkDeployment', name: p.metadata.name, namespace: p.metadata.namespace },
    (api) => api.patch(p, undefined, undefined, FIELD_MANAGER, undefined, PatchStrategy.MergePatch),
  );
}
