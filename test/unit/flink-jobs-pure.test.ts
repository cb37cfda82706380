// Pure pieces of the job explorer and discovery: labels, grouping, argument splitting, version
// capabilities, operator patches, cluster discovery from real manifests (shared/corpus).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { summarizeFlinkErrors } from '../../src/flink/errors';
import { capabilities, parseFlinkVersion } from '../../src/flink/version';
import { clustersFromObjects, matches, restPortOfService } from '../../src/kube/discover';
import { pickPod, resolvePort } from '../../src/kube/port-forward';
import { jobWebUiUrl, splitArgs } from '../../src/features/jobs/args';
import { formatBytes, formatDuration } from '../../src/features/jobs/format';
import { groupJobs, present, type JobsNode } from '../../src/features/jobs/nodes';
import { actionAllowed, describePatch, operatorPatch } from '../../src/features/jobs/operator';
import type { JobOverviewEntry } from '../../src/flink/types';

const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const docs = (rel: string): any[] =>
  parseAllDocuments(readFileSync(join(corpus, rel), 'utf8'))
    .map((d) => d.toJS())
    .filter(Boolean);

describe('formatting and arguments', () => {
  it('formats durations and sizes compactly', () => {
    assert.deepEqual([0, 45_000, 200_000, 3_725_000, 90_000_000, -1].map(formatDuration), [
      '0s',
      '45s',
      '3m 20s',
      '1h 02m',
      '1d 01h',
      '–',
    ]);
    assert.deepEqual([512, 2048, 5 * 1024 * 1024 * 1.5, undefined].map(formatBytes), [
      '512 B',
      '2.0 KiB',
      '7.5 MiB',
      '–',
    ]);
  });

  it('splits program arguments like a shell', () => {
    assert.deepEqual(splitArgs('--input "a b" --n 3'), ['--input', 'a b', '--n', '3']);
    assert.deepEqual(splitArgs(`--sql 'SELECT "x" FROM t' --e a\\ b ""`), [
      '--sql',
      'SELECT "x" FROM t',
      '--e',
      'a b',
      '',
    ]);
    assert.deepEqual(splitArgs('   '), []);
    assert.throws(() => splitArgs('--x "open'), /Unclosed " quote/);
  });

  it('links a job to the Web UI route of its state', () => {
    assert.equal(
      jobWebUiUrl('http://127.0.0.1:8081/', 'abc', false),
      'http://127.0.0.1:8081/#/job/running/abc/overview',
    );
    assert.equal(jobWebUiUrl('http://h:1', 'abc', true), 'http://h:1/#/job/completed/abc/overview');
  });
});

describe('versions and errors', () => {
  it('knows what differs between 1.x and 2.x', () => {
    const v120 = capabilities(parseFlinkVersion('1.20.5'));
    const v22 = capabilities(parseFlinkVersion('2.2.1'));
    assert.equal(v120.legacyRootExceptions, true);
    assert.equal(v22.legacyRootExceptions, false);
    assert.equal(v120.programArgsStringRemoved, false);
    assert.equal(v22.programArgsStringRemoved, true);
    assert.equal(capabilities(parseFlinkVersion('1.19.0')).strictRequestBodies, true);
    assert.equal(v120.strictRequestBodies, false);
    assert.equal(capabilities(parseFlinkVersion('1.15.4')).jobStatusEndpoint, false);
    assert.equal(parseFlinkVersion('not-a-version'), undefined);
  });

  it('summarizes Flink error bodies to their first meaningful line', () => {
    assert.equal(
      summarizeFlinkErrors([
        'org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat x',
      ]),
      'Job could not be found.',
    );
    assert.equal(
      summarizeFlinkErrors([
        'Internal server error.',
        '<Exception on server side:\njava.lang.NullPointerException: npe\n\tat y\nEnd of exception on server side>',
      ]),
      'npe',
    );
    assert.equal(summarizeFlinkErrors(['Not found: /nope']), 'Not found: /nope');
    assert.equal(
      summarizeFlinkErrors([
        'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat x\nCaused by: java.util.concurrent.CompletionException: java.lang.ExceptionInInitializerError\n\tat y\nCaused by: java.lang.ClassNotFoundException: com.acme.Main\n\tat z',
      ]),
      'Could not execute application. Cause: ClassNotFoundException: com.acme.Main',
      'the root cause is appended',
    );
  });
});

describe('tree nodes', () => {
  const j = (jid: string, state: string, start: number): JobOverviewEntry => ({
    jid,
    name: jid,
    state: state as JobOverviewEntry['state'],
    'start-time': start,
    'end-time': -1,
    duration: 1,
    'last-modification': 0,
    tasks: {},
  });

  it('groups jobs by state: active states first, newest job first', () => {
    const g = groupJobs([
      j('a', 'FINISHED', 1),
      j('b', 'RUNNING', 2),
      j('c', 'FAILED', 3),
      j('d', 'FINISHED', 4),
      j('e', 'RESTARTING', 5),
    ]);
    assert.deepEqual(
      g.map((x) => [x.state, x.jobs.map((y) => y.jid)]),
      [
        ['RUNNING', ['b']],
        ['RESTARTING', ['e']],
        ['FAILED', ['c']],
        ['FINISHED', ['d', 'a']],
      ],
    );
  });

  it('gives jobs context values that gate the actions', () => {
    const node = (state: string, managed = false): JobsNode => ({
      id: 'x',
      kind: 'job',
      clusterId: 'c',
      job: j('x', state, 1),
      managedByOperator: managed,
    });
    assert.equal(present(node('RUNNING')).contextValue, 'job.active');
    assert.equal(present(node('RESTARTING')).contextValue, 'job.active');
    assert.equal(present(node('CANCELED')).contextValue, 'job.terminal');
    assert.equal(present(node('RUNNING', true)).contextValue, 'job.active.managed');
    assert.equal(present(node('FAILED')).icon, 'error|testing.iconFailed');
  });

  it('TaskManager and JobManager nodes are what the log viewer attaches to', () => {
    const tm: JobsNode = {
      id: 't',
      kind: 'taskmanager',
      clusterId: 'c1',
      tm: { id: 'tm-1', path: 'p', dataPort: 1, timeSinceLastHeartbeat: 5, slotsNumber: 2, freeSlots: 1 },
    };
    assert.equal(present(tm).contextValue, 'taskmanager');
    assert.equal(present(tm).description, '1/2 slots used · –');
    assert.equal(present({ id: 'j', kind: 'jobmanager', clusterId: 'c1' }).contextValue, 'jobmanager');
    const file = present({
      id: 'f',
      kind: 'logFile',
      clusterId: 'c1',
      taskManagerId: 'tm-1',
      file: { name: 'taskmanager.log', size: 2048 },
    });
    assert.deepEqual(file.command, {
      id: 'flink.openLogs',
      title: 'Open Log',
      args: [{ clusterId: 'c1', taskManagerId: 'tm-1', fileName: 'taskmanager.log' }],
    });
  });
});

describe('cluster discovery from manifests', () => {
  it('the Flink docs session cluster is one standalone cluster, not two (two Services, same pods)', () => {
    const objs = docs('flink-docs/session-cluster-from-flink-docs.yaml');
    const services = objs.filter((o) => o.kind === 'Service');
    assert.equal(services.length, 2);
    const jmPod = {
      kind: 'Pod',
      metadata: { name: 'flink-jobmanager-abc', labels: { app: 'flink', component: 'jobmanager' } },
      status: { phase: 'Running' },
    };
    const clusters = clustersFromObjects('ctx', 'default', services, [jmPod], []);
    assert.equal(clusters.length, 1);
    assert.deepEqual(
      [clusters[0].name, clusters[0].kind, clusters[0].jobManagerSelector, clusters[0].restPort],
      ['flink-jobmanager', 'standalone', 'app=flink,component=jobmanager', 8081],
    );
    assert.equal(clusters[0].id, 'k8s:ctx/default/service/flink-jobmanager');
    assert.equal(restPortOfService(services.find((s) => s.metadata.name === 'flink-jobmanager-rest')), 8081);
  });

  it('operator FlinkDeployments become operator clusters with their lifecycle state; their -rest Service is not a second cluster', () => {
    const [app] = docs('operator-examples/basic.yaml').filter((o) => o.kind === 'FlinkDeployment');
    const [session] = docs('operator-examples/basic-session-deployment-only.yaml').filter(
      (o) => o.kind === 'FlinkDeployment',
    );
    app.status = {
      lifecycleState: 'STABLE',
      jobManagerDeploymentStatus: 'READY',
      jobStatus: { state: 'RUNNING' },
      error: '{"type":"x","message":"first\\nsecond"}',
    };
    const restSvc = {
      kind: 'Service',
      metadata: { name: `${app.metadata.name}-rest` },
      spec: {
        selector: { app: app.metadata.name, component: 'jobmanager', type: 'flink-native-kubernetes' },
        ports: [{ name: 'rest', port: 8081 }],
      },
    };
    const clusters = clustersFromObjects('ctx', 'ns1', [restSvc], [], [app, session]);
    assert.equal(clusters.length, 2);
    const a = clusters.find((c) => c.name === app.metadata.name)!;
    assert.deepEqual(
      [a.kind, a.lifecycleState, a.deploymentMode, a.jobState, a.error],
      ['operator', 'STABLE', 'application', 'RUNNING', 'first'],
    );
    assert.equal(a.jobManagerSelector, `app=${app.metadata.name},component=jobmanager,type=flink-native-kubernetes`);
    assert.equal(clusters.find((c) => c.name === session.metadata.name)!.deploymentMode, 'session');
    assert.equal(
      present({ id: a.id, kind: 'cluster', cluster: { id: a.id, name: a.name, source: 'kubernetes', discovered: a } })
        .contextValue,
      'cluster.operator.application.running',
    );
  });

  it('bare JobManager pods without a Service are found by their app label', () => {
    const pods = [
      { metadata: { name: 'jm-0', labels: { app: 'orders', component: 'jobmanager' } } },
      { metadata: { name: 'tm-0', labels: { app: 'orders', component: 'taskmanager' } } },
    ];
    const c = clustersFromObjects('ctx', 'ns', [], pods, []);
    assert.deepEqual(
      c.map((x) => [x.name, x.jobManagerSelector]),
      [['orders', 'app=orders,component=jobmanager']],
    );
    assert.equal(matches({ app: 'orders', component: 'jobmanager', x: 'y' }, 'app=orders,component=jobmanager'), true);
    assert.equal(matches({ app: 'orders' }, 'app=orders,component=jobmanager'), false);
  });
});

describe('port-forward target choice', () => {
  it('prefers a Running and Ready pod, newest first, never one being deleted', () => {
    const pod = (name: string, phase: string, ready: boolean, created: string, deleting = false) => ({
      metadata: {
        name,
        creationTimestamp: new Date(created),
        ...(deleting ? { deletionTimestamp: new Date(created) } : {}),
      },
      status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    assert.equal(
      pickPod([
        pod('old', 'Running', true, '2026-01-01T00:00:00Z'),
        pod('new', 'Running', true, '2026-01-02T00:00:00Z'),
      ])?.metadata?.name,
      'new',
    );
    assert.equal(
      pickPod([
        pod('pending', 'Pending', false, '2026-01-03T00:00:00Z'),
        pod('ok', 'Running', true, '2026-01-01T00:00:00Z'),
      ])?.metadata?.name,
      'ok',
    );
    assert.equal(pickPod([pod('dying', 'Running', true, '2026-01-03T00:00:00Z', true)]), undefined);
  });

  it('resolves named container ports', () => {
    const p = {
      spec: {
        containers: [
          {
            ports: [
              { name: 'rpc', containerPort: 6123 },
              { name: 'webui', containerPort: 8081 },
            ],
          },
        ],
      },
    };
    assert.equal(resolvePort(p, 'webui'), 8081);
    assert.equal(resolvePort(p, 8081), 8081);
    assert.equal(resolvePort(p, '9249'), 9249);
    assert.equal(resolvePort(p, 'nope'), undefined);
  });
});

describe('operator actions', () => {
  const d = {
    id: 'k',
    name: 'basic-example',
    namespace: 'flink',
    context: 'c',
    kind: 'operator' as const,
    jobManagerSelector: '',
    restPort: 8081,
    deploymentMode: 'application' as const,
    job: { state: 'running', savepointTriggerNonce: 5 },
  };

  it('builds the merge patches the operator acts on, shown as a kubectl command', () => {
    assert.deepEqual(operatorPatch(d, 'savepoint', 1000).spec, { job: { savepointTriggerNonce: 1000 } });
    assert.deepEqual(
      operatorPatch(d, 'savepoint', 5).spec,
      { job: { savepointTriggerNonce: 6 } },
      'the nonce always changes',
    );
    assert.deepEqual(operatorPatch(d, 'suspend').spec, { job: { state: 'suspended' } });
    assert.deepEqual(operatorPatch(d, 'resume').spec, { job: { state: 'running' } });
    assert.equal(
      describePatch(operatorPatch(d, 'suspend')),
      `kubectl patch flinkdeployment basic-example -n flink --type merge -p '{"spec":{"job":{"state":"suspended"}}}'`,
    );
  });

  it('refuses what makes no sense', () => {
    assert.match(actionAllowed(d, 'resume')!, /not suspended/);
    assert.equal(actionAllowed(d, 'suspend'), undefined);
    assert.match(actionAllowed({ ...d, job: undefined, deploymentMode: 'session' }, 'savepoint')!, /session cluster/);
  });
});
