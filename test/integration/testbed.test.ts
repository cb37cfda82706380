// The test bed itself, checked through @kubernetes/client-node and the Flink REST API: the real
// apiserver answers, a Deployment rolls out to Running pods on the kwok node, a pod's 8081
// forwards to the real Flink, pod logs are Flink's own, RBAC denies the limited user, and Flink
// has its RUNNING and FINISHED jobs. Runs once per Flink version (scripts/test.mjs).
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { testbedState, submitStreamingJob, type TestbedState } from '../support/testbed';
import { waitFor } from '../support/poll';

const NS = `testbed-check-${Date.now().toString(36)}`;
const JM = 'testbed-check-jobmanager';
const TM = 'testbed-check-taskmanager';

function kubeConfig(state: TestbedState, context: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

function deployment(name: string, container: string): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: container, image: 'flink:1.20', ports: [{ containerPort: 8081 }] }] },
      },
    },
  };
}

async function runningPod(core: k8s.CoreV1Api, app: string): Promise<k8s.V1Pod> {
  return waitFor(
    `a Running pod of ${app}`,
    async () => {
      const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: `app=${app}` });
      return pods.items.find((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
    },
    90_000,
  );
}

describe(`test bed (Flink ${process.env.FLINK_VERSION ?? 'from state'})`, () => {
  let state: TestbedState;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  before(async () => {
    state = testbedState();
    kc = kubeConfig(state, state.context);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });

  after(async () => {
    await core?.deleteNamespace({ name: NS }).catch(() => undefined);
  });

  it('answers on loopback only: apiserver and Flink URLs are 127.0.0.1', () => {
    assert.match(state.apiServerUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(state.flinkRestUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(kc.getCurrentCluster()?.server, state.apiServerUrl);
  });

  it('lists namespaces through the admin context', async () => {
    const list = await core.listNamespace();
    const names = list.items.map((n) => n.metadata?.name);
    for (const n of ['default', 'kube-system', NS])
      assert.ok(names.includes(n), `${n} missing from ${names.join(', ')}`);
  });

  it('server-side applies Deployments whose pods become Running on the kwok node', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    for (const [name, container] of [
      [JM, 'jobmanager'],
      [TM, 'taskmanager'],
    ]) {
      const applied = await objects.patch(
        deployment(name, container),
        undefined,
        undefined,
        'testbed-test',
        true,
        k8s.PatchStrategy.ServerSideApply,
      );
      assert.equal(applied.metadata?.name, name);
      assert.ok(applied.metadata?.managedFields?.some((f) => f.manager === 'testbed-test' && f.operation === 'Apply'));
    }
    const pod = await runningPod(core, JM);
    assert.equal(pod.spec?.nodeName, state.kwokNodeName);
    assert.equal(pod.status?.hostIP, '127.0.0.1');
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const d = await waitFor('rollout complete', async () => {
      const live = await apps.readNamespacedDeployment({ name: TM, namespace: NS });
      return live.status?.availableReplicas === 1 && live.status.updatedReplicas === 1 ? live : undefined;
    });
    assert.equal(d.status?.readyReplicas, 1);
  });

  it("port-forwards the JobManager pod's 8081 to the real Flink REST API (GET /overview has flink-version)", async () => {
    const pod = await runningPod(core, JM);
    const forward = new k8s.PortForward(kc);
    const sockets = new Set<import('node:net').Socket>();
    const tunnels: Promise<unknown>[] = [];
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      tunnels.push(forward.portForward(NS, pod.metadata!.name!, [state.podPortForward.port], socket, null, socket));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await fetch(`http://127.0.0.1:${port}/overview`, {
        signal: AbortSignal.timeout(20_000),
        headers: { connection: 'close' },
      });
      assert.equal(r.status, 200);
      const overview = (await r.json()) as Record<string, unknown>;
      assert.equal(overview['flink-version'], state.flinkVersion);
      assert.ok((overview['taskmanagers'] as number) >= 1);
    } finally {
      for (const s of sockets) s.destroy();
      for (const t of await Promise.allSettled(tunnels)) {
        if (t.status === 'fulfilled') (t.value as { close?: () => void }).close?.();
      }
      await new Promise((r) => server.close(r));
    }
  });

  it("reads a TaskManager pod's log: Flink's own startup lines", async () => {
    const pod = await runningPod(core, TM);
    let text = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    // client-node 1.4 never calls the `done` callback: the response ends the piped sink instead.
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve);
      sink.on('error', reject);
    });
    await new k8s.Log(kc).log(NS, pod.metadata!.name!, 'taskmanager', sink, { follow: false });
    await finished;
    assert.match(text, /Starting TaskManager/);
    assert.match(text, new RegExp(`Version: ${state.flinkVersion.replace(/\./g, '\\.')}`));
    assert.doesNotMatch(text, /stdout F/, 'CRI framing must be stripped by the kubelet API');
  });

  it('follows a pod log: new Flink log lines arrive while following', async () => {
    // The JobManager logs each completed checkpoint of the streaming job (every 10 s).
    const pod = await runningPod(core, JM);
    let text = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    const abort = await new k8s.Log(kc).log(NS, pod.metadata!.name!, 'jobmanager', sink, {
      follow: true,
      tailLines: 0,
    });
    try {
      await waitFor(
        'a new JobManager log line while following',
        async () => (/Completed checkpoint/.test(text) ? true : undefined),
        40_000,
      );
    } finally {
      abort.abort();
    }
    assert.match(text, /Completed checkpoint \d+ for job/);
  });

  it('keeps a pod with a bad image out of Running: ImagePullBackOff and a Warning event', async () => {
    const name = 'testbed-check-bad-image';
    await core.createNamespacedPod({
      namespace: NS,
      body: { metadata: { name }, spec: { containers: [{ name: 'main', image: state.badImage.example }] } },
    });
    const pod = await waitFor('the bad-image pod to get its container status', async () => {
      const p = await core.readNamespacedPod({ name, namespace: NS });
      return p.status?.containerStatuses?.length ? p : undefined;
    });
    assert.equal(pod.status?.phase, 'Pending');
    assert.equal(pod.status?.containerStatuses?.[0].state?.waiting?.reason, 'ImagePullBackOff');
    const events = await waitFor('a Warning event for the pod', async () => {
      const list = await core.listNamespacedEvent({ namespace: NS, fieldSelector: `involvedObject.name=${name}` });
      return list.items.some((e) => e.type === 'Warning') ? list : undefined;
    });
    assert.ok(events.items.some((e) => e.reason === 'Failed'));
  });

  it('denies creating a Deployment with the limited context (403), but lets it read', async () => {
    const limited = kubeConfig(state, state.limitedContext);
    const apps = limited.makeApiClient(k8s.AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: NS });
    assert.ok(list.items.some((d) => d.metadata?.name === JM));
    await assert.rejects(
      apps.createNamespacedDeployment({ namespace: NS, body: deployment('denied', 'main') }),
      (e: unknown) => (e as { code?: number }).code === 403,
    );
  });

  it('has the RUNNING streaming job and the FINISHED batch job in /jobs/overview', async () => {
    const r = await fetch(`${state.flinkRestUrl}/jobs/overview`, { signal: AbortSignal.timeout(10_000) });
    const { jobs } = (await r.json()) as { jobs: { jid: string; state: string; name: string }[] };
    const byId = new Map(jobs.map((j) => [j.jid, j]));
    assert.equal(byId.get(state.runningJobId)?.state, 'RUNNING');
    assert.equal(byId.get(state.finishedJobId)?.state, 'FINISHED');
    const config = (await (
      await fetch(`${state.flinkRestUrl}/jobmanager/config`, { signal: AbortSignal.timeout(10_000) })
    ).json()) as { key: string; value: string }[];
    const savepointDir = config.find(
      (c) => c.key === 'state.savepoints.dir' || c.key === 'execution.checkpointing.savepoint-dir',
    );
    assert.ok(savepointDir?.value.startsWith('file://'), 'a savepoint directory is configured');
  });

  it('starts an extra streaming job for tests (submitStreamingJob) and cancels it', async () => {
    const jobId = await submitStreamingJob(state, { name: 'testbed-self-check' });
    assert.notEqual(jobId, state.runningJobId);
    const r = await fetch(`${state.flinkRestUrl}/jobs/${jobId}?mode=cancel`, {
      method: 'PATCH',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(r.status, 202);
    await waitFor('extra job CANCELED', async () => {
      const j = (await (
        await fetch(`${state.flinkRestUrl}/jobs/${jobId}`, { signal: AbortSignal.timeout(10_000) })
      ).json()) as { state: string };
      return j.state === 'CANCELED' ? true : undefined;
    });
  });
});
