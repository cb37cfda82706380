// Flow 2: a user opens the sample session cluster, runs "Deploy Flink cluster" from the command
// palette, confirms the plan, and the notification reports the cluster up, against the test bed's
// real Kubernetes API server (kwok runs the pods; the JobManager's REST port reaches real Flink).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_CLUSTER_OBJECTS,
  kubectl,
  openFile,
  runCommand,
  startSession,
  toast,
  webview,
  type Session,
} from './support';

describe('flow 2: deploy a Flink cluster from the command palette', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow2', testbed: true, settings: { 'flink.deploy.rolloutTimeoutSeconds': 150 } });
    // A fresh create, as a first deploy is (objects left by an earlier run are removed first).
    kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
  });
  after(async () => {
    if (s?.state) kubectl(s, ['delete', '--ignore-not-found', '--wait=true', '--timeout=60s', ...DEMO_CLUSTER_OBJECTS]);
    await s?.stop();
  });

  it('deploys the open manifest after confirmation and reports the cluster ready', async () => {
    const { page } = s;
    await s.do('open-manifest', () => openFile(page, 'session-cluster.yaml'));
    await s.do('palette', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      // The extension host learns of the active editor a moment after the click: until then the
      // quick pick offers no "Active file", and a user would close it and run the command again.
      for (let attempt = 1; ; attempt++) {
        await runCommand(page, 'Flink: Deploy Flink cluster');
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active file' }).first();
        try {
          await row.waitFor({ timeout: 5_000 });
          return;
        } catch (e) {
          if (attempt === 5) throw e;
          console.log(
            `flow 2: no "Active file" in the deploy quick pick (attempt ${attempt}); running the command again`,
          );
          await page.keyboard.press('Escape');
          await page.waitForTimeout(1_000);
        }
      }
    });
    await s.do('pick-active-file', async () => {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active file' }).first().click();
    });
    await s.do('confirm', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: 'Deploy to context' }).waitFor({ timeout: 90_000 });
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Deploy$/ }).click();
    });
    // The rollout ends with one notification: up, failed or timed out.
    const outcome = toast(page, /The cluster is up|The rollout|failed/);
    await s.do('cluster-ready', async () => {
      await outcome.waitFor({ timeout: 200_000 });
      assert.match(await outcome.innerText(), /The cluster is up: .*the JobManager REST API answers \(Flink \d/s);
    });
    // The objects really are on the API server.
    const got = kubectl(s, ['get', ...DEMO_CLUSTER_OBJECTS, '-o', 'name']);
    assert.deepEqual(got.trim().split('\n').sort(), [...DEMO_CLUSTER_OBJECTS].sort());
  });

  it('"Open Logs..." from the palette offers the deployed cluster first, and opens its JobManager log', async () => {
    const { page } = s;
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await s.do('logs-palette', async () => {
      await runCommand(page, 'Flink: Open Logs...');
      await rows.filter({ hasText: 'Flink REST API' }).first().click();
    });
    // Discovery in the current context finds the cluster just deployed: it is the first row,
    // preselected, so Enter takes it (no REST URL to type, nothing pre-filled that does not answer).
    await s.do('cluster-first', async () => {
      await rows
        .first()
        .filter({ hasText: /Kubernetes · flink-testbed\/default/ })
        .waitFor({ timeout: 60_000 });
      await page.keyboard.press('Enter');
    });
    await s.do('jobmanager-main-log', async () => {
      await rows.filter({ hasText: 'JobManager' }).first().click({ timeout: 60_000 });
      await rows.filter({ hasText: 'Main log' }).first().click({ timeout: 60_000 });
      await webview(page).locator('#rows .row').first().waitFor({ timeout: 60_000 });
    });
    const lines = await webview(page).locator('#rows .row .text').allInnerTexts();
    assert.ok(
      // Lines only the JobManager writes (the tail of a busy one is mostly its checkpoint coordinator).
      lines.some((l) =>
        /CheckpointCoordinator|StandaloneSessionClusterEntrypoint|Dispatcher|ResourceManager|JobMaster/.test(l),
      ),
      `no JobManager log line among:\n${lines.slice(0, 20).join('\n')}`,
    );
  });
});
