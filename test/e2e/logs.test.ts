// Flow 4: from the job explorer a user opens a TaskManager's logs; the log webview shows the real
// Flink log lines of the test bed's TaskManager, and its search finds a term in them.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testbedState } from '../support/testbed';
import { startSession, webview, type Session } from './support';

describe('flow 4: TaskManager logs in the log viewer', () => {
  let s: Session;
  before(async () => {
    // The test bed's Flink by its REST URL (the way users add a cluster outside Kubernetes).
    const url = testbedState().flinkRestUrl;
    s = await startSession({
      name: 'flow4',
      testbed: true,
      settings: { 'flink.clusters': [{ name: 'testbed-flink', url }], 'flink.jobs.discoverInKubernetes': false },
    });
  });
  after(async () => {
    await s?.stop();
  });

  it('shows real TaskManager log lines and finds a term', async () => {
    const { page } = s;
    const tree = page.locator('.part.sidebar .monaco-list-row');
    await s.do('flink-view', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Flink"]').click();
      await tree.filter({ hasText: 'testbed-flink' }).first().waitFor({ timeout: 60_000 });
    });
    await s.do('taskmanagers', async () => {
      const cluster = tree.filter({ hasText: 'testbed-flink' }).first();
      if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
      const tms = tree.filter({ hasText: /^TaskManagers/ }).first();
      await tms.waitFor({ timeout: 60_000 });
      if ((await tms.getAttribute('aria-expanded')) !== 'true') await tms.click();
      await tree
        .filter({ hasText: /slots used/ })
        .first()
        .waitFor({ timeout: 60_000 });
    });
    await s.do('log-viewer', async () => {
      const tm = tree.filter({ hasText: /slots used/ }).first();
      await tm.hover();
      await tm.locator('.actions .action-label[aria-label^="Open Logs"]').click();
      await webview(page).locator('#rows .row').first().waitFor({ timeout: 60_000 });
    });
    const view = webview(page);
    const lines = await view.locator('#rows .row .text').allInnerTexts();
    assert.ok(
      lines.some((l) => /org\.apache\.flink\.runtime\.taskexecutor\.|TaskExecutor|TaskManagerRunner/.test(l)),
      `no TaskManager log line among:\n${lines.slice(0, 20).join('\n')}`,
    );
    await s.do('search', async () => {
      await view.locator('#query').fill('TaskExecutor');
      await view.locator('#query').press('Enter');
      await view.locator('#rows mark').first().waitFor({ timeout: 20_000 });
    });
    const count = await view.locator('#count').innerText();
    assert.match(count, /\d/, `the match count says "${count}"`);
    assert.doesNotMatch(count, /^0\b|no match/i, `the search found nothing: "${count}"`);
    const marked = await view.locator('#rows mark').first().innerText();
    assert.equal(marked.toLowerCase(), 'taskexecutor');
  });
});
