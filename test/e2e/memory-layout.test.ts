// Flow 8: a user opens a manifest whose TaskManager container limit is below its Flink process
// size, clicks the "Memory layout" CodeLens above taskmanager.memory.process.size, and sees the
// picture beside the editor: a bar per container, the TaskManager's part beyond its limit in red.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFile, root, startSession, webview, type Session } from './support';

// The demo cluster with the TaskManager's limit 400 MiB below its process size.
const OVER = readFileSync(join(root, 'test/fixtures/demo-workspace/session-cluster.yaml'), 'utf8').replace(
  'memory: 1728Mi',
  'memory: 1328Mi',
);

describe('flow 8: the memory layout of a manifest from its CodeLens', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow8', testbed: false, files: { 'tight-memory.yaml': OVER } });
  });
  after(async () => {
    await s?.stop();
  });

  it('opens the picture from the lens above the process size and shows the overflow in red', async () => {
    const { page } = s;
    await s.do('manifest', async () => {
      await openFile(page, 'tight-memory.yaml');
    });
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /Memory layout: TaskManager/ });
    await s.do('lens', async () => {
      await lens.first().waitFor({ timeout: 60_000 });
    });
    assert.match(await lens.first().innerText(), /TaskManager exceeds its limit by 400 MiB/);
    const view = webview(page);
    await s.do('memory-layout', async () => {
      await lens.first().click();
      await page
        .locator('.tabs-container .tab', { hasText: 'Memory · tight-memory.yaml' })
        .waitFor({ timeout: 30_000 });
      await view.locator('.container').nth(1).waitFor({ timeout: 60_000 });
      await view.locator('.container[data-overflow="true"] svg rect.over').waitFor({ timeout: 30_000 });
    });
    assert.equal(await view.locator('.container').count(), 2);
    assert.equal(await view.locator('.container[data-overflow="true"]').getAttribute('data-role'), 'taskmanager');
    assert.match(await view.locator('.container[data-overflow="true"] .error').innerText(), /OOMKilled/);
  });
});
