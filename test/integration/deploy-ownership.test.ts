// Delete removes only what a deploy created, against the real kube-apiserver of the test bed:
// two deploys of files with the same base name in one namespace, an adopted pre-existing Secret,
// and the deploy's own Namespace (listed apart, for a second confirmation).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createKubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { deleteTargets, planDelete } from '../../src/kube/delete';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import { DEPLOY_ID_LABEL, readDeployObjects, type DeployObject } from '../../src/kube/manifests';
import { isUniqueDeployId } from '../../src/kube/ownership';
import { testbedState } from '../support/testbed';

const NS = `own-it-${randomBytes(3).toString('hex')}`;

const yes: DeployQuestions = {
  createNamespaces: async () => true,
  forceConflicts: async () => true,
  confirm: async () => true,
};

function objectsOf(path: string, text: string): DeployObject[] {
  const r = readDeployObjects([{ path, text }]);
  assert.deepEqual(r.problems, []);
  return r.objects;
}

const manifests = (env: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${env}-flink-config
data:
  config.yaml: "taskmanager.numberOfTaskSlots: 2"
---
apiVersion: v1
kind: Secret
metadata:
  name: shared-credentials
stringData:
  password: not-a-real-password-${env}
`;

describe('delete removes only what a deploy created (test bed)', () => {
  const state = testbedState();
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: NS });
  const client = createKubeClient(kc, { timeoutMs: 20_000 });

  after(async () => {
    await client.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  });

  it('dev/flink.yaml and prod/flink.yaml in one namespace: each delete keeps the other and adopted objects', async () => {
    // "dev" creates the namespace and the shared Secret; "prod" adopts that Secret.
    const dev = await deploy(client, objectsOf('/ws/dev/flink.yaml', manifests('dev')), yes, {});
    assert.equal(dev.status, 'applied', dev.message);
    assert.ok(dev.deployId && isUniqueDeployId(dev.deployId), dev.deployId);
    assert.deepEqual(dev.createdNamespaces, [NS]);
    const prod = await deploy(client, objectsOf('/ws/prod/flink.yaml', manifests('prod')), yes, {});
    assert.equal(prod.status, 'applied', prod.message);
    assert.notEqual(prod.deployId, dev.deployId);
    assert.deepEqual(prod.adopted, [`Secret ${NS}/shared-credentials`]);
    const secret = await client.objects.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shared-credentials', namespace: NS },
    });
    assert.equal(secret.metadata?.labels?.[DEPLOY_ID_LABEL], dev.deployId, 'the adopted Secret keeps its creator');

    // Redeploying dev reuses its id from the cluster.
    const again = await deploy(client, objectsOf('/ws/dev/flink.yaml', manifests('dev')), yes, {});
    assert.equal(again.deployId, dev.deployId);

    const prodPlan = await planDelete(client, objectsOf('/ws/prod/flink.yaml', manifests('prod')));
    assert.deepEqual(prodPlan.deployIds, [prod.deployId]);
    assert.deepEqual(
      prodPlan.remove.map((t) => `${t.kind}/${t.name}`),
      ['ConfigMap/prod-flink-config'],
    );
    assert.deepEqual(
      prodPlan.keep.map((k) => `${k.target.kind}/${k.target.name}`),
      ['Secret/shared-credentials'],
    );
    assert.deepEqual(prodPlan.namespaces, []);
    const results = await deleteTargets(client, prodPlan.remove, { waitMs: 30_000 });
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['deleted'],
    );

    // dev's objects are all still there; its plan removes them and lists its Namespace apart.
    const devPlan = await planDelete(client, objectsOf('/ws/dev/flink.yaml', manifests('dev')), {
      deployIds: [dev.deployId!],
    });
    assert.deepEqual(devPlan.remove.map((t) => `${t.kind}/${t.name}`).sort(), [
      'ConfigMap/dev-flink-config',
      'Secret/shared-credentials',
    ]);
    assert.deepEqual(devPlan.keep, []);
    assert.deepEqual(
      devPlan.namespaces.map((t) => t.name),
      [NS],
    );
  });
});
