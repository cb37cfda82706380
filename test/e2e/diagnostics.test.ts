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
    // The clean manifest has no problems: every row belongs to the broken file or its findings.
    const files = await page
      .locator('.markers-panel .monaco-list-row .file-icon, .markers-panel .monaco-list-row .label-name')
      .allInnerTexts();
    assert.ok(
      !files.some((f) => f.trim() === 'session-cluster.yaml'),
      `the clean manifest has problems: ${files.join(', ')}`,
    );
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
