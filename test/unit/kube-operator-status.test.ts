import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeOperatorStatus,
  isReconciled,
  operatorResourceStatus,
  snapshotStatus,
} from '../../src/kube/operator-status';

// Status objects shaped like the operator writes them (FlinkDeploymentStatus / FlinkStateSnapshotStatus).
const deployment = (status: object, generation = 2) => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkDeployment',
  metadata: { name: 'app', namespace: 'flink-operator', generation },
  spec: { job: { jarURI: 'local:///x.jar', state: 'running' } },
  status,
});

describe('operator status', () => {
  it('reads lifecycle, JobManager, job and the last reconciled spec', () => {
    const last = JSON.stringify({
      spec: { job: { state: 'suspended', upgradeMode: 'savepoint', savepointTriggerNonce: 7, parallelism: 2 } },
      resource_metadata: { metadata: { generation: 2 } },
    });
    const st = operatorResourceStatus(
      deployment({
        lifecycleState: 'SUSPENDED',
        jobManagerDeploymentStatus: 'MISSING',
        observedGeneration: 2,
        jobStatus: { state: 'FINISHED', jobId: 'abc', jobName: 'n', upgradeSavepointPath: 'file:///sp/savepoint-1' },
        reconciliationStatus: { state: 'DEPLOYED', lastReconciledSpec: last },
      }),
    );
    assert.equal(st.ref, 'FlinkDeployment flink-operator/app');
    assert.equal(st.lifecycleState, 'SUSPENDED');
    assert.equal(st.jobManager, 'MISSING');
    assert.equal(st.jobState, 'FINISHED');
    assert.equal(st.jobId, 'abc');
    assert.deepEqual(st.reconciled, {
      jobState: 'suspended',
      upgradeMode: 'savepoint',
      savepointTriggerNonce: 7,
      parallelism: 2,
    });
    assert.equal(st.upgradeSavepointPath, 'file:///sp/savepoint-1');
    assert.equal(isReconciled(st), true);
    assert.equal(describeOperatorStatus(st), 'SUSPENDED, JobManager MISSING, job FINISHED');
  });

  it('tells "no status yet" and an older observed generation apart from reconciled', () => {
    const none = operatorResourceStatus(deployment({}));
    assert.equal(none.hasStatus, false);
    assert.equal(describeOperatorStatus(none), 'waiting for the operator');
    const behind = operatorResourceStatus(deployment({ lifecycleState: 'STABLE', observedGeneration: 1 }, 2));
    assert.equal(behind.hasStatus, true);
    assert.equal(isReconciled(behind), false);
  });

  it("turns the operator's JSON error into its message and exception type", () => {
    const st = operatorResourceStatus(
      deployment({
        lifecycleState: 'FAILED',
        error: JSON.stringify({
          type: 'org.apache.flink.kubernetes.operator.exception.ReconciliationException',
          message: 'bad jar',
        }),
      }),
    );
    assert.equal(st.error, 'bad jar (ReconciliationException)');
    assert.match(describeOperatorStatus(st), /FAILED, error: bad jar/);
  });

  it('a malformed lastReconciledSpec leaves the reconciled fields empty', () => {
    const st = operatorResourceStatus(deployment({ reconciliationStatus: { lastReconciledSpec: '{not json' } }));
    assert.deepEqual(st.reconciled, {
      jobState: undefined,
      upgradeMode: undefined,
      savepointTriggerNonce: undefined,
      parallelism: undefined,
    });
  });

  it('reads FlinkStateSnapshot state, type, path and error', () => {
    const done = snapshotStatus({
      kind: 'FlinkStateSnapshot',
      metadata: { name: 's1', namespace: 'flink-operator' },
      spec: { jobReference: { kind: 'FlinkDeployment', name: 'app' }, savepoint: { path: '' } },
      status: { state: 'COMPLETED', path: 'file:///sp/savepoint-2', failures: 0, triggerId: 't' },
    });
    assert.equal(done.state, 'COMPLETED');
    assert.equal(done.type, 'savepoint');
    assert.equal(done.jobReference, 'FlinkDeployment app');
    assert.equal(done.path, 'file:///sp/savepoint-2');
    const pending = snapshotStatus({ metadata: { name: 's2' }, spec: { checkpoint: {} } });
    assert.equal(pending.state, 'TRIGGER_PENDING');
    assert.equal(pending.type, 'checkpoint');
  });
});
