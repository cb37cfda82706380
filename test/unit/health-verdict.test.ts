// One health verdict per application, from the signals users check one by one today.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthVerdict, type HealthInputs } from '../../src/core/health/verdict';

const now = Date.parse('2026-12-06T12:00:00Z');
const min = 60_000;
const base = (over: Partial<HealthInputs> = {}): HealthInputs => ({
  now,
  job: { name: 'orders', state: 'RUNNING' },
  pods: [
    { name: 'flink-jm-0', role: 'jobmanager', phase: 'Running', ready: true, restarts: 0 },
    { name: 'flink-tm-0', role: 'taskmanager', phase: 'Running', ready: true, restarts: 0 },
  ],
  checkpoints: { intervalMs: 10_000, lastCompletedAt: now - 20_000, failedSinceLast: 0 },
  ...over,
});

describe('health verdict', () => {
  it('a running job with a recent checkpoint is healthy, and says when the last checkpoint was', () => {
    const v = healthVerdict(base());
    assert.equal(v.level, 'healthy');
    assert.equal(v.summary, 'RUNNING, last checkpoint 20 s ago');
  });

  it('names checkpoints that stopped, with how many failed and why', () => {
    const v = healthVerdict(
      base({
        checkpoints: {
          intervalMs: 60_000,
          lastCompletedAt: now - 14 * min,
          failedSinceLast: 3,
          lastFailureMessage: 'Checkpoint expired before completing.\n\tat ...',
        },
      }),
    );
    assert.equal(v.level, 'degraded');
    assert.equal(
      v.summary,
      'RUNNING but no checkpoint for 14 min: last 3 failed (Checkpoint expired before completing.), see the exceptions',
    );
  });

  it('a checkpoint a little late is not yet a problem', () => {
    const v = healthVerdict(base({ checkpoints: { intervalMs: 60_000, lastCompletedAt: now - 4 * min } }));
    assert.equal(v.level, 'healthy');
  });

  it('an OOMKilled TaskManager is failing, with how often and when', () => {
    const pods = base().pods!;
    pods[1] = {
      ...pods[1]!,
      restarts: 2,
      lastTermination: { reason: 'OOMKilled', exitCode: 137, at: now - 3 * min },
    };
    const v = healthVerdict(base({ pods }));
    assert.equal(v.level, 'failing');
    assert.match(v.summary, /^TaskManager flink-tm-0 OOMKilled twice, last 3 min ago/);
  });

  it('the operator error comes first, and the other findings are counted', () => {
    const v = healthVerdict(
      base({
        resource: {
          kind: 'FlinkDeployment',
          lifecycleState: 'FAILED',
          error: 'org.apache.flink.kubernetes.operator.exception.ReconciliationException: bad jar\nat ...',
        },
        job: { state: 'FAILED', name: 'orders' },
      }),
    );
    assert.equal(v.level, 'failing');
    assert.match(v.summary, /^the operator reports: org\.apache.*bad jar \(\+2 more\)$/);
    assert.equal(v.causes.length, 3);
  });

  it('a deploying FlinkDeployment is progressing, not failing', () => {
    const v = healthVerdict({
      now,
      resource: { kind: 'FlinkDeployment', lifecycleState: 'DEPLOYED', jobManagerDeploymentStatus: 'DEPLOYING' },
    });
    assert.equal(v.level, 'progressing');
  });

  it('an image that cannot be pulled is failing', () => {
    const v = healthVerdict(
      base({
        job: undefined,
        restError: 'connect ECONNREFUSED',
        pods: [{ name: 'jm', role: 'jobmanager', phase: 'Pending', restarts: 0, waitingReason: 'ImagePullBackOff' }],
      }),
    );
    assert.equal(v.level, 'failing');
    assert.match(v.summary, /JobManager jm is ImagePullBackOff/);
  });

  it('warning events that the pods do not explain are reported; old ones are not', () => {
    const v = healthVerdict(
      base({
        events: [
          {
            type: 'Warning',
            reason: 'FailedScheduling',
            message: '0/1 nodes are available: insufficient memory.',
            count: 4,
            at: now - min,
          },
          { type: 'Warning', reason: 'FailedMount', message: 'old', at: now - 60 * min },
        ],
      }),
    );
    assert.equal(v.level, 'degraded');
    assert.equal(v.summary, 'FailedScheduling (4×): 0/1 nodes are available: insufficient memory.');
  });

  it('nothing known is unknown, not healthy', () => {
    assert.equal(healthVerdict({ now }).level, 'unknown');
  });
});
