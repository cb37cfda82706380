// Flow 5: Flink config intelligence in the editor. Hovering a memory option of the sample
// ConfigMap shows the option's documentation and Flink's own memory breakdown for the TaskManager
// container; typing a key offers Flink's options by segment.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openFile, runCommand, startSession, type Session } from './support';

describe('flow 5: config completion and hover in code-server', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow5', testbed: false });
  });
  after(async () => {
    await s?.stop();
  });

  it('hover explains a memory option with the breakdown Flink computes', async () => {
    const { page } = s;
    await s.do('open-manifest', () => openFile(page, 'session-cluster.yaml'));
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await s.do('hover-memory-option', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      // Line 18: `    taskmanager.memory.process.size: 1728m`; column 10 is inside the key.
      await page.keyboard.press('Control+G');
      await page.keyboard.type('18:10');
      await page.keyboard.press('Enter');
      await runCommand(page, 'Show or Focus Hover');
      await hover.filter({ hasText: /Total Process Memory/i }).waitFor({ timeout: 60_000 });
      await hover.filter({ hasText: /[Mm]anaged/ }).waitFor({ timeout: 30_000 });
    });
    const text = await hover.innerText();
    assert.match(text, /taskmanager\.memory\.process\.size|Total Process Memory/);
    assert.match(text, /TaskManager/);
    await page.keyboard.press('Escape');
  });

  it('completion offers Flink options by segment', async () => {
    const { page } = s;
    await s.do('complete-key', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      // Line 16 is `    parallelism.default: 2`: replace it, from column 5 to its end, with half a key.
      await page.keyboard.press('Control+G');
      await page.keyboard.type('16:5');
      await page.keyboard.press('Enter');
      await page.locator('.statusbar', { hasText: 'Ln 16, Col 5' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('execution.checkp');
      await page.keyboard.press('Control+Space');
      await page
        .locator('.suggest-widget .monaco-list-row', { hasText: /checkpointing/ })
        .first()
        .waitFor({ timeout: 60_000 });
    });
    const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
    assert.ok(
      rows.some((r) => /checkpointing/.test(r)),
      `no checkpointing option offered: ${rows.slice(0, 10).join(' | ')}`,
    );
    await page.keyboard.press('Escape');
  });
});
