// A deploy's operator follow reporting job failures to the session's incidents: the job state the
// operator writes (status.jobStatus, status.error) goes to the same hub call the explorer makes
// with Flink's REST job list, under the explorer's cluster id, so one failure is one incident
// whoever sees it first; a follow's one-job view leaves the explorer's other jobs alone; a job
// whose REST history cannot be read is captured from what the operator reported.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectJobIncidents, RECENT_ON_FIRST_SIGHT_MS } from '../../src/core/incidents/detect';
import { IncidentStore, JOB_REPEAT_MS, type Incident } from '../../src/core/incidents/store';
import { incidentDocument } from '../../src/core/incidents/text';
import { clusterDeploymentName, OperatorJobReports, reportRestJobs } from '../../src/features/deploy/watch-jobs';
import { captureEvidence } from '../../src/features/incidents/capture';
import type { ClusterRef } from '../../src/features/shared/cluster-ref';
import { Connections } from '../../src/features/shared/connections';
import { Incidents } from '../../src/features/shared/incidents';
import { PortForwards } from '../../src/features/shared/port-forwards';
import { clustersFromObjects } from '../../src/kube/discover';

const NS = 'flink';
const now = Date.parse('2026-12-07T12:00:00Z');

type Obj = Record<string, unknown>;

/** A FlinkDeployment / FlinkSessionJob as the API server returns it, with the operator's status. */
function resource(
  kind: 'FlinkDeployment' | 'FlinkSessionJob',
  name: string,
  job?: { id: string; state: string; name?: string },
  error?: string,
): Obj {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind,
    metadata: { name, namespace: NS, generation: 1 },
    spec: kind === 'FlinkSessionJob' ? { deploymentName: 'session', job: { jarURI: 'local:///x.jar' } } : { job: {} },
    status: {
      lifecycleState: 'STABLE',
      ...(job ? { jobStatus: { jobId: job.id, state: job.state, jobName: job.name ?? `${name}-job` } } : {}),
      ...(error ? { error } : {}),
    },
  };
}

/** The cluster as discovery (the explorer) names a FlinkDeployment, with one JobManager pod. */
function clusterRef(name: string): ClusterRef {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-jm`,
      namespace: NS,
      uid: `uid-${name}-jm`,
      labels: { app: name, component: 'jobmanager', type: 'flink-native-kubernetes' },
    },
    status: { phase: 'Running', containerStatuses: [{ name: 'flink-main-container', restartCount: 0, ready: true }] },
  };
  const fd = { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name, namespace: NS } };
  const [d] = clustersFromObjects('ctx', NS, [], [pod], [fd]);
  assert.ok(d);
  return { id: d.id, name: d.name, source: 'kubernetes', discovered: d };
}

/** A job as the explorer's REST job overview lists it. */
const restJob = (jid: string, state: string, lastModified = now) => ({
  jid,
  name: `rest-${jid}`,
  state,
  'last-modification': lastModified,
});

function hub() {
  const incidents = new Incidents();
  const opened: Incident[] = [];
  incidents.onDidOpen((i) => opened.push(i));
  return { incidents, opened };
}

describe('deploy follow: job failures the operator reports become incidents', () => {
  it("a FlinkDeployment's job going FAILING opens one incident under the explorer's id, with the operator's resource and error; FAILED after it is the same one", () => {
    const { incidents, opened } = hub();
    const reports = new OperatorJobReports(incidents);
    const c = clusterRef('app');
    reports.report(c, resource('FlinkDeployment', 'app'), now);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RUNNING' }), now + 1_000);
    assert.equal(opened.length, 0);
    reports.report(
      c,
      resource('FlinkDeployment', 'app', { id: 'j1', state: 'FAILING' }, '{"type":"x.JobFailed","message":"boom"}'),
      now + 2_000,
    );
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'FAILED' }), now + 3_000);
    assert.equal(opened.length, 1);
    const [i] = opened;
    assert.equal(i?.clusterId, 'k8s:ctx/flink/flinkdeployment/app');
    assert.ok(i?.trigger.kind === 'job');
    assert.deepEqual(
      [i.trigger.jobId, i.trigger.jobName, i.trigger.state, i.trigger.previousState, i.trigger.error],
      ['j1', 'app-job', 'FAILING', 'RUNNING', 'boom (JobFailed)'],
    );
    assert.deepEqual(i.trigger.operator, { kind: 'FlinkDeployment', name: 'app', namespace: NS });
    assert.match(incidentDocument(i, now + 4_000), /^Operator: FlinkDeployment flink\/app reported it: boom/m);
  });

  it("a session job's failure goes under its session cluster; the explorer's other jobs stay known, so its next full list opens nothing", () => {
    const { incidents, opened } = hub();
    const c = clusterRef('session');
    // The explorer's REST view of the session cluster, with an old failed job.
    incidents.observeJobs(c, [restJob('other', 'RUNNING'), restJob('old', 'FAILED', now - 3_600_000)], now);
    const reports = new OperatorJobReports(incidents);
    reports.report(c, resource('FlinkSessionJob', 'sj', { id: 'mine', state: 'RUNNING' }), now + 1_000);
    reports.report(c, resource('FlinkSessionJob', 'sj', { id: 'mine', state: 'FAILED' }), now + 2_000);
    assert.deepEqual(
      opened.map((i) => [i.clusterId, i.trigger.kind === 'job' && i.trigger.jobId]),
      [['k8s:ctx/flink/flinkdeployment/session', 'mine']],
    );
    assert.deepEqual(
      incidents
        .lastJobs(c.id)
        .map((j) => `${j.jid}:${j.state}`)
        .sort(),
      ['mine:FAILED', 'old:FAILED', 'other:RUNNING'],
    );
    incidents.observeJobs(
      c,
      [restJob('other', 'RUNNING'), restJob('old', 'FAILED', now - 3_600_000), restJob('mine', 'FAILED')],
      now + 30_000,
    );
    assert.equal(opened.length, 1, 'the explorer does not report the same failure again');
  });

  it('the explorer saw the failure first through REST: the follow reporting it adds nothing', () => {
    const { incidents, opened } = hub();
    const c = clusterRef('app');
    incidents.observeJobs(c, [restJob('j1', 'RUNNING')], now);
    incidents.observeJobs(c, [restJob('j1', 'RESTARTING')], now + 1_000);
    assert.equal(opened.length, 1);
    const reports = new OperatorJobReports(incidents);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RESTARTING' }), now + 2_000);
    assert.equal(opened.length, 1);
  });

  it("the operator's view lags REST: a restart the explorer saw end is not a new incident when the follow reports it late", () => {
    const { incidents, opened } = hub();
    const c = clusterRef('app');
    const reports = new OperatorJobReports(incidents);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RUNNING' }), now);
    incidents.observeJobs(c, [restJob('j1', 'RESTARTING')], now + 1_000);
    incidents.observeJobs(c, [restJob('j1', 'RUNNING')], now + 5_000);
    assert.equal(opened.length, 1);
    // The operator polled while the job was restarting and reports it now.
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RESTARTING' }), now + 8_000);
    assert.equal(opened.length, 1, 'within JOB_REPEAT_MS of the last incident of that job');
    // Its view unchanged on later polls: not reported again, even after the window.
    incidents.observeJobs(c, [restJob('j1', 'RUNNING')], now + JOB_REPEAT_MS + 10_000);
    reports.report(
      c,
      resource('FlinkDeployment', 'app', { id: 'j1', state: 'RESTARTING' }),
      now + JOB_REPEAT_MS + 20_000,
    );
    assert.equal(opened.length, 1);
    // A restart the operator sees after the job ran again is a new incident.
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RUNNING' }), now + 2 * JOB_REPEAT_MS);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RESTARTING' }), now + 3 * JOB_REPEAT_MS);
    assert.equal(opened.length, 2);
  });

  it("the follow's one-job baseline: the explorer's first full list shows old failed jobs as history, a fresh failure as an incident", () => {
    const { incidents, opened } = hub();
    const c = clusterRef('session');
    new OperatorJobReports(incidents).report(
      c,
      resource('FlinkSessionJob', 'sj', { id: 'mine', state: 'RUNNING' }),
      now,
    );
    incidents.observeJobs(
      c,
      [restJob('mine', 'RUNNING'), restJob('old', 'FAILED', now - 3_600_000), restJob('fresh', 'FAILED', now + 20_000)],
      now + 30_000,
    );
    assert.deepEqual(
      opened.map((i) => i.trigger.kind === 'job' && i.trigger.jobId),
      ['fresh'],
    );
  });

  it('a job already FAILED on the first poll (a redeploy of a failed job) is the baseline, not an incident', () => {
    const { incidents, opened } = hub();
    const reports = new OperatorJobReports(incidents);
    const c = clusterRef('app');
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j0', state: 'FAILED' }), now);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RUNNING' }), now + 5_000);
    assert.equal(opened.length, 0);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'FAILED' }), now + 10_000);
    assert.equal(opened.length, 1);
  });

  it('the cluster a resource runs on: a FlinkDeployment itself, a session job its deploymentName', () => {
    assert.equal(clusterDeploymentName(resource('FlinkDeployment', 'app')), 'app');
    assert.equal(clusterDeploymentName(resource('FlinkSessionJob', 'sj')), 'session');
    assert.equal(clusterDeploymentName({ kind: 'FlinkSessionJob', metadata: { name: 'x' }, spec: {} }), undefined);
    assert.equal(clusterDeploymentName({ kind: 'FlinkStateSnapshot', metadata: { name: 'x' } }), undefined);
  });
});

describe('job incidents in the detection and the store', () => {
  it('the trigger carries the operator resource and error the job state came with', () => {
    const [t] = detectJobIncidents(
      [{ jid: 'a', state: 'RUNNING' }],
      [{ jid: 'a', state: 'FAILED', operator: { kind: 'FlinkSessionJob', name: 'sj', namespace: NS }, error: 'e' }],
      now,
    );
    assert.deepEqual([t?.operator?.name, t?.error], ['sj', 'e']);
  });

  it('a job that appeared already bad counts only when its state changed recently (when the list says when)', () => {
    const ids = (jobs: ReturnType<typeof restJob>[]) => detectJobIncidents([], jobs, now).map((t) => t.jobId);
    assert.deepEqual(ids([restJob('a', 'FAILED', now - RECENT_ON_FIRST_SIGHT_MS - 1)]), []);
    assert.deepEqual(ids([restJob('a', 'FAILED', now - 10_000)]), ['a']);
    assert.deepEqual(
      detectJobIncidents([], [{ jid: 'b', state: 'FAILED' }], now).map((t) => t.jobId),
      ['b'],
      'without a time it counts',
    );
  });

  it("the same job going bad again within JOB_REPEAT_MS on the same cluster is one incident; another job's or a later one is not", () => {
    const s = new IncidentStore();
    const c = { id: 'k8s:ctx/ns/flinkdeployment/app', name: 'app', namespace: 'ns' };
    const bad = (jid: string, at: number) =>
      detectJobIncidents([{ jid, state: 'RUNNING' }], [{ jid, state: 'RESTARTING' }], at)[0]!;
    assert.ok(s.open(c, bad('a', now), now));
    assert.equal(s.open(c, bad('a', now + 10_000), now + 10_000), undefined);
    assert.ok(s.open(c, bad('b', now + 10_000), now + 10_000));
    assert.ok(s.open({ ...c, id: 'other' }, bad('a', now + 10_000), now + 10_000));
    assert.ok(s.open(c, bad('a', now + JOB_REPEAT_MS), now + JOB_REPEAT_MS));
  });
});

describe('capture of a job the operator reported, its REST history not reachable', () => {
  it('the exception history says the REST API was not reachable; the operator part says why it was not read either (no Kubernetes context)', async () => {
    const { incidents, opened } = hub();
    const c = clusterRef('app');
    incidents.observeClusters([c], now, { partial: true });
    const reports = new OperatorJobReports(incidents);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'RUNNING' }), now);
    reports.report(c, resource('FlinkDeployment', 'app', { id: 'j1', state: 'FAILED' }, 'boom'), now + 1_000);
    const [i] = opened;
    assert.ok(i);
    // The real registry, without a Kubernetes context: nothing can be connected or read.
    const connections = new Connections({ configured: () => [], kube: () => undefined });
    const capture = await captureEvidence(
      { cluster: (id) => incidents.cluster(id), kube: () => undefined, connect: (r, s) => connections.connect(r, s) },
      i,
      incidents.lastJobs(i.clusterId),
    );
    assert.match(capture.exceptions?.error ?? '', /not read: No Kubernetes context is configured\./);
    assert.match(
      capture.exceptions?.error ?? '',
      /The REST exception history was not reachable: what the operator reported is below\./,
    );
    assert.match(capture.operator?.error ?? '', /No Kubernetes context for this cluster/);
    assert.equal(capture.previousLog, undefined);
    incidents.complete(i.id, capture);
    const doc = incidentDocument(incidents.get(i.id)!, now + 2_000);
    assert.match(doc, /^==== What the operator reported \(FlinkDeployment flink\/app\) ====$/m);
    assert.match(doc, /^Operator: FlinkDeployment flink\/app reported it: boom$/m);
    connections.dispose();
  });

  it("the document of a job incident without an operator has no operator section (the explorer's)", () => {
    const s = new IncidentStore();
    const t = detectJobIncidents([{ jid: 'a', state: 'RUNNING' }], [{ jid: 'a', state: 'FAILED' }], now)[0]!;
    const i = s.open({ id: 'x', name: 'x' }, t, now)!;
    s.complete(i.id, { exceptions: { items: [] }, operator: { items: ['ignored'] }, capturedAt: now });
    const doc = incidentDocument(s.get(i.id)!, now);
    assert.doesNotMatch(doc, /operator/i);
  });
});

describe("a standalone rollout's job list (read once it is up)", () => {
  it("operator clusters are left to the follow; without the registry's kube client nothing is forwarded and the log says why", async () => {
    const { incidents } = hub();
    const operator = clusterRef('app');
    const standalone: ClusterRef = {
      ...operator,
      id: 'k8s:ctx/flink/service/flink-jobmanager',
      discovered: { ...operator.discovered!, kind: 'standalone', id: 'k8s:ctx/flink/service/flink-jobmanager' },
    };
    const logs: string[] = [];
    const forwards = new PortForwards();
    await reportRestJobs(
      { kube: () => undefined, forwards },
      incidents,
      [operator, standalone],
      AbortSignal.timeout(5_000),
      (m) => logs.push(m),
    );
    assert.deepEqual(logs, ["Deploy watch: jobs of app not read (context ctx is not the explorer's)"]);
    // No baseline was written: the explorer's first look still compares with nothing.
    incidents.observeJobs(standalone, [restJob('a', 'FAILED')], now);
    assert.equal(incidents.all().length, 0);
    forwards.dispose();
  });
});
