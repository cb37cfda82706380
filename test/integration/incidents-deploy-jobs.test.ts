// A deploy's operator follow recording a job failure, on the real test bed: a FlinkSessionJob whose
// job throws on its first record (the test bed job with a negative per-record sleep, restart
// strategy none) is submitted by the real operator to the real Flink, fails there, and the follow
// (what "Deploy Flink cluster" passes as onPoll) opens one job incident under the id the job
// explorer lists the session cluster by. Its capture holds the job's real exception history through
// the port-forward; with no JobManager to forward to, the operator's error and events instead. The
// explorer's own look at the cluster afterwards adds no second incident.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Incident } from '../../src/core/incidents/store';
import { incidentDocument } from '../../src/core/incidents/text';
import { reportOperatorFollow } from '../../src/features/deploy/watch-jobs';
import { captureEvidence } from '../../src/features/incidents/capture';
import { JobsModel } from '../../src/features/jobs/model';
import { Connections } from '../../src/features/shared/connections';
import { Incidents } from '../../src/features/shared/incidents';
import { discoverClusters } from '../../src/kube/discover';
import {
  OPERATOR_API_VERSION,
  operatorDeployReady,
  operatorEvents,
  waitForOperator,
} from '../../src/kube/operator-watch';
import { waitFor } from '../support/poll';
import {
  apply,
  operatorClient,
  operatorTestbed,
  remove,
  sessionDeployment,
  sessionJob,
  suffix,
  waitForFlinkJob,
  waitGone,
} from './operator-helpers';

describe('incidents: the deploy follow of a FlinkSessionJob records its job failing in the real Flink (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const id = suffix();
  const session = `wj-session-${id}`;
  const job = `wj-job-${id}`;
  const jobName = `wj-failing-${id}`;
  const incidents = new Incidents();
  const opened: Incident[] = [];
  incidents.onDidOpen((i) => opened.push(i));
  const connections = new Connections({ configured: () => [], kube: () => client });

  before(async () => {
    const dep = sessionDeployment(state, session, namespace);
    await apply(client, dep);
    await waitForOperator(
      client,
      { kind: 'FlinkDeployment', name: session, namespace },
      (s) => operatorDeployReady(s, dep.spec as Record<string, unknown>),
      { timeoutMs: 180_000 },
    );
  });

  after(async () => {
    connections.dispose();
    incidents.dispose();
    await remove(client, 'FlinkSessionJob', job, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkSessionJob', job, namespace).catch(() => undefined);
    await remove(client, 'FlinkDeployment', session, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', session, namespace).catch(() => undefined);
  });

  it('the follow opens one job incident under the explorer id; its capture holds the real exception history', async () => {
    const sj = sessionJob(state, job, namespace, session, jobName) as {
      spec: { job: { args: string[] }; flinkConfiguration?: Record<string, string> };
    };
    // Thread.sleep(-1) throws IllegalArgumentException on the first record; no restarts.
    sj.spec.job.args = ['stream', '-1', jobName];
    sj.spec.flinkConfiguration = { 'restart-strategy.type': 'none' };
    await apply(client, sj as unknown as Record<string, unknown>);

    const logs: string[] = [];
    const st = await waitForOperator(
      client,
      { kind: 'FlinkSessionJob', name: job, namespace },
      (s) => s.jobState === 'FAILED',
      {
        timeoutMs: 180_000,
        allowFailure: true,
        // What the deploy feature passes (src/features/deploy/operator-follow.ts), one per follow.
        onPoll: reportOperatorFollow(client, incidents, (m) => logs.push(m)),
      },
    );
    assert.ok(st.jobId, 'the operator reports the job id');
    await waitForFlinkJob(state, st.jobId, ['FAILED']);

    assert.equal(opened.length, 1, `one incident: ${JSON.stringify(opened.map((i) => i.trigger))} ${logs.join('\n')}`);
    const [incident] = opened;
    assert.ok(incident?.trigger.kind === 'job');
    assert.equal(incident.trigger.jobId, st.jobId);
    assert.ok(['FAILING', 'RESTARTING', 'FAILED'].includes(incident.trigger.state), incident.trigger.state);
    assert.deepEqual(incident.trigger.operator, { kind: 'FlinkSessionJob', name: job, namespace });
    const discovered = (await discoverClusters(client)).clusters.find((c) => c.name === session);
    assert.ok(discovered, 'discovery finds the session cluster');
    assert.equal(incident.clusterId, discovered.id);
    assert.equal(incident.clusterId, `k8s:${state.context}/${namespace}/flinkdeployment/${session}`);

    // The capture, as the incidents feature runs it (the hub knows the cluster from the follow's pods).
    assert.ok(incidents.cluster(incident.clusterId), 'the follow reported the session cluster with its pods');
    const capture = await captureEvidence(
      {
        cluster: (cid) => incidents.cluster(cid),
        kube: () => client,
        connect: (c, sig) => connections.connect(c, sig),
      },
      incident,
      incidents.lastJobs(incident.clusterId),
    );
    assert.equal(capture.exceptions?.error, undefined, JSON.stringify(capture.exceptions));
    assert.equal(capture.operator, undefined, 'the REST history was read: no fallback');
    const entries = capture.exceptions?.items?.[0]?.entries ?? [];
    assert.ok(
      entries.some((e) => /timeout value is negative/.test(`${e.message}\n${e.stacktrace}`)),
      JSON.stringify(entries.map((e) => e.message)),
    );
    incidents.complete(incident.id, capture);
    const doc = incidentDocument(incidents.get(incident.id)!, Date.now());
    assert.match(doc, new RegExp(`^Operator: FlinkSessionJob ${namespace}/${job} reported it`, 'm'));
    assert.match(doc, /IllegalArgumentException/);
  });

  it('with no JobManager to forward to, the capture says the REST history was not reachable and keeps what the operator reported', async () => {
    const [incident] = opened;
    assert.ok(incident, 'the first test opened the incident');
    const ref = incidents.cluster(incident.clusterId);
    assert.ok(ref?.discovered);
    // The same cluster, its JobManager selector matching no pod: the port-forward cannot be opened.
    const gone = { ...ref, discovered: { ...ref.discovered, jobManagerSelector: `app=${session}-nothing` } };
    const isolated = new Connections({ configured: () => [], kube: () => client });
    // The operator writes its Warning events about the failed job on its next observation.
    await waitFor(
      "the operator's Warning event about the job",
      async () =>
        (await operatorEvents(client, { kind: 'FlinkSessionJob', name: job, namespace })).find(
          (e) => e.type === 'Warning',
        ),
      60_000,
      1_000,
    );
    try {
      const capture = await captureEvidence(
        { cluster: () => gone, kube: () => client, connect: (c, sig) => isolated.connect(c, sig) },
        incident,
        [],
      );
      assert.match(
        capture.exceptions?.error ?? '',
        /The REST exception history was not reachable: what the operator reported is below\./,
      );
      assert.equal(capture.operator?.error, undefined, JSON.stringify(capture.operator));
      const lines = capture.operator?.items ?? [];
      assert.match(lines[0] ?? '', /^status\.error: /);
      assert.ok(
        lines.some((l) => / Warning (JobException|Error)/.test(l)),
        `the operator's Warning events about the job: ${lines.join('\n')}`,
      );
    } finally {
      isolated.dispose();
    }
  });

  it("the explorer's look at the session cluster afterwards (REST job list) opens no second incident", async () => {
    const model = new JobsModel({ source: connections, onDidChange: () => undefined, incidents });
    try {
      const roots = await model.resolveChildren();
      const node = roots.find((n) => n.kind === 'cluster' && n.cluster.name === session);
      assert.ok(node?.kind === 'cluster', 'the explorer lists the session cluster');
      const before = incidents.lastJobs(node.cluster.id).length;
      await model.resolveChildren(node);
      const ours = (opened[0]!.trigger as { jobId: string }).jobId;
      // Every operator cluster here is the one real Flink: its list holds the other suites' jobs too.
      assert.ok(incidents.lastJobs(node.cluster.id).length > before, 'the explorer read the full job list');
      assert.ok(incidents.lastJobs(node.cluster.id).some((j) => j.jid === ours && j.state === 'FAILED'));
      assert.equal(opened.filter((i) => i.trigger.kind === 'job' && i.trigger.jobId === ours).length, 1);
    } finally {
      model.dispose();
    }
  });
});
