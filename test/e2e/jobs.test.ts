// Flow 3: with a Flink session cluster deployed to the test bed's Kubernetes, a user opens the
// Flink view in the activity bar: the job explorer lists the cluster (found through the kube
// context, reached through a port-forward to the JobManager pod) and its RUNNING job; the user
// expands the job and triggers a savepoint from the tree, and Flink writes it.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLUSTER_OBJECTS, escapeRegExp, kubectl, startSession, toast, type Session } from './support';

async function flinkJobName(restUrl: string, jobId: string): Promise<string> {
  const r = await fetch(`${restUrl}/jobs/${jobId}`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(r.status, 200, `GET /jobs/${jobId}`);
  return ((await r.json()) as { name: string }).name;
}

describe('flow 3: the job explorer in the Flink activity-bar view', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow3', testbed: true });
    // The cluster the user deployed earlier (flow 2 does it through the UI), created afresh.
    kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
    kubectl(s, ['apply', '-f', join(s.workspace, 'session-cluster.yaml')]);
    kubectl(s, ['rollout', 'status', 'deployment/demo-flink-jobmanager', '--timeout=120s']);
  });
  after(async () => {
    if (s?.state) kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
    await s?.stop();
  });

  it('lists the cluster and its RUNNING job, and triggers a savepoint from the tree', async () => {
    const { page } = s;
    const state = s.state!;
    const jobName = await flinkJobName(state.flinkRestUrl, state.runningJobId);
    const tree = page.locator('.part.sidebar .monaco-list-row');

    await s.do('flink-view', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Flink"]').click();
      await tree.filter({ hasText: 'demo-flink' }).first().waitFor({ timeout: 90_000 });
    });
    await s.do('cluster-expanded', async () => {
      const cluster = tree.filter({ hasText: 'demo-flink' }).first();
      if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
      // RUNNING jobs are grouped under their state, expanded by default.
      await tree
        .filter({ hasText: /^RUNNING/ })
        .first()
        .waitFor({ timeout: 90_000 });
      await tree
        .filter({ hasText: new RegExp(escapeRegExp(jobName)) })
        .first()
        .waitFor({ timeout: 60_000 });
    });
    const job = tree.filter({ hasText: new RegExp(escapeRegExp(jobName)) }).first();
    await s.do('job-expanded', async () => {
      await job.click();
      if ((await job.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
      await tree
        .filter({ hasText: /Checkpoints/ })
        .first()
        .waitFor({ timeout: 30_000 });
    });
    await s.do('savepoint-prompt', async () => {
      await job.hover();
      await job.locator('.actions .action-label[aria-label^="Trigger Savepoint"]').click();
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 20_000 });
    });
    const done = toast(page, `Savepoint of ${jobName} completed`);
    await s.do('savepoint-completed', async () => {
      await page.locator('.quick-input-widget input').press('Enter');
      await done.waitFor({ timeout: 120_000 });
    });
    const text = await done.innerText();
    const location = /completed: (\S+)/.exec(text)?.[1];
    assert.ok(location, `no savepoint path in "${text}"`);
    const path = location.startsWith('file:') ? fileURLToPath(location.replace(/^file:\/*/, 'file:///')) : location;
    assert.ok(existsSync(path), `the savepoint ${path} does not exist`);
  });
});
