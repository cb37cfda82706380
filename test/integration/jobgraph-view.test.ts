// The job graph against the test bed's real Flink (1.20 and 2.x): the host session reads the
// back-pressured job (`testbed-backpressure`: Fast source -> REBALANCE -> Slow operator -> HASH ->
// Keyed sum) and the page in Chromium draws those real answers, captured at test time. Flink's
// semantics: the slow operator is the busy one (its time goes into processing), and its upstream
// is back-pressured (it waits for buffers).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { GraphSnapshot, HostMessage, VertexDetail } from '../../src/features/jobgraph/protocol';
import { JobGraphSession } from '../../src/features/jobgraph/session';
import { testbedState, type TestbedState } from '../support/testbed';
import { launchChromium } from '../webview/harness';
import { JobGraphPage, startJobGraphServer } from '../webview/jobgraph-harness';

interface BackpressureState extends TestbedState {
  backpressureJobId: string;
  backpressureJob: { name: string; sourceVertex: string; slowVertex: string };
}

function state(): BackpressureState {
  const s = testbedState();
  if (typeof s.backpressureJobId !== 'string')
    throw new Error(
      'The test bed state has no backpressureJobId: restart it (npm run testbed:down && npm run testbed:up).',
    );
  return s as BackpressureState;
}

/** Polls a real session's snapshots until `ok` holds (back pressure builds up within seconds). */
async function snapshotUntil(
  s: BackpressureState,
  jobId: string,
  ok: (snap: GraphSnapshot) => boolean,
  timeoutMs = 90_000,
): Promise<GraphSnapshot> {
  const got: HostMessage[] = [];
  const session = new JobGraphSession({ baseUrl: s.flinkRestUrl }, jobId, (m) => got.push(m), { intervalMs: 1_000 });
  const end = Date.now() + timeoutMs;
  try {
    session.handle({ type: 'ready' });
    for (;;) {
      const last = session.lastSnapshot;
      if (last && ok(last)) return last;
      if (Date.now() > end) {
        const st = got.filter((m) => m.type === 'status').at(-1);
        throw new Error(
          `no snapshot matched within ${timeoutMs / 1000} s; last: ${JSON.stringify(last?.vertices.map((v) => [v.name, v.figures]))}; status ${JSON.stringify(st)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    session.dispose();
  }
}

const byName = (snap: GraphSnapshot, part: string) => snap.vertices.find((v) => v.name.includes(part));

describe('job graph against the real Flink', () => {
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

  it('reads the plan with ship strategies, the slow vertex busy and its upstream back-pressured', async () => {
    const s = state();
    const { sourceVertex, slowVertex } = s.backpressureJob;
    const snap = await snapshotUntil(s, s.backpressureJobId, (x) => {
      const slow = byName(x, slowVertex)?.figures;
      const src = byName(x, sourceVertex)?.figures;
      return (slow?.busy ?? 0) > 500 && (src?.backpressured ?? 0) > 500;
    });
    assert.equal(snap.flinkVersion, s.flinkVersion);
    assert.equal(snap.jobState, 'RUNNING');
    assert.equal(snap.vertices.length, 3, snap.vertices.map((v) => v.name).join(' | '));
    const src = byName(snap, sourceVertex)!;
    const slow = byName(snap, slowVertex)!;
    const sum = byName(snap, 'Keyed sum')!;
    assert.deepEqual(
      snap.edges
        .map((e) => [e.source, e.target, e.shipStrategy])
        .sort((a, b) => (a[1] === slow.id ? -1 : b[1] === slow.id ? 1 : 0)),
      [
        [src.id, slow.id, 'REBALANCE'],
        [slow.id, sum.id, 'HASH'],
      ],
    );
    // Records flow, and rates are per second (the slow map sleeps 2 ms per record: at most ~500/s).
    assert.ok((slow.figures.recordsIn ?? 0) > 0, JSON.stringify(slow.figures));
    assert.ok((slow.figures.recordsIn ?? 0) < 1_000, JSON.stringify(slow.figures));
    assert.ok((sum.figures.idle ?? 0) > 500, `the sink side idles: ${JSON.stringify(sum.figures)}`);
  });

  it('draws those answers in Chromium: colours, side panel with TaskManager, watermark and accumulator', async () => {
    const s = state();
    const { sourceVertex, slowVertex } = s.backpressureJob;
    const h = await JobGraphPage.open(browser, server.url);
    const details: VertexDetail[] = [];
    const post = h.poster();
    const session = new JobGraphSession(
      { baseUrl: s.flinkRestUrl },
      s.backpressureJobId,
      (m) => {
        if (m.type === 'detail') details.push(m.detail);
        post(m);
      },
      { intervalMs: 1_000 },
    );
    try {
      await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
      h.attach(session);
      await h.until(`document.querySelectorAll('.vertex').length === 3`, 30_000);
      const idOf = async (part: string) =>
        h.eval<string>(
          `Array.from(document.querySelectorAll('.vertex')).find((g) => g.getAttribute('aria-label').includes(${JSON.stringify(part)})).dataset.id`,
        );
      const slowId = await idOf(slowVertex);
      const srcId = await idOf(sourceVertex);
      await h.until(
        `document.querySelector('.vertex[data-id="${slowId}"]').dataset.heat === 'busy' && document.querySelector('.vertex[data-id="${srcId}"]').dataset.heat === 'backpressured'`,
        90_000,
      );
      assert.match(await h.text('#status'), /^Live/);
      assert.equal(await h.text('#jobState'), 'RUNNING');

      await h.eval(`document.querySelector('.vertex[data-id="${slowId}"]').dispatchEvent(new MouseEvent('click'))`);
      // The accumulator registers on the first record and watermarks need a moment: poll the panel.
      await h.until(
        `/slow-records/.test(document.getElementById('sideBody').textContent) && /lag /.test(document.getElementById('sideBody').textContent)`,
        60_000,
      );
      const d = details.filter((x) => x.vertexId === slowId).at(-1)!;
      assert.equal(d.subtasks.length, 1);
      assert.ok(d.subtasks[0]!.taskManagerId, 'the subtask names its TaskManager');
      assert.match(d.subtasks[0]!.endpoint ?? '', /^127\.0\.0\.1:\d+$|^localhost:\d+$/);
      assert.ok((d.subtasks[0]!.busy ?? 0) > 500, JSON.stringify(d.subtasks[0]));
      const lag = Date.now() - (d.subtasks[0]!.watermark ?? 0);
      assert.ok(lag >= 0 && lag < 10 * 60_000, `watermark lag ${lag} ms`);
      await h.eval(`document.querySelector('#sideBody button.link').click()`);
      await h.until(`window.__harnessSent.some((m) => m.type === 'openTaskManagerLogs')`);

      mkdirSync(join('test-results'), { recursive: true });
      await h.page.screenshot({ path: join('test-results', `jobgraph-flink-${s.flinkVersion}.png`) });
      assert.deepEqual(h.errors, [], 'no page errors or CSP violations');
    } finally {
      session.dispose();
      await h.page.close();
    }
  });

  it('shows the FINISHED job without live figures and says why', async () => {
    const s = state();
    const snap = await snapshotUntil(s, s.finishedJobId, () => true, 30_000);
    assert.equal(snap.jobState, 'FINISHED');
    assert.ok(snap.vertices.length >= 2);
    assert.ok(snap.edges.length >= 1, 'the plan of a finished job still has its edges');
    assert.ok(snap.vertices.every((v) => Object.keys(v.figures).length === 0));
    assert.match(snap.missing.join(' '), /the job is FINISHED, Flink keeps no metrics/);
  });
});
