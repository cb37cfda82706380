// Discovery and the explorer's operator nodes from listed objects (no server): Flink's native
// Kubernetes mode by its labels, FlinkSessionJobs and FlinkStateSnapshots under their
// FlinkDeployment, blue/green groups with the active side, pods and Warning events attached to
// their cluster, and the cluster node's health verdict before any REST answer. The Flink side is a
// fake cluster source whose connect fails (no REST server in a unit test).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clustersFromObjects, type DiscoveredCluster } from '../../src/kube/discover';
import { JobsModel } from '../../src/features/jobs/model';
import { present, type JobsNode } from '../../src/features/jobs/nodes';
import type { ClusterRef } from '../../src/features/shared/cluster-ref';

const API = 'flink.apache.org/v1beta1';
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const nativeObjects = () => ({
  services: [
    // What kubernetes-session.sh creates: the headless <id> Service (no REST port) and <id>-rest.
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-session' },
      spec: {
        selector: { app: 'my-session', component: 'jobmanager', type: 'flink-native-kubernetes' },
        ports: [
          { name: 'jobmanager-rpc', port: 6123 },
          { name: 'blobserver', port: 6124 },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-session-rest' },
      spec: {
        selector: { app: 'my-session', component: 'jobmanager', type: 'flink-native-kubernetes' },
        ports: [{ name: 'rest', port: 8081, targetPort: 8081 }],
      },
    },
  ],
  pods: [
    {
      metadata: {
        name: 'my-session-5d8f-abcde',
        labels: { app: 'my-session', component: 'jobmanager', type: 'flink-native-kubernetes' },
      },
      status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 0, state: { running: {} } }] },
    },
    {
      metadata: {
        name: 'my-session-taskmanager-1-1',
        labels: { app: 'my-session', component: 'taskmanager', type: 'flink-native-kubernetes' },
      },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(5 * 60_000) } },
          },
        ],
      },
    },
  ],
});

describe('discovery: native Kubernetes mode, operator resources, health inputs', () => {
  it("a native-mode cluster is found by its labels, named by its cluster id, with its TaskManager's OOMKill", () => {
    const { services, pods } = nativeObjects();
    const events = [
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: '0/1 nodes are available',
        involvedObject: { kind: 'Pod', name: 'my-session-taskmanager-1-2' },
      },
      { type: 'Warning', reason: 'Other', message: 'not ours', involvedObject: { kind: 'Pod', name: 'someone-else' } },
    ];
    const [c, ...rest] = clustersFromObjects('ctx', 'ns', services, pods, [], { events });
    assert.equal(rest.length, 0, 'one cluster, not one per Service');
    assert.ok(c);
    assert.deepEqual(
      [c.id, c.name, c.kind, c.jobManagerSelector, c.taskManagerSelector, c.restPort],
      [
        'k8s:ctx/ns/native/my-session',
        'my-session',
        'native',
        'app=my-session,component=jobmanager,type=flink-native-kubernetes',
        'app=my-session,component=taskmanager,type=flink-native-kubernetes',
        8081,
      ],
    );
    assert.deepEqual(
      c.pods?.map((p) => [p.role, p.restarts, p.lastTermination?.reason]),
      [
        ['jobmanager', 0, undefined],
        ['taskmanager', 2, 'OOMKilled'],
      ],
    );
    // Events of a TaskManager pod already replaced still count (named after the cluster); others do not.
    assert.deepEqual(
      c.events?.map((e) => e.reason),
      ['FailedScheduling'],
    );
  });

  it('session jobs and snapshots go under their FlinkDeployment; a blue/green owner marks the side', () => {
    const session = {
      apiVersion: API,
      kind: 'FlinkDeployment',
      metadata: { name: 'sess', namespace: 'ns' },
      spec: {},
      status: { lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY' },
    };
    const blue = {
      apiVersion: API,
      kind: 'FlinkDeployment',
      metadata: {
        name: 'bg-blue',
        namespace: 'ns',
        labels: { 'flink/blue-green-deployment-type': 'BLUE' },
        ownerReferences: [{ apiVersion: API, kind: 'FlinkBlueGreenDeployment', name: 'bg', uid: 'u1' }],
      },
      spec: { job: { jarURI: 'local:///x.jar', state: 'running', upgradeMode: 'savepoint' } },
      status: {
        lifecycleState: 'STABLE',
        jobStatus: {
          state: 'RUNNING',
          jobId: 'j1',
          savepointInfo: { lastSavepoint: { location: 'file:///sp/savepoint-1', timeStamp: Date.now() - 120_000 } },
        },
      },
    };
    const sessionJob = {
      apiVersion: API,
      kind: 'FlinkSessionJob',
      metadata: { name: 'sj', namespace: 'ns' },
      spec: { deploymentName: 'sess', job: { upgradeMode: 'stateless', state: 'running' } },
      status: { lifecycleState: 'STABLE', jobStatus: { state: 'RUNNING', jobId: 'j2' } },
    };
    const snap = (name: string, kind: string, of: string, state: string) => ({
      apiVersion: API,
      kind: 'FlinkStateSnapshot',
      metadata: { name, namespace: 'ns', creationTimestamp: ago(60_000) },
      spec: { savepoint: {}, jobReference: { kind, name: of } },
      status: { state, path: state === 'COMPLETED' ? `file:///sp/${name}` : undefined },
    });
    const clusters = clustersFromObjects('ctx', 'ns', [], [], [session, blue], {
      sessionJobs: [sessionJob],
      snapshots: [snap('s1', 'FlinkSessionJob', 'sj', 'COMPLETED'), snap('s2', 'FlinkDeployment', 'bg-blue', 'FAILED')],
      blueGreens: [
        {
          apiVersion: API,
          kind: 'FlinkBlueGreenDeployment',
          metadata: { name: 'bg' },
          status: { blueGreenState: 'ACTIVE_BLUE' },
        },
      ],
      events: [
        {
          type: 'Warning',
          reason: 'SessionJobException',
          message: 'jar not found',
          involvedObject: { kind: 'FlinkSessionJob', name: 'sj' },
        },
      ],
    });
    const s = clusters.find((c) => c.name === 'sess')!;
    const b = clusters.find((c) => c.name === 'bg-blue')!;
    assert.deepEqual(
      s.sessionJobs?.map((j) => [j.name, j.jobState, j.upgradeMode, j.snapshots.map((x) => x.name), j.events.length]),
      [['sj', 'RUNNING', 'stateless', ['s1'], 1]],
    );
    assert.deepEqual(
      b.snapshots?.map((x) => [x.name, x.state]),
      [['s2', 'FAILED']],
    );
    assert.deepEqual([b.blueGreen?.side, b.blueGreen?.active, b.operatorJob?.jobId], ['BLUE', 'BLUE', 'j1']);
    assert.equal(b.operatorJob?.lastSavepoint?.path, 'file:///sp/savepoint-1');
  });
});

// A fake ClusterSource: discovery returns fixed clusters, connect fails as an unreachable JobManager does.
function fakeModel(discovered: DiscoveredCluster[]) {
  const refs: ClusterRef[] = discovered.map((d) => ({ id: d.id, name: d.name, source: 'kubernetes', discovered: d }));
  return new JobsModel({
    source: {
      configured: () => [],
      discover: async () => ({ clusters: refs, warnings: [] }),
      connect: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
    },
    onDidChange: () => undefined,
  });
}

describe('explorer operator nodes (fake cluster source)', () => {
  const { services, pods } = nativeObjects();
  const native = clustersFromObjects('ctx', 'ns', services, pods, [])[0]!;
  const ops = clustersFromObjects(
    'ctx',
    'ns',
    [],
    [],
    [
      {
        apiVersion: API,
        kind: 'FlinkDeployment',
        metadata: { name: 'sess', namespace: 'ns' },
        spec: {},
        status: { lifecycleState: 'STABLE', jobManagerDeploymentStatus: 'READY' },
      },
    ],
    {
      sessionJobs: [
        {
          apiVersion: API,
          kind: 'FlinkSessionJob',
          metadata: { name: 'sj', namespace: 'ns' },
          spec: { deploymentName: 'sess', job: { upgradeMode: 'stateless', state: 'running' } },
          status: { lifecycleState: 'STABLE', jobStatus: { state: 'RUNNING', jobId: 'j2' } },
        },
      ],
      snapshots: [
        {
          apiVersion: API,
          kind: 'FlinkStateSnapshot',
          metadata: { name: 's1', namespace: 'ns' },
          spec: { checkpoint: {}, jobReference: { kind: 'FlinkSessionJob', name: 'sj' } },
          status: { state: 'COMPLETED', path: 'file:///cp/chk-3' },
        },
      ],
    },
  );

  it("the native cluster's node names the OOMKill before its REST API answers; then also the REST error", async () => {
    const m = fakeModel([native, ...ops]);
    const root = await m.resolveChildren();
    const n = root.find((x) => x.kind === 'cluster' && x.cluster.name === 'my-session')!;
    const p = present(n);
    assert.match(String(p.description), /^TaskManager my-session-taskmanager-1-1 OOMKilled twice, last 5 min ago/);
    assert.equal(p.icon, 'server-environment|errorForeground');
    assert.equal(p.contextValue, 'cluster.standalone');
    await m.resolveChildren(n);
    assert.match(String(present(n).tooltip), /Health: failing:[\s\S]*REST API does not answer: .*ECONNREFUSED/);
  });

  it('a session FlinkDeployment lists its operator row and session job even when its REST API fails', async () => {
    const m = fakeModel([native, ...ops]);
    const root = await m.resolveChildren();
    const sess = root.find((x) => x.kind === 'cluster' && x.cluster.name === 'sess') as Extract<
      JobsNode,
      { kind: 'cluster' }
    >;
    assert.deepEqual(sess.resource, { context: 'ctx', namespace: 'ns', kind: 'FlinkDeployment', name: 'sess' });
    const kids = await m.resolveChildren(sess);
    assert.deepEqual(
      kids.map((k) => k.kind),
      ['info', 'sessionJob', 'error'],
    );
    assert.equal(present(kids[0]!).description, 'STABLE · JobManager READY · session cluster');
    const sj = kids[1] as Extract<JobsNode, { kind: 'sessionJob' }>;
    assert.deepEqual(sj.resource, { context: 'ctx', namespace: 'ns', kind: 'FlinkSessionJob', name: 'sj' });
    assert.equal(present(sj).contextValue, 'operator.sessionJob.running');
    assert.equal(present(sj).description, 'STABLE · job RUNNING · upgrade stateless');
    const [snaps] = await m.resolveChildren(sj);
    assert.equal(present(snaps!).contextValue, 'operator.snapshots.FlinkSessionJob');
    const [snap] = await m.resolveChildren(snaps);
    assert.ok(snap?.kind === 'snapshot');
    assert.deepEqual(snap.snapshot, { namespace: 'ns', name: 's1' });
    assert.equal(snap.resource.name, 'sj');
    assert.equal(present(snap).contextValue, 'operator.snapshot.completed');
    assert.match(String(present(snap).description), /^checkpoint · COMPLETED · .*file:\/\/\/cp\/chk-3$/);
  });
});
