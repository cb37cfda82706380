// "Deploy Flink cluster" against the real test bed: kube-apiserver + controllers + kwok, with the
// JobManager pod's 8081 forwarded by kwok to the real Flink REST API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { defaultOptions, scaffold } from '../../src/core/scaffold';
import { loadKubeConfig } from '../../src/kube/config';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { deploy, diffOf, type DeployQuestions, type PlanSummary } from '../../src/kube/deploy';
import { deleteTargets, findDeployed, targetsFromObjects } from '../../src/kube/delete';
import type { KubeError } from '../../src/kube/errors';
import { errorLocations, readDeployObjects, type DeployObject } from '../../src/kube/manifests';
import { watchRollout } from '../../src/kube/rollout';
import { serverSideApply } from '../../src/kube/ssa';
import type { PlannedObject } from '../../src/kube/apply';
import { testbedState } from '../support/testbed';

const NS = `deploy-it-${randomBytes(3).toString('hex')}`;
const NAME = 'it-session';
const DEPLOY_ID = 'it-session';

interface Asked {
  namespaces: string[][];
  conflicts: PlannedObject[][];
  diffs: PlannedObject[][];
  confirms: PlanSummary[];
}

/** Scripted answers (the user says yes), recording what was asked. */
function yes(): DeployQuestions & { asked: Asked } {
  const asked: Asked = { namespaces: [], conflicts: [], diffs: [], confirms: [] };
  return {
    asked,
    async createNamespaces(names) {
      asked.namespaces.push(names);
      return true;
    },
    async forceConflicts(c) {
      asked.conflicts.push(c);
      return true;
    },
    async showDiff(changed) {
      asked.diffs.push(changed);
    },
    async confirm(s) {
      asked.confirms.push(s);
      return true;
    },
  };
}

function session(overrides: Record<string, unknown> = {}): string {
  const o = { ...defaultOptions('standalone-session', '1.20', NAME), namespace: NS, ...overrides };
  return scaffold(o as ReturnType<typeof defaultOptions>).find((f) => f.path.endsWith('.yaml'))!.text;
}

function objectsOf(text: string): DeployObject[] {
  const r = readDeployObjects([{ path: '/ws/it-session.yaml', text }]);
  assert.deepEqual(r.problems, []);
  return r.objects;
}

async function readRv(client: KubeClient, objs: DeployObject[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of objs) {
    const live = await client.objects.read({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.name, namespace: o.namespace ?? NS },
    });
    out[`${o.kind}/${o.name}`] = `${live.metadata?.resourceVersion}/${live.metadata?.generation ?? '-'}`;
  }
  return out;
}

async function exists(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  name: string,
  namespace = NS,
): Promise<boolean> {
  try {
    await client.objects.read({ apiVersion, kind, metadata: { name, namespace } });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

describe('deploy a Flink session cluster to the test bed', () => {
  const state = testbedState();
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: NS });
  const client = createKubeClient(kc, { timeoutMs: 20_000 });

  before(() => {
    assert.equal(client.namespace, NS);
  });

  after(async () => {
    // Leave nothing behind even when a test failed half-way.
    try {
      await client.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    } catch {
      /* already gone */
    }
  });

  it('deploys the scaffolded session cluster: namespace offered, rollout complete, pods Running, REST answering through the port-forward', async () => {
    const q = yes();
    const out = await deploy(client, objectsOf(session()), q, { deployId: DEPLOY_ID });
    assert.equal(out.status, 'applied', out.message);
    assert.deepEqual(q.asked.namespaces, [[NS]]);
    assert.equal(q.asked.confirms.length, 1);
    assert.equal(q.asked.confirms[0].context, state.context);
    assert.equal(q.asked.confirms[0].namespace, NS);
    assert.deepEqual(q.asked.confirms[0].namespaces, [NS]);
    assert.equal(q.asked.confirms[0].update.length, 0);
    assert.deepEqual(q.asked.diffs, [], 'nothing exists yet: no diff');
    assert.ok(
      out.results.every((r) => r.outcome === 'created'),
      JSON.stringify(out.results.map((r) => [r.obj.name, r.outcome])),
    );

    const updates: string[] = [];
    const res = await watchRollout(
      client,
      out.results.map((r) => r.obj),
      { timeoutMs: 120_000, onUpdate: (_s, m) => updates.push(m) },
    );
    assert.equal(res.phase, 'ready', res.message);
    assert.ok(res.state.workloads.length >= 2 && res.state.workloads.every((w) => w.done));
    assert.ok(
      res.state.pods.length >= 3 && res.state.pods.every((p) => p.phase === 'Running'),
      JSON.stringify(res.state.pods),
    );
    assert.equal(res.flinkVersion, state.flinkVersion);
    assert.match(res.message, /REST API answers/);
    assert.ok(updates.length >= 1);
  });

  it('a namespace created for the dry-run is removed again when the deploy is not confirmed', async () => {
    const ns = `it-unconfirmed-${randomBytes(3).toString('hex')}`;
    const nsClient = createKubeClient(
      loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns }),
      { timeoutMs: 20_000 },
    );
    const q = { ...yes(), confirm: async () => false };
    const r = await deploy(nsClient, objectsOf(session({ namespace: ns })), q, {});
    assert.equal(r.status, 'cancelled');
    assert.deepEqual(r.createdNamespaces, []);
    assert.match(r.message, new RegExp(`Namespace ${ns} \\(created for the dry-run\\) was removed again`));
    // Gone, or on its way out: nothing of this deploy is left in the cluster.
    const core = kc.makeApiClient(CoreV1Api);
    const left = await core.readNamespace({ name: ns }).then(
      (n) => n.status?.phase,
      () => 'gone',
    );
    assert.ok(left === 'gone' || left === 'Terminating', `namespace ${ns} is ${left}`);
  });

  it('re-deploying unchanged manifests is a no-op (no confirmation, same resourceVersion and generation)', async () => {
    const objs = objectsOf(session());
    const before = await readRv(client, objs);
    const q = yes();
    const out = await deploy(client, objectsOf(session()), q, { deployId: DEPLOY_ID });
    assert.equal(out.status, 'unchanged', out.message);
    assert.equal(q.asked.confirms.length, 0);
    assert.match(out.message, /No changes: all \d+ objects already match/);
    assert.deepEqual(await readRv(client, objs), before);
  });

  it('a changed manifest shows a diff of the changed object and updates it', async () => {
    const changed = session({ taskManagers: 3 });
    const q = yes();
    const out = await deploy(client, objectsOf(changed), q, { deployId: DEPLOY_ID });
    assert.equal(out.status, 'applied', out.message);
    const diffed = q.asked.diffs.flat();
    assert.ok(
      diffed.every((p) => p.change === 'update' && p.live),
      'only objects that exist are diffed',
    );
    const tm = diffed.find((p) => p.name === `${NAME}-taskmanager`);
    assert.ok(tm, `the TaskManager Deployment is diffed (diffed: ${diffed.map((p) => p.name).join(', ')})`);
    assert.match(diffOf(tm).unified, /- {2}replicas: 2\n\+ {2}replicas: 3/);
    assert.ok(q.asked.confirms[0].unchanged.length >= 1);
    const live = (await client.objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${NAME}-taskmanager`, namespace: NS },
    })) as { spec?: { replicas?: number } };
    assert.equal(live.spec?.replicas, 3);
    const res = await watchRollout(
      client,
      out.results.map((r) => r.obj),
      { timeoutMs: 120_000, checkRest: false },
    );
    assert.equal(res.phase, 'ready', res.message);
  });

  it('a conflict with another field manager is shown and applied only after "Force"', async () => {
    // Another tool takes over `replicas` of the TaskManager Deployment.
    await serverSideApply(
      client.objects,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${NAME}-taskmanager`, namespace: NS },
        spec: { replicas: 1 },
      } as never,
      { fieldManager: 'other-tool', force: true },
    );
    const refuse: DeployQuestions & { asked: Asked } = { ...yes(), forceConflicts: async () => false };
    const no = await deploy(client, objectsOf(session({ taskManagers: 3 })), refuse, { deployId: DEPLOY_ID });
    assert.equal(no.status, 'cancelled', no.message);
    assert.match(no.message, /conflicts with other field managers: \.spec\.replicas \(owned by "other-tool"\).*Force/);
    const q = yes();
    const out = await deploy(client, objectsOf(session({ taskManagers: 3 })), q, { deployId: DEPLOY_ID });
    assert.equal(out.status, 'applied', out.message);
    assert.deepEqual(
      q.asked.conflicts.flat().map((p) => p.name),
      [`${NAME}-taskmanager`],
    );
    const live = (await client.objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${NAME}-taskmanager`, namespace: NS },
    })) as { spec?: { replicas?: number } };
    assert.equal(live.spec?.replicas, 3);
  });

  it("an invalid object is rejected by the server's dry-run and nothing is applied", async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: it-invalid-config
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: it-invalid
spec:
  replicas: -1
  selector:
    matchLabels: {app: it-invalid}
  template:
    metadata:
      labels: {app: it-invalid}
    spec:
      containers:
        - name: Bad_Name
          image: flink:1.20
`;
    const objs = objectsOf(text);
    const out = await deploy(client, objs, yes(), { deployId: 'it-invalid' });
    assert.equal(out.status, 'rejected', out.message);
    assert.equal(out.objectErrors.length, 1);
    const { obj, error } = out.objectErrors[0];
    assert.equal(obj.kind, 'Deployment');
    // Diagnostics go on the invalid fields' lines: `replicas: -1` and `- name: Bad_Name`.
    const lines = errorLocations(obj, error)
      .map((l) => l.range.start.line)
      .sort((a, b) => a - b);
    assert.ok(lines.includes(12) && lines.includes(20), `diagnostic lines ${lines.join(', ')}`);
    assert.equal(error.reason, 'Invalid');
    assert.match(error.message, /spec\.replicas/);
    assert.match(error.message, /containers\[0\]\.name/);
    assert.match(out.message, /nothing was applied/);
    assert.equal(await exists(client, 'v1', 'ConfigMap', 'it-invalid-config'), false);
    assert.equal(await exists(client, 'apps/v1', 'Deployment', 'it-invalid'), false);
  });

  it("the limited context's RBAC denial is reported with verb and resource", async () => {
    const limited = createKubeClient(
      loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.limitedContext, namespace: NS }),
      { timeoutMs: 20_000 },
    );
    const q = yes();
    const out = await deploy(limited, objectsOf(session({ name: 'it-denied' })), q, { deployId: 'it-denied' });
    assert.equal(out.status, 'rejected', out.message);
    assert.equal(q.asked.confirms.length, 0);
    const errs = out.objectErrors.map((x) => x.error as KubeError);
    assert.ok(errs.length >= 1);
    for (const e of errs) {
      assert.equal(e.reason, 'Forbidden');
      assert.equal(e.verb, 'patch');
      assert.ok(e.resource, 'resource named');
      assert.match(e.message, new RegExp(`cannot patch ${e.resource}.* in namespace "${NS}"`));
    }
    assert.ok(
      errs.some((e) => e.resource === 'deployments.apps'),
      errs.map((e) => e.resource).join(),
    );
    assert.equal(await exists(client, 'apps/v1', 'Deployment', 'it-denied-jobmanager'), false);
  });

  it('a pod stuck with a bad image is reported with its cause (kwok stage: ImagePullBackOff and a Warning event)', async () => {
    const bad = (state.badImage as { example?: string } | undefined)?.example;
    assert.ok(bad, 'the test bed state names a bad image (state.badImage.example)');
    const objs = objectsOf(session({ name: 'it-badimage', image: bad }));
    const out = await deploy(client, objs, yes(), { deployId: 'it-badimage' });
    assert.equal(out.status, 'applied', out.message);
    const res = await watchRollout(
      client,
      out.results.map((r) => r.obj),
      { timeoutMs: 60_000, checkRest: false },
    );
    assert.equal(res.phase, 'failed', res.message);
    // kwok, like a kubelet, sets the container's waiting reason and posts the Warning event
    // separately: whichever the watch sees first names the cause, and both are image-pull causes.
    const cause = res.state.cause?.cause ?? '';
    assert.ok(['ImagePullBackOff', 'ErrImagePull'].includes(cause), cause);
    assert.ok(res.state.cause?.pod?.startsWith('it-badimage-'), res.state.cause?.pod);
    // The message quotes whichever it saw: the waiting reason, or the Warning event ("Failed: Failed to pull image").
    assert.match(res.message, /(ImagePullBackOff|ErrImagePull|Failed)\b.*pull.*image.*check the image name/i);
    await deleteTargets(client, await targetsFromObjects(client, objs), { waitMs: 30_000 });
  });

  it('a simulated OOMKilled container status (pod status written through the API) is reported with its cause', async () => {
    const pods = await client.objects.list(
      'v1',
      'Pod',
      NS,
      undefined,
      undefined,
      undefined,
      undefined,
      `app=${NAME},component=taskmanager`,
    );
    const pod = JSON.parse(JSON.stringify(pods.items[0])) as {
      metadata: { name: string };
      status: { conditions?: { type: string; status: string }[]; containerStatuses: Record<string, unknown>[] };
    };
    const cs = pod.status.containerStatuses[0];
    cs.ready = false;
    cs.restartCount = 1;
    cs.lastState = {
      terminated: {
        reason: 'OOMKilled',
        exitCode: 137,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
      },
    };
    cs.state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' } };
    for (const c of pod.status.conditions ?? [])
      if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = 'False';
    await kc
      .makeApiClient(CoreV1Api)
      .replaceNamespacedPodStatus({ name: pod.metadata.name, namespace: NS, body: pod as never });
    const objs = objectsOf(session({ taskManagers: 3 }));
    const res = await watchRollout(client, objs, { timeoutMs: 60_000, checkRest: false });
    assert.equal(res.phase, 'failed', res.message);
    assert.equal(res.state.cause?.cause, 'OOMKilled');
    assert.equal(res.state.cause?.pod, pod.metadata.name);
    assert.equal(res.pods[0], pod.metadata.name, 'the failing pod first, for "Show logs"');
    assert.match(res.message, /OOMKilled.*memory/);
  });

  it('delete removes everything the deploy created (manifest objects and labelled ones)', async () => {
    const objs = objectsOf(session({ taskManagers: 3 }));
    const fromManifests = await targetsFromObjects(client, objs);
    const labelled = await findDeployed(client, DEPLOY_ID, NS);
    assert.deepEqual(
      labelled.map((t) => `${t.kind}/${t.name}`).sort(),
      fromManifests.map((t) => `${t.kind}/${t.name}`).sort(),
    );
    const results = await deleteTargets(client, fromManifests, { waitMs: 60_000 });
    assert.ok(
      results.every((r) => r.outcome === 'deleted'),
      JSON.stringify(results.map((r) => [r.target.name, r.outcome])),
    );
    for (const t of fromManifests)
      assert.equal(await exists(client, t.apiVersion, t.kind, t.name), false, `${t.kind}/${t.name} gone`);
    assert.deepEqual(await findDeployed(client, DEPLOY_ID, NS), []);
    // The pods go with their ReplicaSets (garbage collector).
    const deadline = Date.now() + 60_000;
    let left = 1;
    while (Date.now() < deadline && left) {
      left = (await client.objects.list('v1', 'Pod', NS, undefined, undefined, undefined, undefined, `app=${NAME}`))
        .items.length;
      if (left) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(left, 0, 'pods removed');
  });
});
