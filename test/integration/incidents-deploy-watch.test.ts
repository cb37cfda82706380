// A deploy watch feeding post-mortem capture on the real test bed: "Deploy Flink cluster"'s
// pipeline applies a scaffolded session cluster (real kube-apiserver, kwok pods whose container
// logs are the real Flink logs), the rollout watch reports its snapshots to the session's
// incidents, a TaskManager container restarts with OOMKilled, and the next watch ("Watch rollout")
// opens one incident under the id the job explorer lists the cluster by, whose capture holds the
// previous container's last lines. The same for a FlinkDeployment followed through the real
// operator. kwok runs no containers: the test writes restartCount and lastState.terminated (the
// reason) into the pod status itself.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Incident } from '../../src/core/incidents/store';
import { incidentDocument } from '../../src/core/incidents/text';
import { defaultOptions, scaffold } from '../../src/core/scaffold';
import { reportOperatorPods, reportRolloutPods } from '../../src/features/deploy/watch-incidents';
import { captureEvidence } from '../../src/features/incidents/capture';
import { JobsModel } from '../../src/features/jobs/model';
import { Connections } from '../../src/features/shared/connections';
import { Incidents } from '../../src/features/shared/incidents';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import { discoverClusters } from '../../src/kube/discover';
import { readDeployObjects, type DeployObject } from '../../src/kube/manifests';
import { OPERATOR_API_VERSION, operatorDeployReady, waitForOperator } from '../../src/kube/operator-watch';
import { watchRollout } from '../../src/kube/rollout';
import { testbedState, type TestbedState } from '../support/testbed';
import {
  apply,
  operatorClient,
  operatorTestbed,
  remove,
  sessionDeployment,
  suffix,
  waitGone,
} from './operator-helpers';

const NAME = 'watch-incident';

const yes: DeployQuestions = {
  createNamespaces: async () => true,
  forceConflicts: async () => true,
  showDiff: async () => undefined,
  confirm: async () => true,
};

describe('incidents: a deploy watch reports a TaskManager restart (OOMKilled set by the test) on the real test bed', () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let client: KubeClient;
  let core: CoreV1Api;
  const ns = `watch-inc-${randomBytes(3).toString('hex')}`;

  before(() => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns });
    client = createKubeClient(kc, { timeoutMs: 20_000 });
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await core?.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('the watch after the restart opens one incident under the explorer id; its capture holds the previous container log; the explorer adds none', async () => {
    const text = scaffold({ ...defaultOptions('standalone-session', '1.20', NAME), namespace: ns }).find((f) =>
      f.path.endsWith('.yaml'),
    )?.text;
    assert.ok(text, 'the scaffold writes a manifest');
    const read = readDeployObjects([{ path: `/ws/${NAME}.yaml`, text }]);
    assert.deepEqual(read.problems, []);
    const out = await deploy(client, read.objects, yes, { deployId: NAME });
    assert.equal(out.status, 'applied', out.message);
    const objects: DeployObject[] = out.results.map((r) => r.obj);

    const incidents = new Incidents();
    const opened: Incident[] = [];
    incidents.onDidOpen((i) => opened.push(i));
    const logs: string[] = [];
    const watch = () =>
      watchRollout(client, objects, {
        timeoutMs: 120_000,
        checkRest: false,
        log: (m) => logs.push(m),
        // What the deploy feature passes (src/features/deploy/run.ts), one reporter per watch.
        onSnapshot: reportRolloutPods(client, objects, incidents, (m) => logs.push(m)),
      });

    const first = await watch();
    assert.equal(first.phase, 'ready', first.message);
    assert.equal(opened.length, 0, 'nothing restarted during the first rollout');

    // The kubelet's part, done by the test: the TaskManager's container ran again after an OOM kill.
    const [tm] = (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${NAME},component=taskmanager` }))
      .items;
    const cs = tm?.status?.containerStatuses?.[0];
    assert.ok(tm?.metadata?.name && cs, 'kwok reported the TaskManager container status');
    const finishedAt = new Date();
    cs.restartCount += 1;
    cs.lastState = {
      terminated: {
        reason: 'OOMKilled',
        exitCode: 137,
        startedAt: new Date(finishedAt.getTime() - 60_000),
        finishedAt,
      },
    };
    await core.replaceNamespacedPodStatus({ name: tm.metadata.name, namespace: ns, body: tm });

    const second = await watch();
    assert.equal(second.phase, 'failed', second.message);
    assert.equal(second.state.cause?.cause, 'OOMKilled');
    assert.equal(opened.length, 1, `one incident: ${JSON.stringify(opened.map((i) => i.trigger))} ${logs.join('\n')}`);
    const [incident] = opened;
    assert.ok(incident?.trigger.kind === 'container');
    assert.deepEqual(
      [incident.trigger.pod, incident.trigger.container, incident.trigger.reason, incident.trigger.exitCode],
      [tm.metadata.name, 'taskmanager', 'OOMKilled', 137],
    );
    assert.equal(incident.trigger.restartCount, cs.restartCount);

    // The id is the one discovery (the explorer's source) gives the cluster.
    const discovered = (await discoverClusters(createKubeClient(kc))).clusters.find((c) =>
      c.pods?.some((p) => p.name === tm.metadata?.name),
    );
    assert.ok(discovered, 'discovery finds the deployed cluster');
    assert.equal(incident.clusterId, discovered.id);
    assert.equal(incident.namespace, ns);

    // Captured before the explorer has listed the cluster: the capture uses the watch's own ref.
    const kube = createKubeClient(kc);
    const connections = new Connections({ configured: () => [], kube: () => kube });
    const model = new JobsModel({ source: connections, onDidChange: () => undefined, incidents });
    try {
      const capture = await captureEvidence(
        {
          cluster: (id) => incidents.cluster(id),
          kube: () => kube,
          connect: (c, sig) => connections.connect(c, sig),
        },
        incident,
        [],
      );
      const lines = capture.previousLog?.items ?? [];
      assert.equal(capture.previousLog?.error, undefined, JSON.stringify(capture.previousLog));
      assert.ok(lines.length > 50 && lines.length <= 500, `${lines.length} lines, at most 500`);
      const tmLog = readdirSync(state.flinkLogDir).find((f) => /taskexecutor.*\.log$/.test(f));
      assert.ok(tmLog, 'the test bed has a TaskManager log');
      const last = (lines.at(-1) ?? '').replace(/^\S+Z /, '');
      assert.ok(
        last && readFileSync(join(state.flinkLogDir, tmLog), 'utf8').includes(last),
        `the last captured line is the TaskManager's: ${last}`,
      );
      assert.ok(capture.events?.items, JSON.stringify(capture.events));
      incidents.complete(incident.id, capture);
      const doc = incidentDocument(incidents.get(incident.id)!, Date.now());
      assert.match(doc, new RegExp(`^Incident: TaskManager ${tm.metadata.name} was OOMKilled$`, 'm'));
      assert.ok(doc.includes(last), 'the document shows the last line');

      // The explorer now lists the cluster, under the same id, and sees the same restart: nothing new.
      const roots = await model.resolveChildren();
      const node = roots.find((n) => n.kind === 'cluster' && n.cluster.id === incident.clusterId);
      assert.ok(
        node,
        `the explorer lists the cluster under ${incident.clusterId} (${roots.map((n) => n.kind).join(', ')})`,
      );
      model.refresh(true);
      await model.resolveChildren();
      assert.equal(opened.length, 1, 'the explorer does not report the restart again');
      assert.deepEqual(
        incidents.list(incident.clusterId).map((i) => i.id),
        [incident.id],
      );
    } finally {
      model.dispose();
      connections.dispose();
      incidents.dispose();
    }
  });
});

describe('incidents: the deploy follow of a FlinkDeployment reports a JobManager restart (exit reason set by the test) through the real operator', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const name = `wi-${suffix()}`;
  const spec = sessionDeployment(state, name, namespace);

  after(async () => {
    await remove(client, 'FlinkDeployment', name, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', name, namespace).catch(() => undefined);
  });

  it('the follow after the restart opens one incident under the explorer id; the explorer adds none', async () => {
    await apply(client, spec);
    const incidents = new Incidents();
    const opened: Incident[] = [];
    incidents.onDidOpen((i) => opened.push(i));
    const logs: string[] = [];
    const target = { kind: 'FlinkDeployment' as const, name, namespace };
    // What the deploy feature passes (src/features/deploy/operator-follow.ts), one reporter per follow.
    const follow = () =>
      waitForOperator(client, target, (s) => operatorDeployReady(s, spec.spec as Record<string, unknown>), {
        timeoutMs: 180_000,
        onPoll: reportOperatorPods(client, incidents, (m) => logs.push(m)),
      });
    await follow();
    assert.equal(opened.length, 0, 'nothing restarted while the operator brought the cluster up');

    const core = client.kc.makeApiClient(CoreV1Api);
    const [jm] = (await core.listNamespacedPod({ namespace, labelSelector: `app=${name},component=jobmanager` })).items;
    const cs = jm?.status?.containerStatuses?.[0];
    assert.ok(jm?.metadata?.name && cs, 'kwok reported the JobManager container status');
    const finishedAt = new Date();
    cs.restartCount += 1;
    cs.lastState = {
      terminated: { reason: 'Error', exitCode: 1, startedAt: new Date(finishedAt.getTime() - 60_000), finishedAt },
    };
    await core.replaceNamespacedPodStatus({ name: jm.metadata.name, namespace, body: jm });

    await follow();
    assert.equal(opened.length, 1, `one incident: ${JSON.stringify(opened.map((i) => i.trigger))} ${logs.join('\n')}`);
    const [incident] = opened;
    assert.ok(incident?.trigger.kind === 'container');
    assert.deepEqual(
      [incident.trigger.role, incident.trigger.pod, incident.trigger.reason, incident.trigger.exitCode],
      ['jobmanager', jm.metadata.name, 'Error', 1],
    );
    const discovered = (await discoverClusters(client)).clusters.find((c) => c.name === name);
    assert.ok(discovered, 'discovery finds the FlinkDeployment');
    assert.equal(incident.clusterId, discovered.id);
    assert.equal(incident.clusterId, `k8s:${state.context}/${namespace}/flinkdeployment/${name}`);

    // The explorer's view of the same restart: nothing new.
    incidents.observeClusters([{ id: discovered.id, name, source: 'kubernetes', discovered }]);
    assert.equal(opened.length, 1, 'the explorer does not report the restart again');
    incidents.dispose();
  });
});
