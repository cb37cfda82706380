// Links in log lines, in Chromium: stack frames and ids are drawn as link spans whose text is the
// line's own text (hostile markup stays text: no element, no script), search marks still show
// inside them, and a click sends the typed openLink message, nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { HostMessage, PageMessage, SourceInfo } from '../../src/features/logs/protocol';
import { HarnessPage, launchChromium, startPageServer } from './harness';

const SOURCE: SourceInfo = { title: 'TM test', description: 'harness source', tagged: false, canFollow: true };
const JID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('log line links (Chromium, test harness host)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  before(async () => {
    browser = await launchChromium();
    server = await startPageServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws frames and ids as text-only links, keeps hostile text as text, and sends openLink on click', async () => {
    const h = await HarnessPage.open(browser, server.url);
    await h.waitFor((m) => m.type === 'ready');
    const lines = [
      `2026-11-22 10:00:00,000 ERROR org.apache.flink.runtime.taskmanager.Task [] - Job x (${JID}) failed <img src=x onerror="window.__pwned=1">`,
      '\tat com.acme.Foo.bar(Foo.java:42) <script>window.__pwned=2</script>',
      `2026-11-22 10:00:01,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - Completed checkpoint 42 for job ${JID} <a href="javascript:window.__pwned=3">x</a>`,
      '2026-11-22 10:00:02,000 INFO  org.apache.flink.runtime.resourcemanager.ResourceManager [] - Registering TaskManager 127.0.0.1:34341-bf72c6',
    ];
    const text = lines.join('\n') + '\n';
    const init: HostMessage = { type: 'init', source: SOURCE, following: false, maxWindowBytes: 8 << 20 };
    await h.send(init);
    const end = Buffer.byteLength(text);
    await h.send({ type: 'chunk', mode: 'tail', start: 0, end, text, size: end });
    await h.page.waitForSelector('body[data-loaded="true"]');

    const drawn = await h.eval<{ kind: string; text: string; link: string }[]>(
      `Array.from(document.querySelectorAll('#rows .row:not([hidden]) .link')).map((e) => ({ kind: e.className, text: e.textContent, link: e.dataset.link }))`,
    );
    assert.deepEqual(
      drawn.map((d) => [d.kind, d.text]),
      [
        ['link link-job', JID],
        ['link link-frame', 'at com.acme.Foo.bar(Foo.java:42)'],
        ['link link-checkpoint', 'checkpoint 42'],
        ['link link-job', JID],
        ['link link-taskManager', '127.0.0.1:34341-bf72c6'],
      ],
    );
    // The markup in the lines is text: no element was made from it and nothing ran.
    assert.equal(await h.eval<number>(`document.querySelectorAll('#rows img, #rows script, #rows a').length`), 0);
    assert.equal(await h.eval<unknown>('window.__pwned'), undefined);
    const rowTexts = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('#rows .row:not([hidden]) .text')).map((e) => e.textContent)`,
    );
    assert.deepEqual(rowTexts, lines);

    // A search mark inside a link is drawn within the link span; the line's text is unchanged.
    await h.page.fill('#query', 'Foo.java');
    await h.until(`!!document.querySelector('#rows .link-frame mark')`);
    assert.equal(
      await h.eval<string>(`document.querySelector('#rows .link-frame').textContent`),
      'at com.acme.Foo.bar(Foo.java:42)',
    );

    await h.page.click('#rows .link-frame');
    const sent = (await h.waitFor((m) => m.type === 'openLink')) as Extract<PageMessage, { type: 'openLink' }>;
    assert.deepEqual(sent.link, { kind: 'frame', className: 'com.acme.Foo', file: 'Foo.java', line: 42 });
    await h.page.click('#rows .link-checkpoint');
    await h.waitFor(
      (m) =>
        m.type === 'openLink' && m.link.kind === 'checkpoint' && m.link.checkpointId === 42 && m.link.jobId === JID,
    );
    await h.page.close();
  });
});
