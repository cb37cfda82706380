import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEvent, classifyPod, formatEvents, mainProblem } from '../../src/kube/events';
import { evaluate, flinkState, operatorError, type Snapshot } from '../../src/kube/rollout-state';
import { findJobManager, selectorOf } from '../../src/kube/rollout';

const pod = (name: string, status: object) => ({ kind: 'Pod', metadata: { name, namespace: 'ns', uid: name }, status });
const running = (name: string) =>
  pod(name, { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] });
const deployment = (name: string, replicas: number, available: number, extra: object = {}) => ({
  kind: 'Deployment',
  metadata: { name, namespace: 'ns', generation: 1 },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'flink', component: name } },
    template: {
      metadata: { labels: { app: 'flink', component: name } },
      spec: { containers: [{ name, ports: name === 'jobmanager' ? [{ containerPort: 8081, name: 'webui' }] : [] }] },
    },
  },
  status: {
    observedGeneration: 1,
    replicas,
    updatedReplicas: available,
    availableReplicas: available,
    readyReplicas: available,
  },
  ...extra,
});
const snap = (s: Partial<Snapshot>): Snapshot => ({
  workloads: [],
  jobs: [],
  pods: [],
  events: [],
  flink: [],
  elapsedMs: 1000,
  ...s,
});

describe('pod and event classification', () => {
  it('container states: OOMKilled (current or last), ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError', () => {
    const p = pod('tm-1', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'taskmanager',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
        },
        {
          name: 'sidecar',
          ready: false,
          state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' } },
        },
        {
          name: 'cfg',
          ready: false,
          state: { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "x" not found' } },
        },
      ],
    });
    const ps = classifyPod(p);
    assert.deepEqual(
      ps.map((x) => [x.cause, x.container, x.fatal]),
      [
        ['OOMKilled', 'taskmanager', true],
        ['ImagePullBackOff', 'sidecar', true],
        ['CreateContainerConfigError', 'cfg', true],
      ],
    );
    assert.match(ps[0].message, /OOMKilled \(exit code 137, restarts: 3\)/);
    assert.match(ps[0].hint, /memory/);
    assert.equal(mainProblem(ps)?.cause, 'OOMKilled');
  });

  it('unschedulable pods are a problem that becomes fatal only after the grace period', () => {
    const p = pod('jm-1', {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/1 nodes are available: 1 Insufficient memory.',
        },
      ],
    });
    const [x] = classifyPod(p);
    assert.equal(x.cause, 'FailedScheduling');
    assert.equal(x.fatal, false);
    const d = deployment('jobmanager', 1, 0);
    assert.equal(evaluate(snap({ workloads: [d], pods: [p], elapsedMs: 5_000 })).phase, 'progressing');
    const late = evaluate(snap({ workloads: [d], pods: [p], elapsedMs: 61_000 }));
    assert.equal(late.phase, 'failed');
    assert.match(late.summary, /Insufficient memory.*lower resources\.requests/);
  });

  it('events: warnings classified, normal events ignored', () => {
    const ev = (reason: string, message: string, type = 'Warning', kind = 'Pod') => ({
      type,
      reason,
      message,
      involvedObject: { kind, name: 'tm-1', namespace: 'ns', fieldPath: 'spec.containers{taskmanager}' },
    });
    assert.equal(classifyEvent(ev('BackOff', 'Back-off pulling image "flink:nope"'))?.cause, 'ImagePullBackOff');
    assert.equal(
      classifyEvent(ev('BackOff', 'Back-off restarting failed container taskmanager'))?.cause,
      'CrashLoopBackOff',
    );
    assert.equal(classifyEvent(ev('Failed', 'Error: ErrImagePull'))?.cause, 'ErrImagePull');
    assert.equal(
      classifyEvent(ev('Failed', 'Error: configmap "flink-config" not found'))?.cause,
      'CreateContainerConfigError',
    );
    assert.equal(
      classifyEvent(ev('Failed', 'Failed to pull image "flink:nope": rpc error: code = NotFound desc = not found'))
        ?.cause,
      'ErrImagePull',
    );
    assert.equal(classifyEvent(ev('Failed', 'Error: CreateContainerConfigError'))?.cause, 'CreateContainerConfigError');
    assert.equal(classifyEvent(ev('FailedScheduling', '0/1 nodes are available'))?.cause, 'FailedScheduling');
    assert.equal(
      classifyEvent(ev('FailedCreate', 'pods "x" is forbidden: exceeded quota', 'Warning', 'ReplicaSet'))?.cause,
      'FailedCreate',
    );
    assert.equal(classifyEvent(ev('Pulled', 'Successfully pulled', 'Normal')), undefined);
    assert.equal(classifyEvent(ev('BackOff', 'Back-off pulling image "x"'))?.container, 'taskmanager');
    const lines = formatEvents([
      { ...ev('BackOff', 'b'), lastTimestamp: '2026-01-01T00:00:02Z' },
      { ...ev('Scheduled', 'a', 'Normal'), lastTimestamp: '2026-01-01T00:00:01Z' },
    ]);
    assert.deepEqual(lines, [
      '2026-01-01T00:00:01Z Normal Scheduled Pod/tm-1: a',
      '2026-01-01T00:00:02Z Warning BackOff Pod/tm-1: b',
    ]);
  });
});

describe('rollout state machine', () => {
  it('progressing until every Deployment is available and its pods run', () => {
    const jm = deployment('jobmanager', 1, 1);
    const tm = deployment('taskmanager', 2, 1);
    const s1 = evaluate(
      snap({ workloads: [jm, tm], pods: [running('jm-1'), running('tm-1'), pod('tm-2', { phase: 'Pending' })] }),
    );
    assert.equal(s1.phase, 'progressing');
    assert.match(s1.summary, /available jobmanager 1\/1, taskmanager 1\/2; pods running 2\/3/);
    const s2 = evaluate(
      snap({
        workloads: [jm, deployment('taskmanager', 2, 2)],
        pods: [running('jm-1'), running('tm-1'), running('tm-2')],
      }),
    );
    assert.equal(s2.phase, 'available');
  });

  it('an old generation is not done even when replicas look right', () => {
    const d = deployment('jobmanager', 1, 1, { metadata: { name: 'jobmanager', namespace: 'ns', generation: 2 } });
    assert.equal(evaluate(snap({ workloads: [d], pods: [running('jm-1')] })).phase, 'progressing');
  });

  it("fails with the pod's cause; events of pods that no longer exist are ignored", () => {
    const d = deployment('taskmanager', 1, 0);
    const stale = {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off pulling image',
      involvedObject: { kind: 'Pod', name: 'old-pod' },
    };
    assert.equal(
      evaluate(snap({ workloads: [d], pods: [pod('tm-1', { phase: 'Pending' })], events: [stale] })).phase,
      'progressing',
    );
    const oom = pod('tm-1', {
      phase: 'Running',
      containerStatuses: [
        { name: 'taskmanager', ready: false, state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
      ],
    });
    const s = evaluate(snap({ workloads: [d], pods: [oom] }));
    assert.equal(s.phase, 'failed');
    assert.equal(s.cause?.cause, 'OOMKilled');
    assert.equal(s.cause?.pod, 'tm-1');
  });

  it('FlinkDeployment: operator status fields, error JSON, and no status = no operator', () => {
    const fd = (status?: object) => ({
      kind: 'FlinkDeployment',
      metadata: { name: 'basic', namespace: 'ns' },
      spec: { job: { jarURI: 'local:///x.jar' } },
      status,
    });
    assert.equal(
      flinkState(fd({ lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY', jobStatus: { state: 'RUNNING' } }))
        .done,
      true,
    );
    assert.equal(flinkState(fd({ lifecycleState: 'DEPLOYED', jobManagerDeploymentStatus: 'DEPLOYING' })).done, false);
    const err = JSON.stringify({
      type: 'org.apache.flink.kubernetes.operator.exception.ReconciliationException',
      message: 'Could not find jar',
    });
    assert.equal(operatorError(err), 'Could not find jar (ReconciliationException)');
    assert.equal(operatorError('plain text'), 'plain text');
    const failed = evaluate(
      snap({ flink: [fd({ lifecycleState: 'FAILED', jobManagerDeploymentStatus: 'ERROR', error: err })] }),
    );
    assert.equal(failed.phase, 'failed');
    assert.match(failed.summary, /Could not find jar/);
    assert.equal(evaluate(snap({ flink: [fd()], elapsedMs: 10_000 })).phase, 'progressing');
    const none = evaluate(snap({ flink: [fd()], elapsedMs: 100_000 }));
    assert.equal(none.phase, 'failed');
    assert.match(none.summary, /no Flink Kubernetes Operator/);
  });

  it('finds the JobManager to port-forward to', () => {
    const jm = findJobManager([deployment('taskmanager', 2, 2), deployment('jobmanager', 1, 1)]);
    assert.deepEqual(jm, { namespace: 'ns', selector: 'app=flink,component=jobmanager', port: 8081 });
    assert.equal(findJobManager([deployment('taskmanager', 2, 2)]), undefined);
    assert.equal(selectorOf({ spec: {} }), undefined);
  });
});
