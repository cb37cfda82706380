// A standalone rollout that is up gives the session's incidents its cluster's job list, on the real
// test bed: "Deploy Flink cluster"'s pipeline applies a scaffolded session cluster (kwok pods whose
// port 8081 forwards to the real Flink), the rollout watch reports its clusters, and the job list
// is read once through the shared port-forward service. A job that fails after the deploy (a real
// job throwing on its first record, restart strategy none) is then an incident on the explorer's
// very first look at the cluster; without that baseline the first look records nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Incident } from '../../src/core/incidents/store';
import { defaultOptions, scaffold } from '../../src/core/scaffold';
import { reportRolloutPods } from '../../src/features/deploy/watch-incidents';
import { reportRestJobs } from '../../src/features/deploy/watch-jobs';
import { JobsModel } from '../../src/features/jobs/model';
import type { ClusterRef } from '../../src/features/shared/cluster-ref';
import { Connections } from '../../src/features/shared/connections';
import { Incidents } from '../../src/features/shared/incidents';
import { PortForwards } from '../../src/features/shared/port-forwards';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import { readDeployObjects } from '../../src/kube/manifests';
import { watchRollout } from '../../src/kube/rollout';
import { waitFor } from '../support/poll';
import { testbedState, type TestbedState } from '../support/testbed';

const NAME = 'rest-jobs';

const yes: DeployQuestions = {
  createNamespaces: async () => true,
  forceConflicts: async () => true,
  showDiff: async () => undefined,
  confirm: async () => true,
};

async function flink<T>(state: TestbedState, path: string, init: RequestInit = {}): Promise<T> {
  const r = await fetch(state.flinkRestUrl + path, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`Flink ${init.method ?? 'GET'} ${path}: HTTP ${r.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The test bed job with a negative per-record sleep: Thread.sleep throws on the first record. */
async function submitFailingJob(state: TestbedState, name: string): Promise<string> {
  const form = new FormData();
  form.append(
    'jarfile',
    new Blob([readFileSync(state.exampleJar)], { type: 'application/java-archive' }),
    basename(state.exampleJar),
  );
  const jar = basename(
    (await flink<{ filename: string }>(state, '/jars/upload', { method: 'POST', body: form })).filename,
  );
  const run = await flink<{ jobid: string }>(state, `/jars/${encodeURIComponent(jar)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      entryClass: state.exampleJarEntryClass,
      programArgsList: ['stream', '-1', name],
      flinkConfiguration: { 'restart-strategy.type': 'none' },
    }),
  });
  await fetch(`${state.flinkRestUrl}/jars/${encodeURIComponent(jar)}`, { method: 'DELETE' }).catch(() => undefined);
  return run.jobid;
}

describe('incidents: a standalone rollout that is up reads its job list once (real test bed)', () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let kube: KubeClient;
  const ns = `rest-jobs-${randomBytes(3).toString('hex')}`;
  const forwards = new PortForwards();

  before(() => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns });
    kube = createKubeClient(kc, { timeoutMs: 20_000 });
  });
  after(async () => {
    forwards.dispose();
    await kc
      ?.makeApiClient(CoreV1Api)
      .deleteNamespace({ name: ns })
      .catch(() => undefined);
  });

  it("the real job list is the cluster's baseline; a job failing after the deploy is an incident on the explorer's first look", async () => {
    const text = scaffold({ ...defaultOptions('standalone-session', '1.20', NAME), namespace: ns }).find((f) =>
      f.path.endsWith('.yaml'),
    )?.text;
    assert.ok(text);
    const read = readDeployObjects([{ path: `/ws/${NAME}.yaml`, text }]);
    const out = await deploy(kube, read.objects, yes, { deployId: NAME });
    assert.equal(out.status, 'applied', out.message);
    const objects = out.results.map((r) => r.obj);

    const incidents = new Incidents();
    const opened: Incident[] = [];
    incidents.onDidOpen((i) => opened.push(i));
    const logs: string[] = [];
    let clusters: ClusterRef[] = [];
    // What the deploy feature does (src/features/deploy/run.ts): the rollout, then the job list.
    const res = await watchRollout(kube, objects, {
      timeoutMs: 120_000,
      checkRest: false,
      onSnapshot: reportRolloutPods(
        kube,
        objects,
        incidents,
        (m) => logs.push(m),
        (c) => (clusters = c),
      ),
    });
    assert.equal(res.phase, 'ready', res.message);
    assert.equal(clusters.length, 1, JSON.stringify(clusters.map((c) => c.id)));
    const [cluster] = clusters;
    await reportRestJobs({ kube: () => kube, forwards }, incidents, clusters, AbortSignal.timeout(60_000), (m) =>
      logs.push(m),
    );
    const baseline = incidents.lastJobs(cluster!.id);
    assert.ok(
      baseline.some((j) => j.jid === state.runningJobId && j.state === 'RUNNING'),
      `the real Flink's job list: ${JSON.stringify(baseline)} ${logs.join('\n')}`,
    );
    assert.equal(opened.length, 0);

    const failing = await submitFailingJob(state, `rest-jobs-failing-${ns}`);
    await waitFor(
      'the job to fail in Flink',
      async () => ((await flink<{ state: string }>(state, `/jobs/${failing}`)).state === 'FAILED' ? true : undefined),
      60_000,
      500,
    );

    // The explorer's first look at the cluster (REST through its own port-forward).
    const connections = new Connections({ configured: () => [], kube: () => kube, forwards });
    const model = new JobsModel({ source: connections, onDidChange: () => undefined, incidents });
    const bare = new Incidents();
    const bareModel = new JobsModel({ source: connections, onDidChange: () => undefined, incidents: bare });
    try {
      const look = async (m: JobsModel) => {
        const node = (await m.resolveChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === cluster!.id);
        assert.ok(node, `the explorer lists ${cluster!.id}`);
        await m.resolveChildren(node);
      };
      await look(model);
      const mine = opened.filter((i) => i.trigger.kind === 'job' && i.trigger.jobId === failing);
      assert.equal(mine.length, 1, `one incident for the failed job: ${JSON.stringify(opened.map((i) => i.trigger))}`);
      assert.equal(mine[0]?.clusterId, cluster!.id);
      // The same first look without the deploy's baseline compares with nothing.
      await look(bareModel);
      assert.equal(bare.all().length, 0);
    } finally {
      model.dispose();
      bareModel.dispose();
      connections.dispose();
      incidents.dispose();
      bare.dispose();
    }
  });
});
