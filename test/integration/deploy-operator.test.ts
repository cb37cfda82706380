// FlinkDeployment deploys: the clear message when the operator's CRDs are missing, and the apply
// once they are installed (this test installs them from the corpus and removes them afterwards, so
// the order of test files does not matter; CRDs that were there before, such as the test bed
// operator's own, are put back from where they came). The test bed's operator watches only its own
// namespace, so in this test's namespace the watch must report that nothing handles the resource.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyAll, dryRunAll } from '../../src/kube/apply';
import { createKubeClient, sleep, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import { readDeployObjects } from '../../src/kube/manifests';
import { watchRollout } from '../../src/kube/rollout';
import { testbedState } from '../support/testbed';

// ../shared/corpus beside the checkout, read in place.
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const CRDS = ['flinkdeployments.flink.apache.org-v1.yml', 'flinksessionjobs.flink.apache.org-v1.yml'];
const NS = `deploy-op-${randomBytes(3).toString('hex')}`;

const yes: DeployQuestions = {
  createNamespaces: async () => true,
  forceConflicts: async () => false,
  confirm: async () => true,
};

function basic() {
  const r = readDeployObjects([
    {
      path: join(CORPUS, 'operator-examples', 'basic.yaml'),
      text: readFileSync(join(CORPUS, 'operator-examples', 'basic.yaml'), 'utf8'),
    },
  ]);
  assert.equal(r.objects.length, 1);
  return r.objects;
}

function crdObjects(dir = join(CORPUS, 'operator-crds')) {
  return readDeployObjects(
    CRDS.map((f) => ({
      path: join(dir, f),
      text: readFileSync(join(dir, f), 'utf8'),
    })),
  ).objects;
}

/** The CRDs to put back: the test bed operator's (built from its source) when it runs, else the corpus'. */
function originalCrdsDir(): string | undefined {
  return testbedState().operator?.crdsDir;
}

async function crdPresent(client: KubeClient, name: string): Promise<boolean> {
  try {
    await client.objects.read({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name },
    });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

async function removeCrds(client: KubeClient): Promise<void> {
  for (const o of crdObjects()) {
    try {
      await client.objects.delete({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name } });
    } catch {
      /* absent */
    }
  }
  const deadline = Date.now() + 60_000;
  while (
    Date.now() < deadline &&
    ((await crdPresent(client, 'flinkdeployments.flink.apache.org')) ||
      (await crdPresent(client, 'flinksessionjobs.flink.apache.org')))
  )
    await sleep(300);
  // ... and until discovery no longer serves the group.
  while (Date.now() < deadline) {
    const fresh = createKubeClient(client.kc);
    const found = await (fresh.objects as unknown as { resource(a: string, k: string): Promise<unknown> })
      .resource('flink.apache.org/v1beta1', 'FlinkDeployment')
      .catch(() => undefined);
    if (!found) return;
    await sleep(300);
  }
}

async function installCrds(client: KubeClient, dir?: string): Promise<void> {
  const plan = await dryRunAll(client, crdObjects(dir));
  assert.deepEqual(
    plan.filter((p) => p.error).map((p) => p.error!.message),
    [],
  );
  const res = await applyAll(client, plan);
  assert.ok(
    res.every((r) => r.outcome !== 'failed'),
    JSON.stringify(res.map((r) => r.error?.message)),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const crd = (await client.objects.read({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'flinkdeployments.flink.apache.org' },
    })) as { status?: { conditions?: { type: string; status: string }[] } };
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
    assert.ok(Date.now() < deadline, 'CRD established in time');
    await sleep(300);
  }
  // Discovery serves the new group a moment after Established: wait for it, as a user would see it.
  for (;;) {
    const fresh = createKubeClient(client.kc);
    const found = await (fresh.objects as unknown as { resource(a: string, k: string): Promise<unknown> })
      .resource('flink.apache.org/v1beta1', 'FlinkDeployment')
      .catch(() => undefined);
    if (found) return;
    assert.ok(Date.now() < deadline, 'the API server serves flink.apache.org/v1beta1 in time');
    await sleep(300);
  }
}

describe('deploy a FlinkDeployment (operator CRDs)', () => {
  const state = testbedState();
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: NS });
  const admin = () => createKubeClient(kc, { timeoutMs: 30_000 });
  let hadCrds = false;

  after(async () => {
    const c = admin();
    try {
      await c.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    } catch {
      /* gone */
    }
    await removeCrds(c);
    if (hadCrds) await installCrds(c, originalCrdsDir()); // leave the cluster as we found it
  });

  it('without the operator CRDs: a clear message and nothing applied', async () => {
    const c = admin();
    hadCrds = await crdPresent(c, 'flinkdeployments.flink.apache.org');
    if (hadCrds) await removeCrds(c);
    const out = await deploy(c, basic(), yes, { deployId: 'basic-example' });
    assert.equal(out.status, 'rejected', out.message);
    assert.equal(out.objectErrors[0].error.reason, 'NoOperator');
    assert.match(
      out.message,
      /FlinkDeployment "basic-example" needs the Flink Kubernetes Operator.*CRDs are not installed/,
    );
    assert.match(out.message, /^Nothing was applied/);
  });

  it('with the CRDs installed: applied, and the watch reports that no operator handles it', async () => {
    await installCrds(admin());
    const c = admin(); // a new client: fresh discovery
    const out = await deploy(c, basic(), yes, { deployId: 'basic-example' });
    assert.equal(out.status, 'applied', out.message);
    assert.deepEqual(out.createdNamespaces, [NS]);
    const live = (await c.objects.read({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'basic-example', namespace: NS },
    })) as { spec?: { flinkVersion?: string }; metadata?: { labels?: Record<string, string> } };
    assert.equal(live.spec?.flinkVersion, 'v2_2');
    assert.equal(live.metadata?.labels?.['flink-vscode/deploy-id'], 'basic-example');
    const res = await watchRollout(
      c,
      out.results.map((r) => r.obj),
      { timeoutMs: 30_000, operatorGraceMs: 2_000, pollMs: 500 },
    );
    assert.equal(res.phase, 'failed', res.message);
    assert.match(res.message, /FlinkDeployment .*basic-example has no status .*no Flink Kubernetes Operator/);
  });
});
