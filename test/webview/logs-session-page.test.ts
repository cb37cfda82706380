// The page wired to the real host session (LogSession + FlinkFileFeed) through the test harness,
// reading a fake Flink log endpoint on 127.0.0.1 (the real Flink is in test/integration).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { FlinkFileFeed } from '../../src/features/logs/feeds';
import { LogSession } from '../../src/features/logs/session';
import { startFakeFlink, type FakeFlink } from '../unit/logs-fake-flink';
import { HarnessPage, launchChromium, startPageServer } from './harness';

const line = (i: number) =>
  `2026-11-22 10:00:${String(i % 60).padStart(2, '0')},000 INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - event ${i}`;

describe('log page with the real host session (fake Flink server)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let flink: FakeFlink;
  before(async () => {
    browser = await launchChromium();
    server = await startPageServer();
    flink = await startFakeFlink();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await flink?.close();
  });

  it('opens a 20 MB file at its end, loads earlier lines on scroll up, follows new lines', async () => {
    const n = 200_000;
    const text = Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';
    flink.files.set('/jobmanager/logs/big.log', Buffer.from(text));
    const h = await HarnessPage.open(browser, server.url);
    const session = new LogSession(
      new FlinkFileFeed(
        { baseUrl: flink.url, owner: { type: 'jobmanager' }, file: { kind: 'file', name: 'big.log' } },
        50,
      ),
      h.poster(),
      {
        copy: () => undefined,
        openInEditor: () => undefined,
        saveToFile: () => undefined,
      },
    );
    try {
      h.attach(session);
      session.start();
      await h.until(`document.body.dataset.loaded === 'true'`, 15_000);
      assert.equal((await h.visibleTexts()).at(-1), line(n - 1));
      const kept = Number(await h.eval<string>(`document.getElementById('viewport').dataset.lines`));
      assert.ok(kept < 5_000, `only the tail is in the page (${kept} lines)`);

      await h.eval(`document.getElementById('viewport').scrollTop = 0`);
      await h.until(`Number(document.getElementById('viewport').dataset.lines) > ${kept}`);

      flink.files.set('/jobmanager/logs/big.log', Buffer.from(text + line(n) + '\n'));
      await h.eval(`document.getElementById('viewport').scrollTop = 1e9`);
      await h.until(
        `Array.from(document.querySelectorAll('#rows .text')).some((e) => e.textContent === ${JSON.stringify(line(n))})`,
        10_000,
      );
      assert.match(await h.text('#state'), /Following/);
    } finally {
      session.dispose();
      await h.page.close();
    }
  });
});
