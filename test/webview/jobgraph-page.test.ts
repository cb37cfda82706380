// The job graph page in Chromium, driven by the typed host messages (the real REST answers feed
// it in test/integration/jobgraph-page.test.ts): drawing, colours, the table alternative, the side
// panel, keyboard, pause, keeping the last picture when Flink stops answering, state restore.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { GraphSnapshot, PageMessage, VertexDetail } from '../../src/features/jobgraph/protocol';
import { launchChromium } from './harness';
import { JobGraphPage, startJobGraphServer } from './jobgraph-harness';

const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const snapshot = (over: Partial<GraphSnapshot> = {}): GraphSnapshot => ({
  jobId: JOB,
  jobName: 'orders-enrichment',
  jobState: 'RUNNING',
  flinkVersion: '1.20.5',
  vertices: [
    {
      id: 'src',
      name: 'Source: Kafka orders',
      parallelism: 2,
      status: 'RUNNING',
      figures: { busy: 40, backpressured: 930, idle: 30, recordsOut: 4200, bytesOut: 90_000 },
    },
    {
      id: 'slow',
      name: 'Enrich -> Filter',
      parallelism: 2,
      status: 'RUNNING',
      figures: { busy: 990, backpressured: 0, idle: 10, recordsIn: 410, recordsOut: 400 },
    },
    {
      id: 'sink',
      name: 'Sink: Writer',
      parallelism: 1,
      status: 'RUNNING',
      figures: { busy: 20, backpressured: 0, idle: 980, recordsIn: 400 },
    },
  ],
  edges: [
    { source: 'src', target: 'slow', shipStrategy: 'REBALANCE' },
    { source: 'slow', target: 'sink', shipStrategy: 'HASH' },
  ],
  takenAt: Date.now(),
  missing: [],
  ...over,
});

const detail: VertexDetail = {
  vertexId: 'slow',
  name: 'Enrich -> Filter',
  parallelism: 2,
  subtasks: [
    {
      subtask: 0,
      status: 'RUNNING',
      taskManagerId: 'tm-1',
      endpoint: '10.0.0.5:6122',
      busy: 990,
      backpressured: 0,
      idle: 10,
      recordsIn: 5000,
      recordsOut: 4990,
      watermark: Date.now() - 1500,
    },
    { subtask: 1, status: 'RUNNING', taskManagerId: 'tm-2', endpoint: '10.0.0.6:6122', busy: 970, recordsIn: 4800 },
  ],
  accumulators: [{ name: 'slow-records', type: 'LongCounter', value: '9800' }],
  backpressureLevel: 'ok',
  takenAt: Date.now(),
  missing: [],
};

describe('job graph page (Chromium, host messages)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startJobGraphServer>>;
  before(async () => {
    browser = await launchChromium();
    server = await startJobGraphServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the DAG with ship strategies, colours busy and back-pressured vertices, and lists them as a table', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    await h.send({ type: 'snapshot', snapshot: snapshot() });
    await h.send({ type: 'status', state: 'live' });
    await h.until(`document.querySelectorAll('.vertex').length === 3`);
    assert.equal((await h.vertex('slow'))?.heat, 'busy');
    assert.equal((await h.vertex('src'))?.heat, 'backpressured');
    assert.equal((await h.vertex('sink'))?.heat, 'idle');
    const fills = await h.eval<string[]>(
      `['src','slow','sink'].map((id) => getComputedStyle(document.querySelector('.vertex[data-id="' + id + '"] rect')).fill)`,
    );
    assert.equal(new Set(fills).size, 3, `three different fills: ${fills.join(' | ')}`);
    assert.deepEqual(
      await h.eval<string[]>(`Array.from(document.querySelectorAll('.edge .ship')).map((t) => t.textContent)`),
      ['REBALANCE', 'HASH'],
    );
    // Left to right: the source is left of the slow vertex, which is left of the sink.
    const xs = await h.eval<number[]>(
      `['src','slow','sink'].map((id) => document.querySelector('.vertex[data-id="' + id + '"]').getBoundingClientRect().x)`,
    );
    assert.ok(xs[0]! < xs[1]! && xs[1]! < xs[2]!, `x positions ${xs.join(',')}`);
    assert.match((await h.vertex('slow'))?.label ?? '', /Busy 99%, back-pressured 0%/);
    // The table alternative is in the page for screen readers, with one row per vertex.
    const rows = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#tableView tbody tr')).map((r) => r.textContent)`,
    );
    assert.equal(rows.length, 3);
    assert.match(rows[1] ?? '', /Enrich -> Filter.*99%.*Source: Kafka orders \(REBALANCE\)/);
    await h.eval(`document.getElementById('asTable').click()`);
    assert.equal(await h.eval<boolean>(`document.getElementById('graph').hidden`), true);
    assert.equal(await h.eval<boolean>(`document.getElementById('tableView').classList.contains('sr-only')`), false);
    assert.match(await h.text('#status'), /^Live/);
    assert.deepEqual(h.errors, [], 'no page errors or CSP violations');
    await h.page.close();
  });

  it('opens the side panel by keyboard, links subtasks to their TaskManager logs, closes with Escape', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    await h.send({ type: 'snapshot', snapshot: snapshot() });
    await h.until(`document.querySelectorAll('.vertex').length === 3`);
    // Tab from the toolbar reaches the vertices; arrows follow the edges.
    await h.eval(`document.querySelector('.vertex[data-id="src"]').focus()`);
    await h.page.keyboard.press('ArrowRight');
    assert.equal(await h.eval<string>(`document.activeElement.dataset.id`), 'slow');
    await h.page.keyboard.press('Enter');
    await h.until(`window.__harnessSent.some((m) => m.type === 'select' && m.vertexId === 'slow')`);
    assert.equal(await h.eval<boolean>(`document.getElementById('side').hidden`), false);
    await h.send({ type: 'detail', detail });
    await h.until(`document.querySelectorAll('#sideBody tbody tr').length >= 3`);
    const sub = await h.eval<string>(`document.querySelector('#sideBody tbody tr').textContent`);
    assert.match(sub, /10\.0\.0\.5:6122.*99%.*lag 1\.5 s/);
    assert.match(await h.text('#sideBody'), /slow-records.*9800/);
    await h.eval(`document.querySelector('#sideBody button.link').click()`);
    await h.until(`window.__harnessSent.some((m) => m.type === 'openTaskManagerLogs' && m.taskManagerId === 'tm-1')`);
    await h.page.keyboard.press('Escape');
    assert.equal(await h.eval<boolean>(`document.getElementById('side').hidden`), true);
    await h.until(
      `window.__harnessSent.at(-1).type === 'select' && window.__harnessSent.at(-1).vertexId === undefined`,
    );
    assert.deepEqual(h.errors, []);
    await h.page.close();
  });

  it('pauses, keeps the last picture when a refresh fails, and restores pause and selection after a reload', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    const job = { jobId: JOB, restUrl: 'http://127.0.0.1:1' };
    await h.send({ type: 'init', job });
    await h.send({ type: 'snapshot', snapshot: snapshot() });
    await h.until(`document.querySelectorAll('.vertex').length === 3`);
    await h.eval(`document.getElementById('pause').click()`);
    await h.until(`window.__harnessSent.some((m) => m.type === 'setPaused' && m.paused === true)`);
    assert.equal(await h.text('#pause'), 'Resume');
    await h.eval(`document.querySelector('.vertex[data-id="sink"]').dispatchEvent(new MouseEvent('click'))`);
    await h.send({
      type: 'status',
      state: 'stale',
      message: 'Cannot read the job from Flink: connection refused. Showing the picture from 10:00:00.',
    });
    await h.until(`document.body.dataset.state === 'stale'`);
    assert.equal(await h.eval<number>(`document.querySelectorAll('.vertex').length`), 3, 'the picture stays');
    assert.match(await h.text('#status'), /connection refused/);

    const saved = await h.eval<Record<string, unknown>>(`window.__harnessState()`);
    assert.deepEqual(saved, { job, paused: true, selected: 'sink', tab: 'graph' });
    await h.page.close();

    // What the serializer hands back after a window reload: the page asks for the same view.
    const again = await JobGraphPage.open(browser, server.url, { initialState: saved as never });
    await again.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    const ready = again.received.find((m) => m.type === 'ready') as Extract<PageMessage, { type: 'ready' }>;
    assert.deepEqual(ready, { type: 'ready', paused: true, selected: 'sink', tab: 'graph' });
    assert.equal(await again.text('#pause'), 'Resume');
    await again.page.close();
  });

  it('says what is missing for a finished job and never shows a blank panel', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    const s = snapshot({
      jobState: 'FINISHED',
      missing: ['live figures: the job is FINISHED, Flink keeps no metrics for it'],
      vertices: snapshot().vertices.map((v) => ({ ...v, status: 'FINISHED', figures: {} })),
    });
    await h.send({ type: 'snapshot', snapshot: s });
    await h.send({ type: 'status', state: 'ended', message: 'The job is FINISHED: the graph is final.' });
    await h.until(`document.querySelectorAll('.vertex').length === 3`);
    assert.match(await h.text('#missing'), /FINISHED, Flink keeps no metrics/);
    assert.equal((await h.vertex('slow'))?.heat, 'unknown');
    assert.match(await h.text('#status'), /^Final.*FINISHED/);
    await h.page.close();
  });

  it('shows the checkpoint history as a chart and a table, the latest failure, and a checkpoint per vertex', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    await h.send({ type: 'snapshot', snapshot: snapshot() });
    await h.eval(`document.getElementById('tabCheckpoints').click()`);
    await h.until(`window.__harnessSent.some((m) => m.type === 'setTab' && m.tab === 'checkpoints')`);
    assert.equal(await h.eval<string>(`getComputedStyle(document.getElementById('main')).display`), 'none');
    const t0 = Date.now() - 60_000;
    await h.send({
      type: 'checkpoints',
      checkpoints: {
        history: [
          { id: 7, status: 'COMPLETED', isSavepoint: false, triggeredAt: t0, durationMs: 850, sizeBytes: 2048 },
          {
            id: 8,
            status: 'FAILED',
            isSavepoint: false,
            triggeredAt: t0 + 10_000,
            durationMs: 60_000,
            sizeBytes: 0,
            failureMessage: 'Checkpoint expired before completing.',
          },
          {
            id: 9,
            status: 'IN_PROGRESS',
            isSavepoint: false,
            triggeredAt: t0 + 20_000,
            durationMs: 3_000,
            sizeBytes: 0,
          },
        ],
        counts: { completed: 1, failed: 1, inProgress: 1, total: 3 },
        latestFailure: { id: 8, at: t0 + 70_000, message: 'Checkpoint expired before completing.' },
      },
    });
    await h.until(`document.querySelector('#cpChart canvas') !== null`);
    assert.equal(await h.eval<string>(`document.getElementById('cpChart').dataset.points`), '3');
    assert.match(await h.text('#cpInfo'), /Latest failure: checkpoint 8 .*Checkpoint expired/);
    const rows = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#cpInfo tbody tr')).map((r) => r.textContent)`,
    );
    assert.equal(rows.length, 3);
    assert.match(rows[0] ?? '', /^9IN_PROGRESS/);
    await h.eval(`document.querySelector('#cpInfo button[data-checkpoint="8"]').click()`);
    await h.until(`window.__harnessSent.some((m) => m.type === 'selectCheckpoint' && m.checkpointId === 8)`);
    await h.send({
      type: 'checkpointDetail',
      detail: {
        checkpointId: 8,
        missing: [],
        vertices: [
          {
            vertexId: 'slow',
            name: 'Enrich -> Filter',
            endToEndMs: 60_000,
            syncMs: 3,
            asyncMs: 12,
            alignmentMs: 59_000,
          },
        ],
      },
    });
    await h.until(`document.getElementById('cpDetail').dataset.checkpoint === '8'`);
    assert.match(await h.text('#cpDetail'), /Enrich -> Filter60\.0 s3 ms12 ms59\.0 s/);
    assert.deepEqual(h.errors, []);
    await h.page.close();
  });

  it('lists exceptions with stack traces; frames found in the workspace open the file at the line', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    await h.send({ type: 'snapshot', snapshot: snapshot() });
    await h.eval(`document.getElementById('tabExceptions').click()`);
    await h.until(`window.__harnessSent.some((m) => m.type === 'setTab' && m.tab === 'exceptions')`);
    const stacktrace = [
      'java.lang.IllegalStateException: enrichment lookup failed',
      '\tat com.acme.Enrich.map(Enrich.java:42)',
      '\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)',
    ].join('\n');
    await h.send({
      type: 'exceptions',
      exceptions: {
        truncated: false,
        workspacePaths: ['com/acme/Enrich.java'],
        entries: [
          {
            name: 'java.lang.IllegalStateException',
            message: 'enrichment lookup failed',
            timestamp: Date.now(),
            taskName: 'Enrich (1/2)',
            endpoint: '10.0.0.5:6122',
            stacktrace,
            concurrent: 0,
          },
        ],
      },
    });
    await h.until(`document.getElementById('exceptions').dataset.entries === '1'`);
    assert.match(
      await h.text('#exceptions summary'),
      /Root exception .*IllegalStateException: enrichment lookup failed · Enrich \(1\/2\) on 10\.0\.0\.5:6122/,
    );
    const links = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#exceptions button.frame')).map((b) => b.textContent)`,
    );
    assert.deepEqual(links, ['\tat com.acme.Enrich.map(Enrich.java:42)'], 'only the workspace frame is a link');
    await h.eval(`document.querySelector('#exceptions button.frame').click()`);
    await h.until(
      `window.__harnessSent.some((m) => m.type === 'openFrame' && m.path === 'com/acme/Enrich.java' && m.line === 42)`,
    );
    assert.match(await h.text('#exceptions pre'), /StreamMap\.processElement/);
    assert.deepEqual(h.errors, []);
    await h.page.close();
  });

  it('draws a 200-vertex job (layout in the page, by dagre)', async () => {
    const h = await JobGraphPage.open(browser, server.url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    const n = 200;
    const vertices = Array.from({ length: n }, (_, i) => ({
      id: `v${i}`,
      name: `Operator ${i} -> Map -> Filter`,
      parallelism: 4,
      status: 'RUNNING',
      figures: { busy: (i * 37) % 1000, backpressured: (i * 11) % 300, idle: 100 },
    }));
    // Ten parallel chains of 20 with a shuffle between neighbouring chains.
    const edges = vertices.flatMap((_, i) => {
      const out = [];
      if (i % 20 !== 19) out.push({ source: `v${i}`, target: `v${i + 1}`, shipStrategy: 'FORWARD' });
      if (i % 20 === 5 && i + 20 < n) out.push({ source: `v${i}`, target: `v${i + 21}`, shipStrategy: 'HASH' });
      return out;
    });
    await h.send({ type: 'snapshot', snapshot: snapshot({ vertices, edges }) });
    await h.until(`document.querySelectorAll('.vertex').length === ${n}`, 20_000);
    const drawMs = Number(await h.eval<string>(`document.body.dataset.drawMs`));
    assert.ok(
      drawMs > 0 && drawMs < 5_000,
      `drawn in ${drawMs} ms (bench/jobgraph.bench.mjs measures the 500 ms goal)`,
    );
    assert.deepEqual(h.errors, []);
    await h.page.close();
  });
});
