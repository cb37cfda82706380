// The job explorer's model (no vscode) against the real Flink Kubernetes Operator of the test bed:
// an application FlinkDeployment with its operator row, job and health verdict, a session
// FlinkDeployment with its FlinkSessionJob, a savepoint taken by the nonce listed as a
// FlinkStateSnapshot under its deployment, a bad image named as the cause, and the REST requests a
// refresh of an expanded FlinkDeployment costs. Then a cluster of Flink's native Kubernetes mode
// (its objects as kubernetes-session.sh creates them) found by its labels and reached through the
// port-forward.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Connections } from '../../src/features/shared/connections';
import { JobsModel } from '../../src/features/jobs/model';
import { present, type JobsNode } from '../../src/features/jobs/nodes';
import type { RequestRecord } from '../../src/flink/http';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { listSnapshots, OPERATOR_API_VERSION, waitForOperator } from '../../src/kube/operator-watch';
import { waitFor } from '../support/poll';
import {
  applicationDeployment,
  apply,
  forceRemove,
  operatorClient,
  operatorTestbed,
  remove,
  savepointOnDisk,
  sessionDeployment,
  sessionJob,
  suffix,
  waitGone,
} from './operator-helpers';

type ClusterNode = Extract<JobsNode, { kind: 'cluster' }>;

function explorer(kube: KubeClient, records: RequestRecord[] = []) {
  const connections = new Connections({
    configured: () => [],
    kube: () => kube,
    onRequest: (r) => records.push(r),
    timeoutMs: () => 20_000,
  });
  const model = new JobsModel({ source: connections, onDidChange: () => undefined });
  return { model, connections };
}

/** Re-discovers until a cluster node named `name` satisfies `pred`. */
async function clusterNode(
  model: JobsModel,
  name: string,
  pred: (n: ClusterNode) => boolean = () => true,
  timeoutMs = 120_000,
): Promise<ClusterNode> {
  return waitFor(
    `cluster node ${name}`,
    async () => {
      model.refresh(true);
      const root = await model.resolveChildren();
      const n = root.find((x): x is ClusterNode => x.kind === 'cluster' && x.cluster.name === name);
      return n && pred(n) ? n : undefined;
    },
    timeoutMs,
    1000, // each try is one discovery (seven lists)
  );
}

/** Expands the cluster level until its REST part has loaded (not the loading node). */
async function expand(model: JobsModel, node: JobsNode, what: (kids: JobsNode[]) => boolean): Promise<JobsNode[]> {
  return waitFor(`children of ${node.id}`, async () => {
    model.retry(node);
    const kids = await model.resolveChildren(node);
    return what(kids) ? kids : undefined;
  });
}

describe('explorer: operator resources and health verdicts (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const id = suffix();
  const app = `tree-app-${id}`;
  const sess = `tree-sess-${id}`;
  const sj = `tree-sj-${id}`;
  const bad = `tree-bad-${id}`;
  const records: RequestRecord[] = [];
  const { model, connections } = explorer(client, records);
  let appJobId = '';

  before(async () => {
    await apply(client, applicationDeployment(state, app, namespace, `tree-app-job-${id}`));
    await apply(client, sessionDeployment(state, sess, namespace));
    await apply(client, sessionJob(state, sj, namespace, sess, `tree-sj-job-${id}`));
  });

  after(async () => {
    model.dispose();
    connections.dispose();
    for (const s of await listSnapshots(client, namespace, app).catch(() => []))
      await remove(client, 'FlinkStateSnapshot', s.name, namespace);
    await remove(client, 'FlinkSessionJob', sj, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkSessionJob', sj, namespace).catch(() => undefined);
    for (const name of [app, sess]) await remove(client, 'FlinkDeployment', name, namespace);
    await forceRemove(client, 'FlinkDeployment', bad, namespace).catch(() => undefined);
    for (const name of [app, sess])
      await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', name, namespace).catch(() => undefined);
  });

  it('an application FlinkDeployment: operator row, its job from Flink, a healthy verdict naming the checkpoint', async () => {
    const st = await waitForOperator(
      client,
      { kind: 'FlinkDeployment', name: app, namespace },
      (s) => s.lifecycleState === 'STABLE' && s.jobState === 'RUNNING' && !!s.jobId,
      { timeoutMs: 180_000 },
    );
    appJobId = st.jobId!;
    const node = await clusterNode(model, app, (n) => n.cluster.discovered?.lifecycleState === 'STABLE');
    assert.deepEqual(node.resource, { context: state.context, namespace, kind: 'FlinkDeployment', name: app });
    assert.equal(present(node).contextValue, 'cluster.operator.application.running');
    const kids = await expand(model, node, (k) => k.some((n) => n.kind === 'stateGroup'));
    const row = kids.find((n) => n.kind === 'info' && n.label === 'Operator');
    assert.ok(row, `operator row in [${kids.map((n) => present(n).label).join(', ')}]`);
    assert.match(
      String(present(row).description),
      /^STABLE · JobManager READY · job RUNNING · upgrade mode savepoint$/,
    );
    // The job the operator names is in the real Flink's list (the test bed's one session cluster).
    const running = kids.find((n) => n.kind === 'stateGroup' && n.state === 'RUNNING')!;
    assert.ok((await model.resolveChildren(running)).some((n) => n.kind === 'job' && n.job.jid === appJobId));
    // Healthy, once the job has a completed checkpoint (the test job checkpoints every few seconds).
    const healthy = await waitFor(
      'a healthy verdict with the last checkpoint',
      async () => {
        model.retry(node);
        await model.resolveChildren(node);
        const v = (model.node(node.id) as ClusterNode).health;
        return v?.level === 'healthy' && /last checkpoint/.test(v.summary) ? v : undefined;
      },
      90_000,
      1000,
    );
    assert.match(healthy.summary, /^RUNNING, last checkpoint \d+ s ago$/);
    const p = present(model.node(node.id)!);
    assert.equal(p.icon, 'cloud|testing.iconPassed');
    assert.match(String(p.tooltip), /Health: healthy: RUNNING, last checkpoint/);
  });

  it('a refresh of the expanded FlinkDeployment costs /overview, /jobs and the job’s checkpoints', async () => {
    const node = model.node(`k8s:${state.context}/${namespace}/flinkdeployment/${app}`)!;
    await model.resolveChildren(node);
    records.length = 0;
    model.refresh(false);
    await model.resolveChildren();
    await model.resolveChildren(node);
    const paths = records
      .map((r) => new URL(r.url).pathname)
      .filter((p) => p !== '/jobs/overview') // only when some job of the shared Flink changed state
      .sort();
    assert.deepEqual(paths, ['/jobs', `/jobs/${appJobId}/checkpoints`, '/overview']);
  });

  it('a session FlinkDeployment lists its FlinkSessionJob with lifecycle, job state and upgrade mode', async () => {
    const st = await waitForOperator(
      client,
      { kind: 'FlinkSessionJob', name: sj, namespace },
      (s) => s.jobState === 'RUNNING' && !!s.jobId,
      { timeoutMs: 180_000 },
    );
    const node = await clusterNode(
      model,
      sess,
      (n) => !!n.cluster.discovered?.sessionJobs?.some((j) => j.name === sj && j.jobState === 'RUNNING'),
    );
    assert.equal(present(node).contextValue, 'cluster.operator.session');
    const kids = await expand(model, node, (k) => k.some((n) => n.kind === 'stateGroup'));
    const job = kids.find((n): n is Extract<JobsNode, { kind: 'sessionJob' }> => n.kind === 'sessionJob');
    assert.ok(job, `session job in [${kids.map((n) => present(n).label).join(', ')}]`);
    assert.equal(job.job.jobId, st.jobId);
    assert.deepEqual(job.resource, { context: state.context, namespace, kind: 'FlinkSessionJob', name: sj });
    assert.equal(present(job).contextValue, 'operator.sessionJob.running');
    assert.equal(present(job).description, 'STABLE · job RUNNING · upgrade stateless');
    // Its verdict took the job's state from Flink's own list (loaded with the cluster level).
    assert.equal(job.health.level, 'healthy');
  });

  it('a savepoint by the nonce shows as a COMPLETED FlinkStateSnapshot under its deployment', async () => {
    const patched = applicationDeployment(state, app, namespace, `tree-app-job-${id}`) as {
      spec: { job: Record<string, unknown> };
    };
    patched.spec.job.savepointTriggerNonce = 7;
    await apply(client, patched);
    const node = await clusterNode(
      model,
      app,
      (n) => !!n.cluster.discovered?.snapshots?.some((s) => s.state === 'COMPLETED'),
      180_000,
    );
    const kids = model.children(node);
    const group = kids.find((n) => n.kind === 'snapshots');
    assert.ok(group, `snapshots in [${kids.map((n) => present(n).label).join(', ')}]`);
    assert.equal(present(group).contextValue, 'operator.snapshots.FlinkDeployment');
    const snap = (await model.resolveChildren(group)).find(
      (n) => n.kind === 'snapshot' && n.info.state === 'COMPLETED',
    );
    assert.ok(snap?.kind === 'snapshot');
    assert.deepEqual(snap.resource, { context: state.context, namespace, kind: 'FlinkDeployment', name: app });
    assert.equal(snap.snapshot.namespace, namespace);
    assert.equal(present(snap).contextValue, 'operator.snapshot.completed');
    assert.ok(savepointOnDisk(snap.info.path), `${snap.info.path} was written by Flink`);
    assert.match(String(present(snap).description), /^savepoint · COMPLETED · .* ago · file:/);
  });

  it('a FlinkDeployment whose image cannot be pulled: the verdict names the JobManager pod and why', async () => {
    const obj = applicationDeployment(state, bad, namespace, `tree-bad-job-${id}`) as { spec: { image: string } };
    obj.spec.image = 'registry.invalid/flink:does-not-exist';
    await apply(client, obj);
    const node = await clusterNode(
      model,
      bad,
      (n) => !!n.health?.causes.some((c) => /is (ImagePullBackOff|ErrImagePull)/.test(c)),
      180_000,
    );
    assert.equal(node.health?.level, 'failing');
    assert.match(node.health!.summary, /^JobManager \S+ is (ImagePullBackOff|ErrImagePull)/);
    assert.match(String(present(node).description), /is (ImagePullBackOff|ErrImagePull)/);
    assert.equal(present(node).icon, 'cloud|errorForeground');
  });
});

describe("explorer: a cluster of Flink's native Kubernetes mode (real API server, port-forward, Flink)", () => {
  const { state } = operatorTestbed();
  const ns = `native-${suffix()}`;
  const cid = `native-session-${suffix()}`;
  let kube: KubeClient;
  let tools: ReturnType<typeof explorer>;
  const labels = { type: 'flink-native-kubernetes', app: cid };

  before(async () => {
    kube = createKubeClient(
      loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns }),
    );
    tools = explorer(kube);
    const create = (o: KubernetesObject) => kube.objects.create(o);
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await waitFor('default ServiceAccount', async () =>
      (await kube.objects.list('v1', 'ServiceAccount', ns)).items.length ? true : undefined,
    );
    // The objects kubernetes-session.sh creates (KubernetesJobManagerFactory): the JobManager
    // Deployment <cluster-id>, the headless internal Service <cluster-id>, and <cluster-id>-rest.
    const jm = { ...labels, component: 'jobmanager' };
    await create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: cid, namespace: ns, labels: jm },
      spec: {
        replicas: 1,
        selector: { matchLabels: jm },
        template: {
          metadata: { labels: jm },
          spec: {
            containers: [
              { name: 'flink-main-container', image: 'flink:testbed', ports: [{ name: 'rest', containerPort: 8081 }] },
            ],
          },
        },
      },
    } as KubernetesObject);
    await create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: cid, namespace: ns, labels },
      spec: {
        clusterIP: 'None',
        selector: jm,
        ports: [
          { name: 'jobmanager-rpc', port: 6123 },
          { name: 'blobserver', port: 6124 },
        ],
      },
    } as KubernetesObject);
    await create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${cid}-rest`, namespace: ns, labels },
      spec: { selector: jm, ports: [{ name: 'rest', port: 8081, targetPort: 8081 }] },
    } as KubernetesObject);
  });

  after(async () => {
    tools?.model.dispose();
    tools?.connections.dispose();
    await kube?.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
  });

  it('is one cluster named by its cluster id, reached through the port-forward like the others', async () => {
    const node = await clusterNode(
      tools.model,
      cid,
      (n) => !!n.cluster.discovered?.pods?.some((p) => p.phase === 'Running'),
    );
    const d = node.cluster.discovered!;
    assert.deepEqual([d.kind, d.id, d.restPort], ['native', `k8s:${state.context}/${ns}/native/${cid}`, 8081]);
    assert.equal(
      (await tools.model.resolveChildren()).filter((n) => n.kind === 'cluster' && n.cluster.name.startsWith(cid))
        .length,
      1,
      'the -rest and headless Services are not clusters of their own',
    );
    assert.equal(present(node).contextValue, 'cluster.standalone');
    assert.match(String(present(node).tooltip), /native Kubernetes mode/);
    const kids = await expand(tools.model, node, (k) => k.some((n) => n.kind === 'overview'));
    const overview = kids.find((n) => n.kind === 'overview')!;
    assert.equal(present(overview).label, `Flink ${state.flinkVersion}`);
    // Native TaskManagers come and go with jobs: no TaskManager pod is not held against it.
    assert.ok(!node.health?.causes.some((c) => /no TaskManager pod/.test(c)), node.health?.causes.join('; '));
  });
});
