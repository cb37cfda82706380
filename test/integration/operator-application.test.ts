// An application FlinkDeployment through the real Flink Kubernetes Operator: deployed (the test bed
// runs the job the JobManager pod would run, with the job id the operator chose), a savepoint by
// the nonce and one by a FlinkStateSnapshot (both written by the real Flink), then suspend (stop
// with savepoint) and resume from that savepoint. Each step asserts what the operator and Flink
// report afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { listSnapshots, OPERATOR_API_VERSION, waitForOperator, waitForSnapshot } from '../../src/kube/operator-watch';
import { sleep } from '../../src/kube/client';
import {
  applicationDeployment,
  apply,
  flinkGet,
  operatorClient,
  operatorTestbed,
  remove,
  savepointOnDisk,
  suffix,
  waitForFlinkJob,
  waitGone,
} from './operator-helpers';

describe('operator: application deployment, savepoints, suspend and resume (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const id = suffix();
  const name = `app-${id}`;
  const jobName = `op-app-job-${id}`;
  const target = { kind: 'FlinkDeployment' as const, name, namespace };
  const spec = () =>
    applicationDeployment(state, name, namespace, jobName) as { spec: { job: Record<string, unknown> } };
  let firstJobId = '';
  let suspendSavepoint = '';

  before(async () => {
    await apply(client, spec());
  });

  after(async () => {
    for (const s of await listSnapshots(client, namespace, name).catch(() => []))
      await remove(client, 'FlinkStateSnapshot', s.name, namespace);
    await remove(client, 'FlinkDeployment', name, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', name, namespace).catch(() => undefined);
  });

  it('is deployed and its job is RUNNING, as the operator and Flink report', async () => {
    const st = await waitForOperator(client, target, (s) => s.lifecycleState === 'STABLE' && s.jobState === 'RUNNING', {
      timeoutMs: 180_000,
    });
    assert.equal(st.jobManager, 'READY');
    assert.ok(st.jobId, 'the operator reports the job id');
    firstJobId = st.jobId!;
    const j = await waitForFlinkJob(state, firstJobId, ['RUNNING']);
    assert.equal(j.name, jobName);
    assert.equal(st.reconciled.jobState, 'running');
  });

  it('a savepoint triggered by the nonce completes; the operator records it as a FlinkStateSnapshot', async () => {
    const patched = spec();
    patched.spec.job.savepointTriggerNonce = 1;
    await apply(client, patched);
    const deadline = Date.now() + 180_000;
    for (;;) {
      const snaps = await listSnapshots(client, namespace, name);
      const done = snaps.find((s) => s.type === 'savepoint' && s.state === 'COMPLETED');
      if (done) {
        assert.ok(savepointOnDisk(done.path), `savepoint ${done.path} written by Flink`);
        break;
      }
      const failed = snaps.find((s) => s.state === 'FAILED');
      assert.equal(failed, undefined, `snapshot failed: ${failed?.error}`);
      assert.ok(Date.now() < deadline, `no completed savepoint snapshot yet: ${JSON.stringify(snaps)}`);
      await sleep(1000);
    }
    const st = await waitForOperator(client, target, (s) => s.reconciled.savepointTriggerNonce === 1);
    assert.equal(st.jobState, 'RUNNING');
    assert.equal(st.jobId, firstJobId, 'a savepoint does not restart the job');
  });

  it('a savepoint through a FlinkStateSnapshot resource completes with a path Flink wrote', async () => {
    const snapName = `${name}-manual`;
    await apply(client, {
      apiVersion: OPERATOR_API_VERSION,
      kind: 'FlinkStateSnapshot',
      metadata: { name: snapName, namespace },
      spec: {
        jobReference: { kind: 'FlinkDeployment', name },
        savepoint: { disposeOnDelete: false, formatType: 'CANONICAL' },
        backoffLimit: 0,
      },
    });
    const snap = await waitForSnapshot(client, namespace, snapName, { timeoutMs: 180_000 });
    assert.equal(snap.state, 'COMPLETED');
    assert.ok(savepointOnDisk(snap.path), `savepoint ${snap.path} written by Flink`);
    const checkpoints = await flinkGet<{ counts: { completed: number } }>(state, `/jobs/${firstJobId}/checkpoints`);
    assert.ok(checkpoints.counts.completed >= 1);
  });

  it('suspend stops the job with a savepoint, as the operator and Flink report', async () => {
    const patched = spec();
    patched.spec.job.savepointTriggerNonce = 1;
    patched.spec.job.state = 'suspended';
    await apply(client, patched);
    const st = await waitForOperator(client, target, (s) => s.lifecycleState === 'SUSPENDED', { timeoutMs: 180_000 });
    assert.equal(st.reconciled.jobState, 'suspended');
    const j = await waitForFlinkJob(state, firstJobId, ['FINISHED', 'CANCELED']);
    assert.equal(j.state, 'FINISHED', 'stop-with-savepoint finishes the job');
    // The operator records the suspend savepoint in the job status (and as an UPGRADE snapshot).
    suspendSavepoint = st.upgradeSavepointPath ?? '';
    assert.ok(savepointOnDisk(suspendSavepoint), `suspend savepoint ${suspendSavepoint} on disk`);
  });

  it('resume starts a new job restored from the suspend savepoint', async () => {
    assert.ok(suspendSavepoint, 'the previous test suspended with a savepoint');
    const patched = spec();
    patched.spec.job.savepointTriggerNonce = 1;
    patched.spec.job.state = 'running';
    await apply(client, patched);
    const st = await waitForOperator(
      client,
      target,
      (s) => s.lifecycleState === 'STABLE' && s.jobState === 'RUNNING' && s.jobId !== firstJobId,
      { timeoutMs: 180_000 },
    );
    await waitForFlinkJob(state, st.jobId!, ['RUNNING']);
    const cp = await flinkGet<{ latest?: { restored?: { external_path?: string } } }>(
      state,
      `/jobs/${st.jobId}/checkpoints`,
    );
    const restored = cp.latest?.restored?.external_path ?? '';
    assert.equal(restored.replace(/^file:\/+/, '/'), suspendSavepoint.replace(/^file:\/+/, '/'));
  });
});
