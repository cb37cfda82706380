// The real kube-apiserver killed in the middle of a deploy of 10 objects, while a rollout watch is
// running, then started again (same flags, same etcd):
//   - the deploy's outcome names what was applied, what failed and what was not applied, and the
//     cluster agrees with it; a second deploy of the same manifests converges, a third is unchanged;
//   - the rollout watch reports the outage, keeps polling, and ends "ready" once the API server is
//     back (the kube-scheduler is stopped first, so the rollout cannot finish before the outage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import type { KubeClient } from '../../src/kube/client';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import type { ApplyResult } from '../../src/kube/apply';
import type { KubeError } from '../../src/kube/errors';
import { objectRef, readDeployObjects, type DeployObject } from '../../src/kube/manifests';
import { watchRollout, type RolloutResult } from '../../src/kube/rollout';
import { startProcess, stopProcess } from '../testbed/faults.mjs';
import { until } from '../support/poll';
import { testbedState } from '../support/testbed';
import { apiServerReady, bounded, kubeClient, restartStopped } from './support';

const state = testbedState();
const NS = `faults-api-${randomBytes(3).toString('hex')}`;
const SECRET_VALUE = 'faults-secret-value-7d1e';
let admin: KubeClient;

const yes: DeployQuestions = {
  createNamespaces: async () => true,
  forceConflicts: async () => true,
  confirm: async () => true,
};

function deployment(name: string, replicas = 1): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'jobmanager', image: 'flink:1.20', ports: [{ containerPort: 8081 }] }] },
      },
    },
  };
}

/** Ten objects over five apply tiers (RBAC, binding, config, services, workloads). */
function tenObjects(): DeployObject[] {
  const docs = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'flink' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'flink' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'flink' },
      subjects: [{ kind: 'ServiceAccount', name: 'flink', namespace: NS }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flink-config-a' }, data: { 'config.yaml': 'a: 1' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flink-config-b' }, data: { 'config.yaml': 'b: 2' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'flink-secret' }, stringData: { password: SECRET_VALUE } },
    ...['jm-a', 'jm-b'].map((n) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: n },
      spec: { selector: { app: n }, ports: [{ port: 8081 }] },
    })),
    deployment('jm-a'),
    deployment('jm-b'),
  ];
  const text = docs
    .map((d) => stringify({ ...d, metadata: { ...(d.metadata as object), namespace: NS } }))
    .join('---\n');
  const r = readDeployObjects([{ path: '/ws/ten.yaml', text }]);
  assert.deepEqual(r.problems, []);
  assert.equal(r.objects.length, 10);
  return r.objects;
}

async function exists(o: DeployObject): Promise<boolean> {
  try {
    await admin.objects.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: NS } });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

before(async () => {
  admin = kubeClient(state, { namespace: NS, timeoutMs: 10_000 });
  await admin.objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});

after(async () => {
  restartStopped();
  await apiServerReady(state).catch(() => undefined);
  await admin?.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
});

describe('faults: kube-apiserver killed mid-deploy and during a rollout watch', () => {
  const updates: { at: number; message: string }[] = [];
  let watch: Promise<RolloutResult> | undefined;
  let stoppedAt = 0;
  let stopping: Promise<unknown> | undefined;
  let first: Awaited<ReturnType<typeof deploy>> | undefined;
  const objects = tenObjects();

  it('a rollout watch is running (kube-scheduler stopped: the pod stays Pending)', async () => {
    await stopProcess('kube-scheduler');
    const watched = readDeployObjects([
      {
        path: '/ws/w.yaml',
        text: stringify({ ...deployment('watched'), metadata: { name: 'watched', namespace: NS } }),
      },
    ]).objects;
    const r = await deploy(admin, watched, yes, {});
    assert.equal(r.status, 'applied', r.message);
    const client = kubeClient(state, { namespace: NS, timeoutMs: 3_000 });
    watch = watchRollout(
      client,
      watched.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: NS })),
      {
        pollMs: 500,
        timeoutMs: 240_000,
        checkRest: false,
        onUpdate: (_s, message) => updates.push({ at: Date.now(), message }),
      },
    );
    await until(() => updates.length > 0, 'a first rollout update', 30_000);
  });

  it('the API server is killed after the first tiers: the outcome names applied, failed and not applied', async () => {
    const seen: ApplyResult[] = [];
    const r = await bounded(120_000, () =>
      deploy(admin, objects, yes, {
        deployId: 'faults-ten',
        onResult: (res) => {
          seen.push(res);
          // After the RoleBinding's tier (the second one) the API server dies: ConfigMaps and the
          // Secret are sent to a dead server, Services and Deployments are never sent.
          if (res.obj.kind === 'RoleBinding' && !stoppedAt) {
            stoppedAt = Date.now();
            stopping = stopProcess('kube-apiserver');
          }
        },
      }),
    );
    assert.ok(r.value, `deploy threw: ${r.error?.stack}`);
    first = r.value;
    assert.ok(stoppedAt, 'the API server was stopped during the apply');
    assert.equal(first.status, 'failed', first.message);
    const by = (o: string) => first!.results.filter((x) => x.outcome === o).map((x) => objectRef(x.obj));
    const applied = [...by('created'), ...by('configured')];
    assert.deepEqual(
      applied.sort(),
      [`RoleBinding ${NS}/flink`, `Role ${NS}/flink`, `ServiceAccount ${NS}/flink`].sort(),
    );
    assert.deepEqual(
      by('failed').sort(),
      [`ConfigMap ${NS}/flink-config-a`, `ConfigMap ${NS}/flink-config-b`, `Secret ${NS}/flink-secret`].sort(),
    );
    assert.equal(by('not-applied').length, 4, 'Services and Deployments were not sent');
    // The message the user sees names each object in its group, with the reason.
    assert.match(first.message, /Applied: .*ServiceAccount .*\/flink/);
    assert.match(first.message, /Failed: ConfigMap .*flink-config-a: Cannot reach the API server/);
    assert.match(first.message, /Not applied: Service .*jm-a, Service .*jm-b, Deployment .*jm-a, Deployment .*jm-b\./);
    assert.doesNotMatch(first.message, new RegExp(SECRET_VALUE));
    for (const e of first.objectErrors) assert.equal((e.error as KubeError).reason, 'Unreachable');
  });

  it('the rollout watch reports the outage instead of ending', async () => {
    await until(
      () => updates.some((u) => u.at >= stoppedAt && /API server does not answer/.test(u.message)),
      'a rollout update about the outage',
      60_000,
    );
    const settled = await Promise.race([
      watch!.then(() => 'ended'),
      new Promise((r) => setTimeout(() => r('running'), 200)),
    ]);
    assert.equal(settled, 'running', 'the watch is still running');
  });

  it('the API server is back: the cluster agrees with the outcome, a re-run converges', async () => {
    await stopping;
    startProcess('kube-apiserver');
    await apiServerReady(state);
    for (const res of first!.results) {
      if (res.outcome === 'created' || res.outcome === 'configured')
        assert.ok(await exists(res.obj), `${objectRef(res.obj)} reported applied exists`);
      if (res.outcome === 'not-applied')
        assert.ok(!(await exists(res.obj)), `${objectRef(res.obj)} not applied is absent`);
    }
    const again = await deploy(kubeClient(state, { namespace: NS }), tenObjects(), yes, { deployId: 'faults-ten' });
    assert.equal(again.status, 'applied', again.message);
    for (const o of objects) assert.ok(await exists(o), `${objectRef(o)} exists after the re-run`);
    const third = await deploy(kubeClient(state, { namespace: NS }), tenObjects(), yes, { deployId: 'faults-ten' });
    assert.equal(third.status, 'unchanged', third.message);
  });

  it('the watch resumes: with the scheduler back it ends ready', async () => {
    startProcess('kube-scheduler');
    const r = await bounded(200_000, () => watch!);
    assert.ok(r.value, String(r.error));
    assert.equal(r.value.phase, 'ready', r.value.message);
    const back = updates.findIndex((u) => u.at >= stoppedAt && /API server does not answer/.test(u.message));
    assert.ok(
      updates.slice(back).some((u) => !/API server does not answer/.test(u.message)),
      'updates after the outage come from the cluster again',
    );
  });
});
