// Clusters found in the test bed's real Kubernetes API server and reached through the managed
// port-forward (kwok forwards every pod's 8081 to the test bed's real Flink): the docs'
// standalone session cluster, an operator FlinkDeployment with its lifecycle state, port-forward
// reuse, re-pointing after the JobManager pod is replaced, closing when idle, and the operator
// patches applied for real.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { discoverClusters, type DiscoveredCluster } from '../../src/kube/discover';
import { PortForwardManager } from '../../src/kube/port-forward';
import { FlinkClient } from '../../src/flink/client';
import { Connections } from '../../src/features/shared/connections';
import { JobsModel } from '../../src/features/jobs/model';
import { present, type JobsNode } from '../../src/features/jobs/nodes';
import { applyOperatorPatch, operatorPatch } from '../../src/features/jobs/operator';
import { testbedState, type TestbedState } from '../support/testbed';
import { waitFor } from '../support/poll';

const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const ns = `jobs-it-${Date.now().toString(36)}`;
let state: TestbedState;
let kube: KubeClient;

async function create(obj: KubernetesObject): Promise<void> {
  try {
    await kube.objects.create(obj);
  } catch (e) {
    if ((e as { code?: number }).code !== 409) throw e;
  }
}

async function runningPods(selector: string): Promise<string[]> {
  const pods = (await kube.objects.list('v1', 'Pod', ns, undefined, undefined, undefined, undefined, selector))
    .items as Array<KubernetesObject & { status?: { phase?: string } }>;
  return pods
    .filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
    .map((p) => p.metadata!.name!);
}

async function findCluster(
  name: string,
  pred: (d: DiscoveredCluster) => boolean = () => true,
): Promise<DiscoveredCluster> {
  return waitFor(`cluster ${name} discovered`, async () =>
    (await discoverClusters(kube)).clusters.find((c) => c.name === name && pred(c)),
  );
}

before(async () => {
  state = testbedState();
  kube = createKubeClient(loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns }));
  await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await waitFor('default ServiceAccount', async () =>
    (await kube.objects.list('v1', 'ServiceAccount', ns)).items.length ? true : undefined,
  );
  // The Flink docs' standalone session cluster, as a user applies it.
  const docs = parseAllDocuments(
    readFileSync(join(corpus, 'flink-docs', 'session-cluster-from-flink-docs.yaml'), 'utf8'),
  ).map((d) => d.toJS() as KubernetesObject);
  for (const o of docs) await create({ ...o, metadata: { ...o.metadata, namespace: ns } });
  await waitFor('a Running JobManager pod', async () =>
    (await runningPods('app=flink,component=jobmanager')).length ? true : undefined,
  );
});

after(async () => {
  await kube?.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
});

describe('clusters in Kubernetes through the managed port-forward', () => {
  it(
    'discovers the docs session cluster once (two Services, one cluster) and shows its jobs through the port-forward',
    { timeout: 120_000 },
    async () => {
      const d = await findCluster('flink-jobmanager');
      const found = (await discoverClusters(kube)).clusters.filter((c) => c.kind === 'standalone');
      assert.equal(found.length, 1, found.map((c) => c.name).join(', '));
      assert.deepEqual(
        [d.kind, d.namespace, d.jobManagerSelector, d.restPort],
        ['standalone', ns, 'app=flink,component=jobmanager', 8081],
      );

      const connections = new Connections({ configured: () => [], kube: () => kube });
      const model = new JobsModel({ source: connections, onDidChange: () => undefined });
      try {
        const roots = await model.resolveChildren();
        const cluster = roots.find(
          (n): n is Extract<JobsNode, { kind: 'cluster' }> => n.kind === 'cluster' && n.cluster.id === d.id,
        );
        assert.ok(cluster, `root: ${roots.map((n) => present(n).label).join(', ')}`);
        const kids = await model.resolveChildren(cluster);
        const overview = kids.find((n) => n.kind === 'overview');
        assert.ok(overview, `children: ${kids.map((n) => present(n).label).join(' | ')}`);
        assert.equal(present(overview).label, `Flink ${state.flinkVersion}`);
        const running = kids.find(
          (n): n is Extract<JobsNode, { kind: 'stateGroup' }> => n.kind === 'stateGroup' && n.state === 'RUNNING',
        )!;
        const jobs = await model.resolveChildren(running);
        assert.ok(
          jobs.some((n) => n.kind === 'job' && n.job.jid === state.runningJobId),
          'the running job is listed through the forward',
        );
        const url = await connections.webUrl(cluster.cluster, new AbortController().signal);
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the Web UI link is the local forwarded URL, on loopback');
      } finally {
        model.dispose();
        connections.dispose();
      }
    },
  );

  it('reuses one forward, follows a replaced JobManager pod, and closes when idle', { timeout: 180_000 }, async () => {
    const manager = new PortForwardManager(kube, { idleMs: 300, podCheckMs: 500 });
    const target = { namespace: ns, selector: 'app=flink,component=jobmanager', port: 'webui' };
    try {
      const a = await manager.acquire(target);
      const b = await manager.acquire(target);
      assert.equal(a.url, b.url, 'the same forward serves both users');
      assert.match(a.url, /^http:\/\/127\.0\.0\.1:/);
      assert.deepEqual(
        (await manager.active()).map((f) => f.users),
        [2],
      );
      const client = new FlinkClient({ baseUrl: a.url, timeoutMs: 20_000 });
      assert.equal((await client.overview())['flink-version'], state.flinkVersion);

      const before = a.podName();
      assert.ok(before);
      await kube.objects.delete(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: before, namespace: ns } },
        undefined,
        undefined,
        0,
      );
      await waitFor('a new JobManager pod', async () =>
        (await runningPods(target.selector)).some((p) => p !== before) ? true : undefined,
      );
      // Same local URL, now through the new pod: the forward notices the deletion, drops the old
      // tunnels, and the next connection finds the replacement (failed tries allowed meanwhile).
      const overview = await waitFor('Flink through the new pod', async () => {
        try {
          const o = await client.overview();
          return a.podName() && a.podName() !== before ? o : undefined;
        } catch {
          return undefined;
        }
      });
      assert.equal(overview['flink-version'], state.flinkVersion);
      assert.ok((await runningPods(target.selector)).includes(a.podName()!), 'forwarding to the replacement pod');

      a.release();
      b.release();
      await waitFor(
        'the forward to close after its idle period',
        async () => ((await manager.active()).length === 0 ? true : undefined),
        10_000,
      );
      const port = a.localPort;
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.once('error', () => resolve(true));
      });
      assert.equal(refused, true, 'the local port no longer listens');
    } finally {
      manager.dispose();
    }
  });

  it(
    'finds an operator FlinkDeployment with its lifecycle state, reaches it, and applies the operator patches',
    { timeout: 180_000 },
    async () => {
      const crdDir = (state.operatorCrdsDir as string | undefined) ?? join(corpus, 'operator-crds');
      // kubectl (built by the test bed) installs the CRD as a user would; client-node's typed
      // serializer would drop its x-kubernetes-* keys.
      // Another suite may have installed it already: then use theirs.
      const crdInstalled = await kube.objects
        .read({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'flinkdeployments.flink.apache.org' },
        })
        .then(
          () => true,
          () => false,
        );
      if (!crdInstalled) {
        const applied = spawnSync(
          state.kubectl as string,
          [
            '--kubeconfig',
            state.kubeconfig,
            '--context',
            state.context,
            'apply',
            '--server-side',
            '-f',
            join(crdDir, 'flinkdeployments.flink.apache.org-v1.yml'),
          ],
          { encoding: 'utf8' },
        );
        assert.equal(applied.status, 0, applied.stderr);
      }
      const [app] = parseAllDocuments(readFileSync(join(corpus, 'operator-examples', 'basic.yaml'), 'utf8'))
        .map((d) => d.toJS())
        .filter((o) => o?.kind === 'FlinkDeployment');
      const name = app.metadata.name as string;
      await waitFor('the FlinkDeployment CRD to serve', async () => {
        await create({ ...app, metadata: { name, namespace: ns } });
        return true;
      });
      // No operator runs here: play its part, the status and the JobManager pod it would create.
      const custom = kube.kc.makeApiClient(CustomObjectsApi);
      const current = await custom.getNamespacedCustomObject({
        group: 'flink.apache.org',
        version: 'v1beta1',
        namespace: ns,
        plural: 'flinkdeployments',
        name,
      });
      await custom.replaceNamespacedCustomObjectStatus({
        group: 'flink.apache.org',
        version: 'v1beta1',
        namespace: ns,
        plural: 'flinkdeployments',
        name,
        body: {
          ...current,
          status: { lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY', jobStatus: { state: 'RUNNING' } },
        },
      });
      await create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-jm`,
          namespace: ns,
          labels: { app: name, component: 'jobmanager', type: 'flink-native-kubernetes' },
        },
        spec: {
          containers: [
            { name: 'flink-main-container', image: 'flink:1.20', ports: [{ containerPort: 8081, name: 'rest' }] },
          ],
        },
      } as KubernetesObject);
      await waitFor('the operator JobManager pod Running', async () =>
        (await runningPods(`app=${name},component=jobmanager`)).length ? true : undefined,
      );

      const d = await findCluster(name, (c) => c.kind === 'operator' && c.lifecycleState === 'STABLE');
      assert.deepEqual(
        [d.deploymentMode, d.jobState, d.jobManagerDeploymentStatus],
        ['application', 'RUNNING', 'READY'],
      );
      const ref = { id: d.id, name: d.name, source: 'kubernetes' as const, discovered: d };
      assert.equal(
        present({ id: d.id, kind: 'cluster', cluster: ref }).contextValue,
        'cluster.operator.application.running',
      );
      assert.match(String(present({ id: d.id, kind: 'cluster', cluster: ref }).description), /^STABLE/);

      const connections = new Connections({ configured: () => [], kube: () => kube });
      try {
        const client = await connections.connect(ref, new AbortController().signal);
        assert.equal((await client.overview())['flink-version'], state.flinkVersion);
      } finally {
        connections.dispose();
      }

      await applyOperatorPatch(kube, operatorPatch(d, 'suspend'));
      await applyOperatorPatch(kube, operatorPatch(d, 'savepoint', 4242));
      const after = (await kube.objects.read({
        apiVersion: 'flink.apache.org/v1beta1',
        kind: 'FlinkDeployment',
        metadata: { name, namespace: ns },
      })) as KubernetesObject & { spec: { job: { state: string; savepointTriggerNonce: number; jarURI: string } } };
      assert.equal(after.spec.job.state, 'suspended');
      assert.equal(after.spec.job.savepointTriggerNonce, 4242);
      assert.equal(after.spec.job.jarURI, app.spec.job.jarURI, 'a merge patch leaves the rest of the spec alone');
      const again = await findCluster(name, (c) => c.job?.state === 'suspended');
      assert.equal(
        present({ id: again.id, kind: 'cluster', cluster: { ...ref, discovered: again } }).contextValue,
        'cluster.operator.application.suspended',
      );
    },
  );
});
