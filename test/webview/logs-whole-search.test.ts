// Whole-log search in the page, wired to the real host session (LogSession, its spool and the search
// worker dist/log-search-worker.js) through the test harness; the log comes from the fake Flink log
// endpoint on 127.0.0.1 (the real Flink is in test/integration). The page holds only the tail, and
// Enter takes the reader to hits far outside it.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { FlinkFileFeed } from '../../src/features/logs/feeds';
import { LogSession } from '../../src/features/logs/session';
import { startFakeFlink, type FakeFlink } from '../unit/logs-fake-flink';
import { HarnessPage, launchChromium, startPageServer } from './harness';

const workerFile = join(__dirname, '..', '..', 'dist', 'log-search-worker.js');
const line = (i: number, msg = `heartbeat ${i}`) =>
  `2026-11-22 10:00:${String(i % 60).padStart(2, '0')},000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - ${msg}`;

describe('whole-log search in the page (real session and worker, fake Flink server)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let flink: FakeFlink;
  before(async () => {
    assert.ok(existsSync(workerFile), `${workerFile} is missing: run node scripts/build.mjs`);
    browser = await launchChromium();
    server = await startPageServer();
    flink = await startFakeFlink();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await flink?.close();
  });

  it('counts hits in the whole log and jumps to a hit outside the loaded lines, then the next, wrapping', async () => {
    const n = 200_000; // about 24 MB; the page gets the last 256 KiB
    const lines = Array.from({ length: n }, (_, i) => line(i));
    lines[10] = line(10, 'Checkpoint 7 expired: needle-one');
    lines[100_000] = line(100_000, 'Checkpoint 8 expired: needle-two');
    flink.files.set('/jobmanager/logs/big.log', Buffer.from(lines.join('\n') + '\n'));
    const h = await HarnessPage.open(browser, server.url);
    const opened: string[] = [];
    const session = new LogSession(
      new FlinkFileFeed({ baseUrl: flink.url, owner: { type: 'jobmanager' }, file: { kind: 'file', name: 'big.log' } }),
      h.poster(),
      {
        copy: () => undefined,
        openInEditor: () => undefined,
        openWholeLog: (path) => {
          opened.push(path);
        },
        saveToFile: () => undefined,
      },
      { follow: false, searchWorkerFile: workerFile, searchStallMs: 30_000 },
    );
    try {
      h.attach(session);
      session.start();
      await h.until(`document.body.dataset.loaded === 'true'`, 30_000);
      const kept = Number(await h.eval<string>(`document.getElementById('viewport').dataset.lines`));
      assert.ok(kept < 5_000, `only the tail is in the page (${kept} lines)`);

      await h.page.fill('#query', 'needle');
      await h.until(`document.getElementById('count').dataset.whole === '2'`, 60_000);
      assert.match(await h.text('#count'), /^No results · 2 in the whole log$/);

      const current = `document.querySelector('#rows .row mark.current')?.closest('.row')?.querySelector('.text')?.textContent ?? ''`;
      await h.page.press('#query', 'Enter');
      await h.until(`(${current}).includes('needle-one')`, 15_000);
      assert.ok(
        (await h.visibleTexts()).some((t) => t.includes('needle-one')),
        'the hit is on screen',
      );
      assert.match(await h.text('#count'), /^1 of 1 \(loaded lines\) · 2 in the whole log$/);

      await h.page.press('#query', 'Enter');
      await h.until(`(${current}).includes('needle-two')`, 15_000);
      assert.ok((await h.visibleTexts()).some((t) => t.includes('needle-two')));

      // Past the last hit: back to the first (the host wraps around); Shift+Enter goes up again.
      await h.page.press('#query', 'Enter');
      await h.until(`(${current}).includes('needle-one')`, 15_000);
      await h.page.press('#query', 'Shift+Enter');
      await h.until(`(${current}).includes('needle-two')`, 15_000);

      // "Open in editor" without a selection asks for the whole spooled log.
      await h.page.click('#openInEditor');
      const deadline = Date.now() + 5_000;
      while (!opened.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      assert.equal(opened.length, 1);
      assert.equal(statSync(opened[0]!).size, Buffer.byteLength(lines.join('\n') + '\n'));
    } finally {
      session.dispose();
      await h.page.close();
    }
  });
});
