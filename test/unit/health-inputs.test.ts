// Gathering the health verdict's inputs from plain Kubernetes and Flink REST JSON: pods (restarts,
// last termination, also as client-node's Date objects), Warning events, checkpoint statistics.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointHealth, eventHealth, podHealth } from '../../src/core/health/inputs';
import { healthVerdict } from '../../src/core/health/verdict';

const now = Date.parse('2026-12-06T12:00:00Z');
const min = 60_000;

const tmPod = (finishedAt: unknown, restarts = 2) => ({
  metadata: { name: 'app-taskmanager-1-1', labels: { app: 'app', component: 'taskmanager' } },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'flink-main-container',
        ready: true,
        restartCount: restarts,
        state: { running: {} },
        lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt } },
      },
    ],
  },
});

describe('health inputs from Kubernetes objects', () => {
  it('a TaskManager pod OOMKilled twice: role, restarts and last termination, from strings or Dates', () => {
    for (const at of [new Date(now - 3 * min).toISOString(), new Date(now - 3 * min)]) {
      const p = podHealth(tmPod(at));
      assert.deepEqual(p, {
        name: 'app-taskmanager-1-1',
        role: 'taskmanager',
        phase: 'Running',
        ready: true,
        restarts: 2,
        lastTermination: { reason: 'OOMKilled', exitCode: 137, at: now - 3 * min },
        containers: [
          {
            name: 'flink-main-container',
            restartCount: 2,
            lastTerminated: { reason: 'OOMKilled', exitCode: 137, at: now - 3 * min, message: undefined },
          },
        ],
      });
    }
    const v = healthVerdict({
      now,
      pods: [
        { name: 'app-jm', role: 'jobmanager', phase: 'Running', restarts: 0 },
        podHealth(tmPod(new Date(now - 3 * min))),
      ],
      job: { state: 'RUNNING' },
    });
    assert.equal(v.level, 'failing');
    assert.match(v.summary, /^TaskManager app-taskmanager-1-1 OOMKilled twice, last 3 min ago/);
  });

  it('no TaskManager pod is a finding for standalone clusters, not in native mode (TaskManagers on demand)', () => {
    const pods = [{ name: 'jm', role: 'jobmanager' as const, phase: 'Running', restarts: 0 }];
    const standalone = healthVerdict({ now, pods, job: { state: 'RUNNING' } });
    assert.equal(standalone.summary, 'no TaskManager pod: jobs cannot get slots');
    const native = healthVerdict({ now, pods, taskManagersOnDemand: true, job: { state: 'RUNNING' } });
    assert.deepEqual([native.level, native.summary], ['healthy', 'RUNNING']);
  });

  it('a pod cause leads an operator finding of the same level (the concrete one first)', () => {
    const v = healthVerdict({
      now,
      resource: { kind: 'FlinkDeployment', jobManagerDeploymentStatus: 'MISSING' },
      pods: [{ name: 'jm', role: 'jobmanager', phase: 'Pending', restarts: 0, waitingReason: 'ImagePullBackOff' }],
      taskManagersOnDemand: true,
    });
    assert.equal(v.summary, 'JobManager jm is ImagePullBackOff (+1 more)');
  });

  it('a waiting container gives its reason; a pod without container statuses is not ready', () => {
    const p = podHealth({
      metadata: { name: 'jm', labels: { component: 'jobmanager' } },
      status: {
        phase: 'Pending',
        containerStatuses: [{ restartCount: 0, ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } }],
      },
    });
    assert.equal(p.waitingReason, 'ImagePullBackOff');
    assert.equal(p.ready, false);
    assert.equal(podHealth({ metadata: { name: 'x' }, status: { phase: 'Pending' } }).ready, false);
    assert.equal(podHealth({ metadata: { name: 'x' } }).role, 'other');
  });

  it('Warning events keep reason, count, time and object; Normal events are dropped', () => {
    const e = eventHealth({
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient memory.',
      count: 4,
      lastTimestamp: new Date(now - min),
      involvedObject: { kind: 'Pod', name: 'app-taskmanager-1-1' },
    });
    assert.deepEqual(e, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient memory.',
      count: 4,
      at: now - min,
      object: { kind: 'Pod', name: 'app-taskmanager-1-1' },
    });
    assert.equal(eventHealth({ type: 'Normal', reason: 'Scheduled' }), undefined);
    // events.k8s.io style: series and eventTime.
    const s = eventHealth({
      type: 'Warning',
      reason: 'X',
      series: { count: 3 },
      eventTime: new Date(now).toISOString(),
    });
    assert.equal(s?.count, 3);
    assert.equal(s?.at, now);
  });
});

describe('checkpoint inputs from GET /jobs/:id/checkpoints', () => {
  const stats = {
    latest: {
      completed: { status: 'COMPLETED', trigger_timestamp: now - 15 * min, latest_ack_timestamp: now - 14 * min },
    },
    history: [
      { status: 'FAILED', failure_message: 'Checkpoint expired before completing.\nat ...' },
      { status: 'IN_PROGRESS' },
      { status: 'FAILED', failure_message: 'older failure' },
      { status: 'FAILED', failure_message: 'oldest failure' },
      { status: 'COMPLETED' },
      { status: 'FAILED', failure_message: 'before the last completed: not counted' },
    ],
  };

  it('counts the failures since the last completed one and keeps the newest message', () => {
    const c = checkpointHealth(stats, 60_000, now - 60 * min);
    assert.deepEqual(c, {
      lastCompletedAt: now - 14 * min,
      intervalMs: 60_000,
      failedSinceLast: 3,
      lastFailureMessage: 'Checkpoint expired before completing.\nat ...',
      runningSince: now - 60 * min,
    });
    const v = healthVerdict({ now, job: { state: 'RUNNING' }, checkpoints: c });
    assert.equal(v.level, 'degraded');
    assert.equal(
      v.summary,
      'RUNNING but no checkpoint for 14 min: last 3 failed (Checkpoint expired before completing.), see the exceptions',
    );
  });

  it('an interval of Long.MAX_VALUE (as JSON gives it) means periodic checkpoints are off (nothing can be late)', () => {
    const c = checkpointHealth(stats, Number.MAX_SAFE_INTEGER * 1024, now - 60 * min);
    assert.equal(c.intervalMs, undefined);
    assert.equal(healthVerdict({ now, job: { state: 'RUNNING' }, checkpoints: c }).level, 'healthy');
  });

  it('no statistics: only when the job started', () => {
    assert.deepEqual(checkpointHealth(undefined, 10_000, now), { runningSince: now });
  });
});
