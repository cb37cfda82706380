// The job explorer's tree model (the data behind the VS Code view) against the test bed's real
// Flink, added as a REST endpoint by URL: clusters, jobs by state, job details, TaskManagers, and
// an unreachable endpoint as an error node.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Connections } from '../../src/features/shared/connections';
import { JobsModel } from '../../src/features/jobs/model';
import { present, type JobsNode } from '../../src/features/jobs/nodes';
import type { RequestRecord } from '../../src/flink/http';
import { testbedState, type TestbedState } from '../support/testbed';

let state: TestbedState;
before(() => {
  state = testbedState();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function model(urls: Array<{ name: string; url: string }>, records: RequestRecord[] = []) {
  const connections = new Connections({
    configured: () => urls,
    onRequest: (r) => records.push(r),
    timeoutMs: () => 20_000,
  });
  return new JobsModel({ source: connections, onDidChange: () => undefined });
}

const find = (nodes: JobsNode[], pred: (n: JobsNode) => boolean, what: string): JobsNode => {
  const n = nodes.find(pred);
  assert.ok(n, `${what} not in [${nodes.map((x) => present(x).label).join(', ')}]`);
  return n;
};

describe("jobs tree against the test bed's Flink", () => {
  it('lists the cluster, its version, and the RUNNING and FINISHED jobs in their groups', async () => {
    const m = model([{ name: 'testbed', url: state.flinkRestUrl }]);
    const [cluster] = await m.resolveChildren();
    assert.equal(present(cluster).label, 'testbed');
    const kids = await m.resolveChildren(cluster);
    const overview = find(kids, (n) => n.kind === 'overview', 'overview');
    assert.equal(present(overview).label, `Flink ${state.flinkVersion}`);
    assert.match(String(present(overview).description), /TaskManager.* slots, \d+ free/);
    assert.ok(
      String(present(cluster).description).includes(state.flinkVersion),
      'cluster description names the version',
    );

    const running = find(kids, (n) => n.kind === 'stateGroup' && n.state === 'RUNNING', 'RUNNING group');
    const finished = find(kids, (n) => n.kind === 'stateGroup' && n.state === 'FINISHED', 'FINISHED group');
    const runningJobs = await m.resolveChildren(running);
    const finishedJobs = await m.resolveChildren(finished);
    const r = find(runningJobs, (n) => n.kind === 'job' && n.job.jid === state.runningJobId, 'the running job');
    find(finishedJobs, (n) => n.kind === 'job' && n.job.jid === state.finishedJobId, 'the finished job');
    assert.equal(present(r).contextValue, 'job.active');
    assert.match(String(present(r).description), /^\d+[smhd].* · started /);
  });

  it('loads vertices, checkpoints, exceptions, configuration and TaskManagers with their logs', async () => {
    const m = model([{ name: 'testbed', url: state.flinkRestUrl }]);
    const [cluster] = await m.resolveChildren();
    const kids = await m.resolveChildren(cluster);
    const running = await m.resolveChildren(
      find(kids, (n) => n.kind === 'stateGroup' && n.state === 'RUNNING', 'RUNNING'),
    );
    const job = find(running, (n) => n.kind === 'job' && n.job.jid === state.runningJobId, 'running job');
    const sections = await m.resolveChildren(job);
    const section = (s: string) => find(sections, (n) => n.kind === 'section' && n.section === s, s);

    const vertices = await m.resolveChildren(section('vertices'));
    assert.ok(vertices.length >= 1 && vertices.every((v) => v.kind === 'vertex'));
    assert.match(String(present(vertices[0]).description), /parallelism \d+/);

    const checkpoints = await m.resolveChildren(section('checkpoints'));
    assert.equal(present(checkpoints[0]).label, 'Counts');
    assert.match(String(present(checkpoints[0]).description), /\d+ completed/);

    const exceptions = await m.resolveChildren(section('exceptions'));
    assert.ok(
      exceptions.length >= 1 &&
        exceptions.every((n) => n.kind === 'exception' || (n.kind === 'info' && n.label === 'No exceptions')),
    );

    const config = await m.resolveChildren(section('configuration'));
    // 2.x dropped execution-mode from execution-config; job-parallelism is in both.
    assert.ok(
      config.some((n) => present(n).label === 'job-parallelism'),
      'execution-config rows',
    );

    const tms = await m.resolveChildren(find(kids, (n) => n.kind === 'taskmanagers', 'TaskManagers'));
    assert.ok(tms.length >= 1 && tms[0].kind === 'taskmanager');
    assert.equal(present(tms[0]).contextValue, 'taskmanager');
    const tmKids = await m.resolveChildren(tms[0]);
    assert.ok(tmKids.some((n) => n.kind === 'info' && n.label === 'Slots'));
    const logFile = find(tmKids, (n) => n.kind === 'logFile' && n.file.name.endsWith('.log'), 'TM .log file');
    assert.equal(present(logFile).command?.id, 'flink.openLogs');

    const jm = await m.resolveChildren(find(kids, (n) => n.kind === 'jobmanager', 'JobManager'));
    assert.ok(jm.some((n) => n.kind === 'logFile'));
  });

  it('an unreachable endpoint shows an error node while the real cluster loads', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const m = model([
      { name: 'dead', url: dead },
      { name: 'testbed', url: state.flinkRestUrl },
    ]);
    const [deadNode, liveNode] = await m.resolveChildren();
    const [deadKids, liveKids] = await Promise.all([m.resolveChildren(deadNode), m.resolveChildren(liveNode)]);
    assert.equal(deadKids.length, 1);
    assert.equal(deadKids[0].kind, 'error');
    assert.match(present(deadKids[0]).label, /Cannot reach Flink at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.equal(present(deadKids[0]).contextValue, 'error');
    assert.ok(liveKids.some((n) => n.kind === 'overview'));
  });

  it('a refresh of the expanded tree costs one request per expanded level', async () => {
    const records: RequestRecord[] = [];
    const m = model([{ name: 'testbed', url: state.flinkRestUrl }], records);
    const [cluster] = await m.resolveChildren();
    const kids = await m.resolveChildren(cluster);
    for (const g of kids.filter((n) => n.kind === 'stateGroup')) await m.resolveChildren(g);
    const tmsNode = find(kids, (n) => n.kind === 'taskmanagers', 'TaskManagers');
    await m.resolveChildren(tmsNode);
    records.length = 0;
    m.refresh();
    await m.resolveChildren(cluster);
    for (const g of kids.filter((n) => n.kind === 'stateGroup')) await m.resolveChildren(g);
    await m.resolveChildren(tmsNode);
    // /jobs (ids and statuses) instead of /jobs/overview unless a job changed state meanwhile.
    const paths = records
      .map((r) => new URL(r.url).pathname)
      .filter((p) => p !== '/jobs/overview')
      .sort();
    assert.deepEqual(paths, ['/jobs', '/overview', '/taskmanagers']);
    assert.ok(records.every((r) => r.status === 200));
  });
});
