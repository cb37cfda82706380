// Flow 2: a user opens the sample session cluster, runs "Deploy Flink cluster" from the command
// palette, confirms the plan, and the notification reports the cluster up, against the test bed's
// real Kubernetes API server (kwok runs the pods; the JobManager's REST port reaches real Flink).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLUSTER_OBJECTS, kubectl, openFile, runCommand, startSession, toast, type Session } from './support';

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
      await runCommand(page, 'Flink: Deploy Flink cluster');
    });
    await s.do('pick-active-file', async () => {
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active file' }).first();
      await row.waitFor({ timeout: 20_000 });
      await row.click();
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
});
