// When "Deploy Flink cluster" counts an operator resource as up: only once the operator has acted on
// the deployed spec (a STABLE status left from the previous spec does not count), and by kind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { operatorResourceStatus } from '../../src/kube/operator-status';
import { operatorDeployReady } from '../../src/kube/operator-watch';

const st = (kind: string, status: object, generation = 3) =>
  operatorResourceStatus({ kind, metadata: { name: 'x', namespace: 'ns', generation }, status });
const app = { job: { jarURI: 'local:///x.jar', state: 'running' } };
const running = {
  observedGeneration: 3,
  lifecycleState: 'STABLE',
  jobManagerDeploymentStatus: 'READY',
  jobStatus: { state: 'RUNNING' },
  reconciliationStatus: { state: 'DEPLOYED' },
};

describe('operator deploy readiness', () => {
  it('an application is up when STABLE/DEPLOYED, JobManager READY and the job RUNNING', () => {
    assert.equal(operatorDeployReady(st('FlinkDeployment', running), app), true);
    assert.equal(operatorDeployReady(st('FlinkDeployment', { ...running, lifecycleState: 'DEPLOYED' }), app), true);
    assert.equal(
      operatorDeployReady(st('FlinkDeployment', { ...running, jobStatus: { state: 'RECONCILING' } }), app),
      false,
    );
    assert.equal(
      operatorDeployReady(st('FlinkDeployment', { ...running, jobManagerDeploymentStatus: 'DEPLOYING' }), app),
      false,
    );
  });

  it('a status of the previous spec (observed generation behind) is not up yet', () => {
    assert.equal(operatorDeployReady(st('FlinkDeployment', { ...running, observedGeneration: 2 }), app), false);
    assert.equal(operatorDeployReady(st('FlinkDeployment', { ...running, observedGeneration: undefined }), app), false);
  });

  it('a session cluster needs no job; a suspended spec is done when SUSPENDED', () => {
    const session = { ...running, jobStatus: {} };
    assert.equal(operatorDeployReady(st('FlinkDeployment', session), {}), true);
    const suspended = { job: { ...app.job, state: 'suspended' } };
    assert.equal(operatorDeployReady(st('FlinkDeployment', running), suspended), false);
    assert.equal(
      operatorDeployReady(st('FlinkDeployment', { ...running, lifecycleState: 'SUSPENDED' }), suspended),
      true,
    );
  });

  it('a session job is up when its job RUNS on the reconciled spec', () => {
    const sj = { observedGeneration: 3, jobStatus: { state: 'RUNNING' }, reconciliationStatus: { state: 'DEPLOYED' } };
    assert.equal(operatorDeployReady(st('FlinkSessionJob', sj), app), true);
    assert.equal(
      operatorDeployReady(st('FlinkSessionJob', { ...sj, reconciliationStatus: { state: 'UPGRADING' } }), app),
      false,
    );
  });
});
