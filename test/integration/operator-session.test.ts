// A session FlinkDeployment and a FlinkSessionJob reconciled by the real Flink Kubernetes Operator of
// the test bed: the operator deploys the JobManager (kwok runs its pod), reaches the real Flink's
// REST API, reports the cluster READY with the version Flink itself reports, submits the session
// job's jar to Flink and reports the job RUNNING; deleting the session job cancels it in Flink.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATOR_API_VERSION, waitForOperator } from '../../src/kube/operator-watch';
import {
  apply,
  flinkGet,
  operatorClient,
  operatorTestbed,
  remove,
  sessionDeployment,
  sessionJob,
  suffix,
  waitForFlinkJob,
  waitGone,
  type FlinkJob,
} from './operator-helpers';

describe('operator: session cluster and session job (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const id = suffix();
  const session = `session-${id}`;
  const job = `sessionjob-${id}`;
  const jobName = `op-session-job-${id}`;
  let flinkJobId = '';

  before(async () => {
    await apply(client, sessionDeployment(state, session, namespace));
  });

  after(async () => {
    await remove(client, 'FlinkSessionJob', job, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkSessionJob', job, namespace).catch(() => undefined);
    await remove(client, 'FlinkDeployment', session, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', session, namespace).catch(() => undefined);
  });

  it('the session FlinkDeployment becomes READY / STABLE with the real Flink version', async () => {
    const updates: string[] = [];
    const st = await waitForOperator(
      client,
      { kind: 'FlinkDeployment', name: session, namespace },
      (s) => s.jobManager === 'READY' && s.lifecycleState === 'STABLE',
      { timeoutMs: 180_000, onUpdate: (_s, line) => updates.push(line) },
    );
    assert.equal(st.error, undefined);
    assert.ok(updates.length >= 2, `progress was reported: ${updates.join(' | ')}`);
    // The operator asked the real JobManager REST API for its version (status.clusterInfo).
    const live = (await client.objects.read({
      apiVersion: OPERATOR_API_VERSION,
      kind: 'FlinkDeployment',
      metadata: { name: session, namespace },
    })) as { status?: { clusterInfo?: Record<string, string> } };
    const flinkConfig = await flinkGet<{ 'flink-version': string }>(state, '/config');
    assert.equal(live.status?.clusterInfo?.['flink-version'], flinkConfig['flink-version']);
    // ... and its JobManager Deployment exists and is available (kwok runs the pod).
    const jm = (await client.objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: session, namespace },
    })) as { status?: { availableReplicas?: number } };
    assert.equal(jm.status?.availableReplicas, 1);
  });

  it('a FlinkSessionJob is submitted to the real Flink and reported RUNNING', async () => {
    await apply(client, sessionJob(state, job, namespace, session, jobName));
    const st = await waitForOperator(
      client,
      { kind: 'FlinkSessionJob', name: job, namespace },
      (s) => s.jobState === 'RUNNING' && !!s.jobId,
      { timeoutMs: 180_000 },
    );
    flinkJobId = st.jobId!;
    const j = await waitForFlinkJob(state, flinkJobId, ['RUNNING']);
    assert.equal(j.name, jobName);
    assert.equal(st.lifecycleState, 'STABLE');
  });

  it('deleting the FlinkSessionJob cancels its job in Flink; other jobs keep running', async () => {
    assert.ok(flinkJobId, 'the previous test started the job');
    await remove(client, 'FlinkSessionJob', job, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkSessionJob', job, namespace);
    const j = await waitForFlinkJob(state, flinkJobId, ['CANCELED', 'FINISHED']);
    assert.ok(['CANCELED', 'FINISHED'].includes(j.state));
    const others = await flinkGet<FlinkJob>(state, `/jobs/${state.runningJobId}`);
    assert.equal(others.state, 'RUNNING');
  });
});
