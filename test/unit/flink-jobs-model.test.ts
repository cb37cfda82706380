// The job explorer's tree model (no vscode) against Flink-shaped fake servers on 127.0.0.1:
// loading and error nodes, retry, one request per expanded level per refresh, a slow cluster
// not holding up another. The same model runs against real Flink in test/integration/jobs-*.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlinkClient } from '../../src/flink/client';
import type { RequestRecord } from '../../src/flink/http';
import { JobsModel, type ClusterSource } from '../../src/features/jobs/model';
import { present, type ClusterRef, type JobsNode } from '../../src/features/jobs/nodes';

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const now = Date.now();
const job = (jid: string, name: string, state: string, start: number) => ({
  jid,
  name,
  state,
  'start-time': start,
  'end-time': state === 'RUNNING' ? -1 : start + 1000,
  duration: state === 'RUNNING' ? now - start : 1000,
  'last-modification': start,
  tasks: { total: 2, running: state === 'RUNNING' ? 2 : 0 },
});

/** A fake Flink: fixed answers per path, optional delay; counts requests. */
async function fakeFlink(
  opts: { delayMs?: number; fail?: boolean; answers?: (a: Record<string, unknown>) => void } = {},
): Promise<string> {
  const answers: Record<string, unknown> = {
    '/overview': {
      taskmanagers: 1,
      'slots-total': 4,
      'slots-available': 3,
      'jobs-running': 1,
      'jobs-finished': 2,
      'jobs-cancelled': 0,
      'jobs-failed': 0,
      'flink-version': '1.20.5',
    },
    '/jobs/overview': {
      jobs: [
        job('a1', 'WordCount', 'FINISHED', now - 60_000),
        job('b2', 'Streaming', 'RUNNING', now - 30_000),
        job('c3', 'WordCount', 'FINISHED', now - 50_000),
      ],
    },
    '/jobs/b2': {
      jid: 'b2',
      name: 'Streaming',
      isStoppable: false,
      state: 'RUNNING',
      'start-time': now - 30_000,
      'end-time': -1,
      duration: 30_000,
      now,
      timestamps: {},
      vertices: [
        {
          id: 'v1',
          name: 'Source: gen',
          parallelism: 2,
          status: 'RUNNING',
          'start-time': 1,
          'end-time': -1,
          duration: 5,
          tasks: {},
        },
        {
          id: 'v2',
          name: 'Sink: print',
          parallelism: 1,
          status: 'RUNNING',
          'start-time': 1,
          'end-time': -1,
          duration: 5,
          tasks: {},
        },
      ],
    },
    '/jobs': {
      jobs: [
        { id: 'a1', status: 'FINISHED' },
        { id: 'b2', status: 'RUNNING' },
        { id: 'c3', status: 'FINISHED' },
      ],
    },
    '/taskmanagers': {
      taskmanagers: [
        {
          id: '127.0.0.1:40000-abc123',
          path: 'pekko.tcp://flink@127.0.0.1:40000/user/rpc/taskmanager_0',
          dataPort: 1,
          timeSinceLastHeartbeat: 100,
          slotsNumber: 4,
          freeSlots: 3,
          memoryConfiguration: { totalProcessMemory: 1728 * 1024 * 1024 },
        },
      ],
    },
  };
  opts.answers?.(answers);
  const server = createServer((req, res) => {
    const send = () => {
      if (opts.fail) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errors":["Internal server error."]}');
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      const body = answers[path];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { errors: [`Not found: ${path}`] }));
    };
    if (opts.delayMs) setTimeout(send, opts.delayMs);
    else send();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function modelFor(
  urls: Record<string, string>,
  records: RequestRecord[] = [],
  changes: Array<JobsNode | undefined> = [],
) {
  const clients = new Map<string, FlinkClient>();
  const source: ClusterSource = {
    configured: (): ClusterRef[] =>
      Object.entries(urls).map(([name, url]) => ({ id: `url:${url}`, name, source: 'settings', url })),
    connect: async (c) => {
      if (!clients.has(c.id))
        clients.set(c.id, new FlinkClient({ baseUrl: c.url!, timeoutMs: 2000, onRequest: (r) => records.push(r) }));
      return clients.get(c.id)!;
    },
  };
  return new JobsModel({ source, onDidChange: (n) => changes.push(n) });
}

const labels = (nodes: JobsNode[]) => nodes.map((n) => present(n, now).label);

describe('jobs tree model (fake server)', () => {
  it('fake server: cluster -> overview, state groups (RUNNING first), TaskManagers, JobManager', async () => {
    const url = await fakeFlink();
    const model = modelFor({ local: url });
    const [cluster] = await model.resolveChildren();
    assert.equal(cluster.kind, 'cluster');
    const first = model.children(cluster);
    assert.deepEqual(labels(first), ['Loading…'], 'a loading node while the cluster level loads');
    const kids = await model.resolveChildren(cluster);
    assert.deepEqual(labels(kids), ['Flink 1.20.5', 'RUNNING', 'FINISHED', 'TaskManagers', 'JobManager']);
    assert.equal(present(kids[0]).description, '1 TaskManager · 4 slots, 3 free');
    assert.match(String(present(cluster).description), /1\.20\.5/, 'the cluster node shows the version once loaded');
    const finished = await model.resolveChildren(kids[2]);
    assert.deepEqual(
      finished.map((n) => n.kind === 'job' && n.job.jid),
      ['c3', 'a1'],
      'newest first',
    );
    const running = await model.resolveChildren(kids[1]);
    assert.equal(present(running[0]).contextValue, 'job.active');
    assert.match(String(present(running[0], now).description), /^30s · started /);
  });

  it('fake server: job -> id, vertices (from the same request), checkpoints, exceptions, configuration', async () => {
    const url = await fakeFlink();
    const records: RequestRecord[] = [];
    const model = modelFor({ local: url }, records);
    const [cluster] = await model.resolveChildren();
    const groups = await model.resolveChildren(cluster);
    const [jobNode] = await model.resolveChildren(groups[1]);
    const sections = await model.resolveChildren(jobNode);
    assert.deepEqual(labels(sections), ['Job ID', 'Vertices', 'Checkpoints', 'Exceptions', 'Configuration']);
    const before = records.length;
    const vertices = await model.resolveChildren(sections[1]);
    assert.deepEqual(labels(vertices), ['Source: gen', 'Sink: print']);
    assert.equal(records.length, before, 'vertices come from GET /jobs/:id, no extra request');
    assert.equal(present(vertices[0]).description, 'RUNNING · parallelism 2');
  });

  it('fake server: an erroring cluster shows an error node; retry reloads it', async () => {
    const url = await fakeFlink({ fail: true });
    const model = modelFor({ broken: url });
    const [cluster] = await model.resolveChildren();
    const kids = await model.resolveChildren(cluster);
    assert.equal(kids.length, 1);
    assert.equal(kids[0].kind, 'error');
    const p = present(kids[0]);
    assert.match(p.label, /HTTP 500/);
    assert.equal(p.contextValue, 'error');
    assert.equal(p.command?.id, 'flink.retryJobsNode');
    model.retry(kids[0]);
    const again = await model.resolveChildren(cluster);
    assert.equal(again[0].kind, 'error', 'still failing after retry, and retried (no stale success)');
  });

  it('an unreachable endpoint gives an error node naming it', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const model = modelFor({ gone: `http://127.0.0.1:${port}` });
    const [cluster] = await model.resolveChildren();
    const [err] = await model.resolveChildren(cluster);
    assert.equal(err.kind, 'error');
    assert.match(present(err).label, new RegExp(`Cannot reach Flink at http://127.0.0.1:${port}`));
  });

  it('fake server: a slow cluster does not hold up a fast one', async () => {
    // Ordering, not wall time: the fast one is complete while the slow one is still loading.
    const slow = await fakeFlink({ delayMs: 4000 });
    const fast = await fakeFlink();
    const model = modelFor({ slow, fast });
    const [slowNode, fastNode] = await model.resolveChildren();
    model.children(slowNode); // starts the slow load
    const kids = await model.resolveChildren(fastNode);
    assert.equal(kids[0].kind, 'overview');
    assert.deepEqual(labels(model.children(slowNode)), ['Loading…'], 'the slow one is still loading');
  });

  it('fake server: a refresh makes one round of requests for the expanded levels and keeps node identity', async () => {
    const url = await fakeFlink();
    const records: RequestRecord[] = [];
    const changes: Array<JobsNode | undefined> = [];
    const model = modelFor({ local: url }, records, changes);
    const [cluster] = await model.resolveChildren();
    const groups = await model.resolveChildren(cluster);
    const tmGroup = groups.find((g) => g.kind === 'taskmanagers')!;
    await model.resolveChildren(tmGroup);
    const paths = () => records.map((r) => new URL(r.url).pathname).sort();
    // The cluster's one active job is its application: its checkpoints feed the health verdict.
    assert.deepEqual(paths(), ['/jobs/b2/checkpoints', '/jobs/overview', '/overview', '/taskmanagers']);

    records.length = 0;
    changes.length = 0;
    model.refresh();
    assert.deepEqual(changes, [undefined], 'refresh announces the root');
    // What VS Code does after the event: ask again for the visible, expanded levels.
    const stale = model.children(cluster);
    assert.equal(stale[0], groups[0], 'stale children are shown (same objects) while reloading');
    model.children(tmGroup);
    model.children(cluster); // asked twice in one refresh: still one request
    const again = await model.resolveChildren(cluster);
    await model.resolveChildren(tmGroup);
    // Unchanged statuses: the small GET /jobs replaces GET /jobs/overview.
    assert.deepEqual(paths(), ['/jobs', '/jobs/b2/checkpoints', '/overview', '/taskmanagers']);
    assert.equal(again[0], groups[0], 'node identity survives the refresh');
    const announced = changes as Array<JobsNode | undefined>;
    assert.ok(announced.includes(cluster) && announced.includes(tmGroup), 'each reloaded level is announced');
  });

  it('fake server: a job whose status changed makes the refresh fetch the job list again', async () => {
    let flip: (() => void) | undefined;
    const url = await fakeFlink({
      answers: (a) => {
        flip = () => {
          (a['/jobs'] as { jobs: Array<{ id: string; status: string }> }).jobs[1].status = 'CANCELED';
          (a['/jobs/overview'] as { jobs: Array<{ state: string }> }).jobs[1].state = 'CANCELED';
        };
      },
    });
    const records: RequestRecord[] = [];
    const model = modelFor({ local: url }, records);
    const [cluster] = await model.resolveChildren();
    await model.resolveChildren(cluster);
    flip!();
    records.length = 0;
    model.refresh();
    const kids = await model.resolveChildren(cluster);
    assert.deepEqual(records.map((r) => new URL(r.url).pathname).sort(), ['/jobs', '/jobs/overview', '/overview']);
    assert.deepEqual(labels(kids).slice(1, 3), ['CANCELED', 'FINISHED'], 'the RUNNING group is gone');
  });

  it('fake discovery source: timer refreshes skip Kubernetes discovery unless asked; discovery errors are an error node', async () => {
    let calls = 0;
    let fail = false;
    const source: ClusterSource = {
      configured: () => [{ id: 'url:x', name: 'configured', source: 'settings', url: 'http://127.0.0.1:9' }],
      discover: async () => {
        calls++;
        if (fail) throw new Error('Cannot reach the API server');
        return { clusters: [{ id: 'k8s:c/ns/service/flink', name: 'flink', source: 'kubernetes' }], warnings: [] };
      },
      connect: async () => {
        throw new Error('not used');
      },
    };
    const model = new JobsModel({ source, onDidChange: () => undefined });
    const first = model.children();
    assert.deepEqual(
      labels(first),
      ['configured', 'Looking for Flink clusters in Kubernetes…'],
      'configured clusters show at once',
    );
    assert.deepEqual(labels(await model.resolveChildren()), ['configured', 'flink']);
    assert.equal(calls, 1);
    model.refresh(false);
    await model.resolveChildren();
    assert.equal(calls, 1, 'a timer tick without discovery');
    fail = true;
    model.refresh(true);
    const after = await model.resolveChildren();
    assert.equal(calls, 2);
    assert.deepEqual(
      after.map((n) => n.kind),
      ['cluster', 'error'],
      'the configured cluster stays, the discovery error shows',
    );
    assert.match(present(after[1]).label, /Cannot reach the API server/);
  });
});
