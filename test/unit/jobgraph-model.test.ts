// The job graph's pure parts (REST answers -> view model, metric names across versions, the page
// message guard) and the host session against a small fake Flink server on 127.0.0.1 (the real
// Flink 1.20 and 2.x are in test/integration/jobgraph-*.test.ts).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parsePlan } from '../../src/flink/job-graph';
import { ALL_FIGURE_METRICS, figuresFrom } from '../../src/flink/metrics';
import { isJobRef, isPageMessage, type HostMessage } from '../../src/features/jobgraph/protocol';
import { JobGraphSession } from '../../src/features/jobgraph/session';
import { buildCheckpoints } from '../../src/features/jobgraph/checkpoints';
import { framePaths, parseFrame } from '../../src/features/jobgraph/frames';
import { buildDetail, buildSnapshot, edgesOf } from '../../src/features/jobgraph/snapshot';

const JOB = '0123456789abcdef0123456789abcdef';
const plan = {
  jid: JOB,
  name: 'j',
  nodes: [
    {
      id: 'b',
      parallelism: 1,
      description: 'Sink',
      inputs: [{ num: 0, id: 'a', ship_strategy: 'HASH', exchange: 'pipelined' }],
    },
    { id: 'a', parallelism: 2, description: 'Source' },
  ],
};
const details = (state = 'RUNNING', planValue: unknown = JSON.stringify(plan)) => ({
  jid: JOB,
  name: 'j',
  isStoppable: false,
  state,
  'start-time': 0,
  'end-time': -1,
  duration: 1,
  now: 1,
  timestamps: {},
  plan: planValue,
  vertices: [
    {
      id: 'a',
      name: 'Source: numbers',
      parallelism: 2,
      status: 'RUNNING',
      'start-time': 0,
      'end-time': -1,
      duration: 1,
      tasks: {},
    },
    {
      id: 'b',
      name: 'Sink',
      parallelism: 1,
      status: 'RUNNING',
      'start-time': 0,
      'end-time': -1,
      duration: 1,
      tasks: {},
    },
  ],
});

describe('job graph model', () => {
  it('reads the plan as raw JSON (1.x) or an object (2.1+), and its edges with ship strategies', () => {
    assert.deepEqual(parsePlan(JSON.stringify(plan)), plan);
    assert.deepEqual(parsePlan(plan), plan);
    assert.equal(parsePlan('{not json'), undefined);
    assert.equal(parsePlan({ nodes: 'x' }), undefined);
    assert.deepEqual(edgesOf(plan), [{ source: 'a', target: 'b', shipStrategy: 'HASH' }]);
  });

  it('takes the max over subtasks for time shares, sums for rates, the min watermark, and skips "no watermark"', () => {
    const f = figuresFrom([
      { id: 'busyTimeMsPerSecond', min: 10, max: 990, sum: 1000 },
      { id: 'backPressuredTimeMsPerSecond', min: 0, max: 3, sum: 3 },
      { id: 'numRecordsInPerSecond', min: 1, max: 2, sum: 3 },
      { id: 'numBytesInPerSecond', sum: 77 },
      { id: 'currentInputWatermark', min: 1_700_000_000_000, max: 1_700_000_001_000 },
    ]);
    assert.deepEqual(f, { busy: 990, backpressured: 3, recordsIn: 3, bytesIn: 77, watermark: 1_700_000_000_000 });
    assert.deepEqual(figuresFrom([{ id: 'currentInputWatermark', min: -9223372036854776000 }]), {});
    assert.ok(ALL_FIGURE_METRICS.includes('numBytesInPerSecond') && ALL_FIGURE_METRICS.includes('idleTimeMsPerSecond'));
  });

  it('builds the snapshot and the side panel rows (endpoint or legacy host, back pressure sample as fallback)', () => {
    const d = { ...details(), plan };
    const s = buildSnapshot(d as never, new Map([['b', { busy: 1000 }]]), 5, [], '2.2.1');
    assert.deepEqual(
      s.vertices.map((v) => [v.id, v.figures.busy]),
      [
        ['a', undefined],
        ['b', 1000],
      ],
    );
    assert.deepEqual(s.edges, [{ source: 'a', target: 'b', shipStrategy: 'HASH' }]);
    const detail = buildDetail(
      {
        id: 'a',
        name: 'Source',
        parallelism: 2,
        subtasks: [
          {
            subtask: 0,
            status: 'RUNNING',
            attempt: 0,
            host: 'h1:1',
            'taskmanager-id': 'tm1',
            metrics: { 'write-records': 9 },
          },
          { subtask: 1, status: 'SCHEDULED', attempt: 0, endpoint: '(unassigned)', 'taskmanager-id': '(unassigned)' },
        ],
      },
      {
        backpressure: {
          status: 'ok',
          level: 'high',
          subtasks: [{ subtask: 0, ratio: 0.9, busyRatio: 0.05, idleRatio: 0.05, level: 'high' }],
        },
        watermarks: new Map([[0, 123]]),
        subtaskFigures: new Map([[0, { busy: 40 }]]),
      },
      7,
      [],
    );
    assert.deepEqual(detail.subtasks[0], {
      subtask: 0,
      status: 'RUNNING',
      taskManagerId: 'tm1',
      endpoint: 'h1:1',
      busy: 40,
      backpressured: 900,
      idle: 50,
      backpressureLevel: 'high',
      recordsOut: 9,
      watermark: 123,
    });
    assert.deepEqual(detail.subtasks[1], { subtask: 1, status: 'SCHEDULED' });
    assert.equal(detail.backpressureLevel, 'high');
  });

  it('turns checkpoint statistics into the chart: oldest first, incremental size, the latest failure', () => {
    assert.deepEqual(buildCheckpoints(undefined), {
      history: [],
      missing: 'checkpointing is not enabled for this job',
    });
    const cp = (id: number, status: 'COMPLETED' | 'FAILED', extra = {}) => ({
      id,
      status,
      is_savepoint: false,
      trigger_timestamp: id * 1000,
      latest_ack_timestamp: 0,
      state_size: 100,
      end_to_end_duration: id * 10,
      num_subtasks: 1,
      num_acknowledged_subtasks: 1,
      ...extra,
    });
    const failed = cp(2, 'FAILED', {
      failure_message: 'Checkpoint expired before completing.',
      failure_timestamp: 2500,
    });
    const v = buildCheckpoints({
      counts: { restored: 0, total: 2, in_progress: 0, completed: 1, failed: 1 },
      latest: { completed: null, savepoint: null, failed, restored: null },
      history: [failed, cp(1, 'COMPLETED', { checkpointed_size: 7 })],
    });
    assert.deepEqual(
      v.history.map((c) => [c.id, c.status, c.sizeBytes, c.durationMs]),
      [
        [1, 'COMPLETED', 7, 10],
        [2, 'FAILED', 100, 20],
      ],
    );
    assert.deepEqual(v.latestFailure, { id: 2, at: 2500, message: 'Checkpoint expired before completing.' });
  });

  it('maps stack frames to workspace source paths (inner classes, Scala, module prefixes), skipping the JDK', () => {
    assert.deepEqual(parseFrame('\tat com.acme.Enrich$1.map(Enrich.java:42)'), {
      className: 'com.acme.Enrich$1',
      path: 'com/acme/Enrich.java',
      line: 42,
    });
    assert.deepEqual(parseFrame('  at app//com.acme.jobs.Main$.run(Main.scala:7)')?.path, 'com/acme/jobs/Main.scala');
    assert.equal(parseFrame('\tat java.base/java.lang.Thread.run(Thread.java:840)'), undefined);
    assert.equal(parseFrame('\tat com.acme.Gen.x(Unknown Source)'), undefined);
    assert.equal(parseFrame('java.lang.RuntimeException: boom'), undefined);
    const stack =
      'java.lang.RuntimeException: boom\n\tat com.acme.A.f(A.java:1)\n\tat com.acme.A.g(A.java:2)\n\tat com.acme.B.h(B.java:3)';
    assert.deepEqual(framePaths([stack, stack]), ['com/acme/A.java', 'com/acme/B.java']);
    assert.ok(isPageMessage({ type: 'openFrame', path: 'com/acme/A.java', line: 3 }));
    assert.ok(!isPageMessage({ type: 'openFrame', path: '../../etc/passwd.java', line: 3 }));
  });

  it('accepts only well-formed page messages and job references', () => {
    assert.ok(isPageMessage({ type: 'ready', paused: true, selected: 'x' }));
    assert.ok(isPageMessage({ type: 'select' }));
    assert.ok(!isPageMessage({ type: 'ready', paused: 'yes' }));
    assert.ok(!isPageMessage({ type: 'openTaskManagerLogs', taskManagerId: '' }));
    assert.ok(!isPageMessage({ type: 'eval', code: '1' }));
    assert.ok(isJobRef({ jobId: JOB, restUrl: 'http://127.0.0.1:8081' }));
    assert.ok(!isJobRef({ jobId: '../../jobs', restUrl: 'http://x' }));
    assert.ok(!isJobRef({ jobId: JOB }));
  });
});

async function fakeFlink(
  handler: (path: string, query: URLSearchParams) => unknown,
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    const body = handler(u.pathname, u.searchParams);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":["Not found: /x"]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

function waitForMessage(
  got: HostMessage[],
  pred: (m: HostMessage) => boolean,
  timeoutMs = 5_000,
): Promise<HostMessage> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const hit = got.find(pred);
      if (hit) return resolve(hit);
      if (Date.now() > end) return reject(new Error(`no such message in ${JSON.stringify(got.map((m) => m.type))}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('job graph session (fake Flink server)', () => {
  it('polls only after the page is ready (figures of a source without input watermark too), keeps the last picture when the cluster goes away, and says so', async () => {
    const state = 'RUNNING';
    const f = await fakeFlink((p, q) => {
      if (p === '/config') return { 'flink-version': '1.20.5' };
      if (p === `/jobs/${JOB}`) return details(state);
      if (p === `/jobs/${JOB}/status`) return { status: state };
      // As Flink does: a name missing on a subtask (a source's input watermark) empties the whole answer.
      if (p.endsWith('/vertices/a/subtasks/metrics') && q.get('get')?.includes('currentInputWatermark')) return [];
      if (p.endsWith('/subtasks/metrics')) return [{ id: 'busyTimeMsPerSecond', max: 500, min: 1, sum: 600 }];
      return undefined;
    });
    const got: HostMessage[] = [];
    const s = new JobGraphSession({ baseUrl: f.url, timeoutMs: 2_000 }, JOB, (m) => got.push(m), { intervalMs: 50 });
    try {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(f.requests.length, 0, 'nothing is read before the page is there');
      s.handle({ type: 'ready' });
      const first = await waitForMessage(got, (m) => m.type === 'snapshot');
      assert.ok(first.type === 'snapshot');
      assert.equal(first.snapshot.flinkVersion, '1.20.5');
      assert.equal(first.snapshot.vertices[1]?.figures.busy, 500);
      assert.equal(first.snapshot.vertices[0]?.figures.busy, 500, 'the source gets its figures without the watermark');
      // Paused: no more requests.
      s.handle({ type: 'setPaused', paused: true });
      await waitForMessage(got, (m) => m.type === 'status' && m.state === 'paused');
      const count = f.requests.length;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(f.requests.length, count, 'a paused view polls nothing');
      // The cluster goes away: a refresh says so and the last snapshot stays.
      f.server.closeAllConnections();
      await new Promise<void>((r) => f.server.close(() => r()));
      s.handle({ type: 'refresh' });
      const stale = await waitForMessage(got, (m) => m.type === 'status' && m.state === 'stale');
      assert.ok(stale.type === 'status');
      assert.match(stale.message ?? '', /Cannot read the job from Flink: .*Showing the picture from/);
      assert.equal(s.lastSnapshot?.vertices.length, 2);
    } finally {
      s.dispose();
      f.server.close();
    }
  });

  it('shows a finished job without live figures and stops polling; a missing plan is reported', async () => {
    const f = await fakeFlink((p) => {
      if (p === '/config') return { 'flink-version': '2.2.1' };
      if (p === `/jobs/${JOB}`) return details('FINISHED', null);
      return undefined;
    });
    const got: HostMessage[] = [];
    const s = new JobGraphSession({ baseUrl: f.url }, JOB, (m) => got.push(m), { intervalMs: 20 });
    try {
      s.handle({ type: 'ready' });
      const snap = await waitForMessage(got, (m) => m.type === 'snapshot');
      assert.ok(snap.type === 'snapshot');
      assert.deepEqual(snap.snapshot.missing, [
        'the job plan (Flink sent none): edges are not drawn',
        'live figures: the job is FINISHED, Flink keeps no metrics for it',
      ]);
      await waitForMessage(got, (m) => m.type === 'status' && m.state === 'ended');
      const count = f.requests.length;
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(f.requests.length, count, 'an ended job is not polled');
      assert.ok(!f.requests.some((r) => r.includes('/metrics')), 'no metric requests for an ended job');
    } finally {
      s.dispose();
      f.server.close();
    }
  });

  it('says which job is unknown (REST 404) before any picture exists', async () => {
    const f = await fakeFlink((p) => (p === '/config' ? { 'flink-version': '1.20.5' } : undefined));
    const got: HostMessage[] = [];
    const s = new JobGraphSession({ baseUrl: f.url }, JOB, (m) => got.push(m), { intervalMs: 1_000 });
    try {
      s.handle({ type: 'ready' });
      const st = await waitForMessage(got, (m) => m.type === 'status');
      assert.ok(st.type === 'status' && st.state === 'stale');
      assert.match(st.message ?? '', /Cannot read the job from Flink: .*404|Not found/);
      assert.ok(!got.some((m) => m.type === 'snapshot'));
    } finally {
      s.dispose();
      f.server.close();
    }
  });
});
