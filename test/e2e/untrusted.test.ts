// Flow: the workspace is opened in Restricted Mode (workspace trust on, folder not trusted). What
// package.json's capabilities.untrustedWorkspaces promises: manifests are still validated as you
// type; deploy (and delete) say they need a trusted workspace instead of acting on a cluster.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openFile, runCommand, startSession, toast, type Session } from './support';

describe('restricted mode: an untrusted workspace', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'untrusted', testbed: false, untrusted: true });
  });
  after(async () => {
    await s?.stop();
  });

  it('is open in Restricted Mode', async () => {
    const { page } = s;
    await s.do('restricted-mode', async () => {
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
    });
  });

  it('still lists the mistakes of a broken manifest in the Problems panel', async () => {
    const { page } = s;
    await s.do('open-broken-manifest', () => openFile(page, 'broken-session-cluster.yaml'));
    await s.do('problems-panel', async () => {
      await runCommand(page, 'Problems: Focus on Problems View');
      const rows = page.locator('.markers-panel .monaco-list-row');
      for (const text of [
        'extensions/v1beta1 Deployment is no longer served',
        "taskmanager.memory.process.size is 4096m but the container's memory limit is 2Gi",
      ])
        await rows.filter({ hasText: text }).first().waitFor({ timeout: 60_000 });
    });
  });

  it('"Deploy Flink cluster" says it needs a trusted workspace, and how to get one', async () => {
    const { page } = s;
    const message = toast(page, /needs a trusted workspace/);
    await s.do('deploy-needs-trust', async () => {
      await runCommand(page, 'Flink: Deploy Flink cluster');
      await message.waitFor({ timeout: 60_000 });
    });
    const text = await message.innerText();
    assert.match(text, /Deploying needs a trusted workspace/);
    assert.match(text, /Manage Workspace Trust/);
    // It stopped before asking anything: no file picker, no confirmation.
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false);
  });
});
