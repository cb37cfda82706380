// Flow 1: a user opens a workspace with Flink manifests; the Problems panel lists the mistakes the
// extension finds, and a Flink snippet expands from the editor's completion list.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { eventually, openFile, runCommand, startSession, type Session } from './support';

describe('flow 1: problems and snippets in code-server', () => {
  let s: Session;
  before(async () => {
    s = await startSession({ name: 'flow1', testbed: false, files: { 'jobmanager-service.yaml': '' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('lists the mistakes of a broken manifest in the Problems panel', async () => {
    const { page } = s;
    await s.do('open-broken-manifest', () => openFile(page, 'broken-session-cluster.yaml'));
    await s.do('problems-panel', async () => {
      await runCommand(page, 'Problems: Focus on Problems View');
      const rows = page.locator('.markers-panel .monaco-list-row');
      // What a Flink user must learn before deploying: each is a real run-time failure.
      for (const text of [
        'extensions/v1beta1 Deployment is no longer served',
        "taskmanager.memory.process.size is 4096m but the container's memory limit is 2Gi",
        'Did you mean taskmanager.numberOfTaskSlots?',
        'jobmanager.heap.size is deprecated',
        'matches no pod template',
      ]) {
        await rows.filter({ hasText: text }).first().waitFor({ timeout: 60_000 });
      }
    });
  });

  it('shows no problem for the clean manifest, and does validate it', async () => {
    const { page } = s;
    await s.do('open-clean-manifest', () => openFile(page, 'session-cluster.yaml'));
    const rowsOf = (file: string) =>
      page
        .locator('.markers-panel .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${file.replace('.', '\\.')}$`) }) });
    // Proof that this file is validated at all: a typo in one of its keys (line 15) is reported...
    await s.do('typo-reported', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type('15');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Home');
      await page.keyboard.type('x');
      await runCommand(page, 'Problems: Focus on Problems View');
      await rowsOf('session-cluster.yaml').first().waitFor({ timeout: 60_000 });
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: 'xtaskmanager.numberOfTaskSlots' })
        .first()
        .waitFor({ timeout: 30_000 });
    });
    // ...and once undone, the file as shipped has no problem left.
    await s.do('typo-undone', async () => {
      await openFile(page, 'session-cluster.yaml');
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Z');
      await runCommand(page, 'Problems: Focus on Problems View');
      await rowsOf('session-cluster.yaml').first().waitFor({ state: 'detached', timeout: 60_000 });
    });
    assert.equal(await rowsOf('session-cluster.yaml').count(), 0);
  });

  it('expands a Flink snippet from completion', async () => {
    const { page } = s;
    await s.do('open-empty-file', () => openFile(page, 'jobmanager-service.yaml'));
    await s.do('completion-list', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.type('flink-jobmanager-serv');
      await page.keyboard.press('Control+Space');
      await page
        .locator('.suggest-widget .monaco-list-row', { hasText: 'flink-jobmanager-service' })
        .first()
        .waitFor({ timeout: 20_000 });
    });
    await s.do('snippet-expanded', async () => {
      await page.keyboard.press('Enter');
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'kind: Service' })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
    });
    await runCommand(page, 'File: Save');
    const text = await eventually(
      'the saved snippet',
      async () => {
        const t = readFileSync(join(s.workspace, 'jobmanager-service.yaml'), 'utf8');
        return t.includes('kind: Service') ? t : undefined;
      },
      20_000,
    );
    const docs = parseAllDocuments(text).map(
      (d) => d.toJSON() as { kind?: string; spec?: { ports?: { port: number }[] } },
    );
    const svc = docs.find((d) => d?.kind === 'Service');
    assert.ok(svc, `no Service in the expanded snippet:\n${text}`);
    assert.ok(
      svc.spec?.ports?.some((p) => p.port === 6123),
      `the JobManager Service has no RPC port 6123:\n${text}`,
    );
  });
});
