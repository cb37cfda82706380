// Flow 7: with a Flink session cluster deployed to the test bed's Kubernetes, a user opens the
// Flink view, finds the back-pressured job (`testbed-backpressure`: Fast source -> Slow operator
// -> Keyed sum) and clicks its inline "Show Job Graph" action: the graph shows the slow operator
// busy and its upstream back-pressured; a click on the slow vertex opens its subtasks; the
// Checkpoints tab draws the checkpoint history. Screenshots of each step go to test-results/e2e/.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLUSTER_OBJECTS, escapeRegExp, kubectl, startSession, webview, type Session } from './support';

interface BackpressureJob {
  backpressureJobId?: string;
  backpressureJob?: { name: string; sourceVertex: string; slowVertex: string };
}

describe('flow 7: the job graph and checkpoint chart of a back-pressured job', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow7', testbed: true });
    kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
    kubectl(s, ['apply', '-f', join(s.workspace, 'session-cluster.yaml')]);
    kubectl(s, ['rollout', 'status', 'deployment/demo-flink-jobmanager', '--timeout=120s']);
  });
  after(async () => {
    if (s?.state) kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
    await s?.stop();
  });

  it('opens the graph from the job node, shows back pressure, a vertex and the checkpoint chart', async () => {
    const { page } = s;
    const bp = (s.state as BackpressureJob | undefined)?.backpressureJob;
    assert.ok(bp, 'the test bed state has no backpressureJob: restart it (npm run testbed:down && npm run testbed:up)');
    const tree = page.locator('.part.sidebar .monaco-list-row');
    const job = tree.filter({ hasText: new RegExp(escapeRegExp(bp.name)) }).first();

    await s.do('flink-view', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Flink"]').click();
      await tree.filter({ hasText: 'demo-flink' }).first().waitFor({ timeout: 90_000 });
      const cluster = tree.filter({ hasText: 'demo-flink' }).first();
      if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
      await job.waitFor({ timeout: 90_000 });
    });

    const graph = webview(page);
    await s.do('job-graph', async () => {
      await job.hover();
      await job.locator('.actions .action-label[aria-label^="Show Job Graph"]').click();
      await page.locator('.tabs-container .tab', { hasText: `Job graph · ${bp.name}` }).waitFor({ timeout: 30_000 });
      await graph.locator('.vertex').nth(2).waitFor({ timeout: 60_000 });
      // Flink's own semantics: the slow operator is busy, its upstream waits for buffers.
      await graph.locator('.vertex[data-heat="busy"]', { hasText: bp.slowVertex }).waitFor({ timeout: 120_000 });
      await graph
        .locator('.vertex[data-heat="backpressured"]', { hasText: bp.sourceVertex })
        .waitFor({ timeout: 120_000 });
    });
    assert.equal(await graph.locator('.vertex').count(), 3);

    await s.do('job-graph-vertex', async () => {
      await graph.locator('.vertex', { hasText: bp.slowVertex }).click();
      await graph.locator('#side:not([hidden]) #sideBody tbody tr').first().waitFor({ timeout: 60_000 });
    });
    assert.match(await graph.locator('#sideTitle').innerText(), new RegExp(escapeRegExp(bp.slowVertex)));

    await s.do('checkpoints', async () => {
      await graph.locator('#tabCheckpoints').click();
      await graph.locator('#cpChart[data-points] canvas').first().waitFor({ timeout: 120_000 });
    });
    const points = Number(await graph.locator('#cpChart').getAttribute('data-points'));
    assert.ok(points >= 1, `checkpoints drawn: ${points}`);
    assert.match(await graph.locator('#cpInfo').innerText(), /\S/);
  });
});
