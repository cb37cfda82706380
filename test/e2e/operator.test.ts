// Flow: a user deploys an application FlinkDeployment from the command palette; the deploy follows
// it through the test bed's real Flink Kubernetes Operator until its job is RUNNING. Then the user
// rescales it from the palette: picks the resource, types the parallelism, opens "Show patch",
// applies, and the notification reports the job running with the new parallelism, as Flink does.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testbedState } from '../support/testbed';
import { kubectl, openFile, runCommand, startSession, toast, type Session } from './support';

const id = randomBytes(3).toString('hex');
const NAME = `e2e-op-${id}`;

function manifest(): string {
  const st = testbedState();
  const ns = st.operator?.namespaces?.[0];
  if (!ns) throw new Error('The test bed runs no Flink Kubernetes Operator (state.operator missing).');
  const [major, minor] = st.flinkVersion.split('.');
  return `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: ${NAME}
  namespace: ${ns}
spec:
  image: flink:testbed
  flinkVersion: v${major}_${minor}
  serviceAccount: default
  # The directories a savepoint upgrade needs, written out (the validator cannot see the operator's defaults).
  flinkConfiguration:
    execution.checkpointing.dir: ${st.checkpointDir}
    execution.checkpointing.savepoint-dir: ${st.savepointDir}
  jobManager:
    resource: { memory: 1024m, cpu: 0.5 }
  taskManager:
    resource: { memory: 1024m, cpu: 0.5 }
  job:
    jarURI: local://${st.exampleJar}
    entryClass: ${st.exampleJarEntryClass}
    args: [stream, '50', e2e-op-job-${id}]
    parallelism: 1
    upgradeMode: savepoint
    state: running
`;
}

describe('flow: an operator application from the palette, followed to RUNNING, then rescaled', () => {
  let s: Session;
  let ns = '';
  before(async () => {
    ns = testbedState().operator?.namespaces?.[0] ?? '';
    s = await startSession({
      name: 'operator',
      testbed: true,
      settings: { 'flink.deploy.rolloutTimeoutSeconds': 240 },
      files: { 'operator-app.yaml': manifest() },
    });
  });
  after(async () => {
    if (s?.state)
      kubectl(s, ['-n', ns, 'delete', '--ignore-not-found', '--wait=true', '--timeout=90s', `flinkdeployment/${NAME}`]);
    await s?.stop();
  });

  it('deploys the FlinkDeployment and follows it through the operator until its job is RUNNING', async () => {
    const { page } = s;
    await s.do('open-manifest', () => openFile(page, 'operator-app.yaml'));
    await s.do('palette', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      for (let attempt = 1; ; attempt++) {
        await runCommand(page, 'Flink: Deploy Flink cluster');
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active file' }).first();
        try {
          await row.waitFor({ timeout: 5_000 });
          await row.click();
          return;
        } catch (e) {
          if (attempt === 5) throw e;
          await page.keyboard.press('Escape');
          await page.waitForTimeout(1_000);
        }
      }
    });
    await s.do('confirm', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: 'Deploy to context' }).waitFor({ timeout: 90_000 });
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Deploy$/ }).click();
    });
    const outcome = toast(page, /Up through the operator|FlinkDeployment .*(failed|rejected|did not|no status)/);
    await s.do('running', async () => {
      await outcome.waitFor({ timeout: 260_000 });
      assert.match(
        await outcome.innerText(),
        new RegExp(`Up through the operator: FlinkDeployment ${ns}/${NAME}: .*job RUNNING`),
      );
    });
    const status = JSON.parse(kubectl(s, ['-n', ns, 'get', `flinkdeployment/${NAME}`, '-o', 'json'])) as {
      status: { jobStatus: { state: string; jobId: string } };
    };
    assert.equal(status.status.jobStatus.state, 'RUNNING');
  });

  it('rescales it from the palette after showing the patch; Flink runs the new job with parallelism 2', async () => {
    const { page } = s;
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await s.do('rescale-palette', async () => {
      await runCommand(page, 'Flink: Rescale (operator)');
      await rows.filter({ hasText: NAME }).first().click({ timeout: 60_000 });
    });
    await s.do('parallelism', async () => {
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('2');
      await page.keyboard.press('Enter');
    });
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Rescale FlinkDeployment ${ns}/${NAME}` });
    await s.do('show-patch', async () => {
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(await dialog.innerText(), /Context: flink-testbed/);
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Show patch$/ }).click();
      await page.locator('.tabs-container .tab', { hasText: `rescale-${NAME}.yaml` }).waitFor({ timeout: 30_000 });
      assert.match(await page.locator('.monaco-editor .view-lines').first().innerText(), /"parallelism":\s2/);
    });
    await s.do('apply', async () => {
      await dialog.waitFor({ timeout: 30_000 });
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Apply$/ }).click();
    });
    const outcome = toast(page, /with parallelism 2|Rescaling failed/);
    await s.do('rescaled', async () => {
      await outcome.waitFor({ timeout: 260_000 });
      assert.match(
        await outcome.innerText(),
        new RegExp(`FlinkDeployment ${ns}/${NAME} runs job \\w+ with parallelism 2`),
      );
    });
    const jobId = /runs job (\w+)/.exec(await outcome.innerText())?.[1] ?? '';
    const r = await fetch(`${s.state!.flinkRestUrl}/jobs/${jobId}`, { signal: AbortSignal.timeout(10_000) });
    const job = (await r.json()) as { state: string; vertices: { parallelism: number }[] };
    assert.ok(job.vertices.length > 0);
    for (const v of job.vertices) assert.equal(v.parallelism, 2);
  });
});
