// A log panel survives a window reload: VS Code brings it back through the panel serializer with its
// source (the test bed's TaskManager log, by REST URL), search text, level filter and follow state,
// and the view shows the real log lines again. The reload is the command a user runs
// (Developer: Reload Window), which saves the workbench's state before it reloads.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testbedState } from '../support/testbed';
import { eventually, runCommand, startSession, webview, type Session } from './support';

describe('log panels survive a window reload', () => {
  let s: Session;
  before(async () => {
    const url = testbedState().flinkRestUrl;
    s = await startSession({
      name: 'logs-restore',
      testbed: true,
      settings: { 'flink.clusters': [{ name: 'testbed-flink', url }], 'flink.jobs.discoverInKubernetes': false },
    });
  });
  after(async () => {
    await s?.stop();
  });

  it('restores the panel with its source, search, level filter and follow state', async () => {
    const { page } = s;
    const tree = page.locator('.part.sidebar .monaco-list-row');
    await s.do('open-logs', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Flink"]').click();
      const cluster = tree.filter({ hasText: 'testbed-flink' }).first();
      await cluster.waitFor({ timeout: 60_000 });
      if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
      const tms = tree.filter({ hasText: /^TaskManagers/ }).first();
      await tms.waitFor({ timeout: 60_000 });
      if ((await tms.getAttribute('aria-expanded')) !== 'true') await tms.click();
      const tm = tree.filter({ hasText: /slots used/ }).first();
      await tm.waitFor({ timeout: 60_000 });
      await tm.hover();
      await tm.locator('.actions .action-label[aria-label^="Open Logs"]').click();
      await webview(page).locator('#rows .row').first().waitFor({ timeout: 60_000 });
    });
    let view = webview(page);
    const sourceBefore = await view.locator('#source').innerText();
    const tabBefore = await page.locator('.tabs-container .tab.active').innerText();
    await s.do('set-view-state', async () => {
      await view.locator('#query').fill('TaskExecutor');
      await view.locator('#query').press('Enter');
      await view.locator('#rows mark').first().waitFor({ timeout: 20_000 });
      await view.locator('input[data-level="DEBUG"]').uncheck();
      await view.locator('#follow').click(); // pause
      await view.locator('#follow[aria-pressed="false"]').waitFor({ timeout: 10_000 });
    });
    await s.do('reload', async () => {
      // A mark on the old document: gone once the window has really reloaded.
      await page.evaluate('window.__beforeReload = true');
      await runCommand(page, 'Developer: Reload Window');
      await eventually(
        'the window to reload',
        async () => ((await page.evaluate('window.__beforeReload')) ? undefined : true),
        120_000,
      );
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      view = webview(page);
      await view.locator('#rows .row').first().waitFor({ timeout: 120_000 });
    });
    assert.equal(await page.locator('.tabs-container .tab.active').innerText(), tabBefore);
    assert.equal(await view.locator('#source').innerText(), sourceBefore);
    assert.equal(await view.locator('#query').inputValue(), 'TaskExecutor');
    assert.equal(await view.locator('input[data-level="DEBUG"]').isChecked(), false);
    assert.equal(await view.locator('input[data-level="INFO"]').isChecked(), true);
    assert.equal(await view.locator('#follow').getAttribute('aria-pressed'), 'false');
    const lines = await view.locator('#rows .row .text').allInnerTexts();
    assert.ok(
      lines.some((l) => /org\.apache\.flink\./.test(l)),
      `no Flink log line after the reload:\n${lines.slice(0, 10).join('\n')}`,
    );
    await view.locator('#rows mark').first().waitFor({ timeout: 20_000 });
  });
});
