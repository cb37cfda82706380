// The memory layout page in Chromium, served in the HTML its host renders (same CSP and nonce) and
// fed pictures computed by the real memory model (src/features/memory-view/picture.ts over real
// manifests): one bar per container scaled to the bytes, the limit line, the overflow in red, Flink's
// refusal, the table alternative, keyboard, keeping the last picture, and state restore.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderMemoryHtml } from '../../src/features/memory-view/html';
import { memoryLayout } from '../../src/features/memory-view/picture';
import type { HostMessage, MemoryPicture, PageState } from '../../src/features/memory-view/protocol';
import { launchChromium, servePage } from './harness';

const DEMO = readFileSync(join(__dirname, '..', 'fixtures', 'demo-workspace', 'session-cluster.yaml'), 'utf8');
const demo = () => memoryLayout(DEMO, '/ws/session-cluster.yaml').picture;
// The same cluster with the TaskManager's limit 400 MiB below its process size.
const overflow = () =>
  memoryLayout(DEMO.replace(/memory: 1728Mi/, 'memory: 1328Mi'), '/ws/session-cluster.yaml').picture;
const OPERATOR = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:1.20
  flinkVersion: v1_20
  jobManager:
    resource:
      memory: "2048m"
  taskManager:
    resource:
      memory: "600m"
`;
const URI = 'file:///ws/session-cluster.yaml';

class MemoryPage {
  readonly errors: string[] = [];
  readonly requests: string[] = [];
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string, initialState?: PageState): Promise<MemoryPage> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const h = new MemoryPage(page);
    page.on('pageerror', (e) => h.errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') h.errors.push(m.text());
    });
    page.on('request', (r) => h.requests.push(r.url()));
    await page.exposeFunction('__harnessSend', () => undefined);
    if (initialState) await page.addInitScript(`window.__harnessInitialState = ${JSON.stringify(initialState)};`);
    await page.goto(url);
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    return h;
  }

  async send(m: HostMessage): Promise<void> {
    await this.page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
  }

  picture(picture: MemoryPicture, focus?: string): Promise<void> {
    return this.send({ type: 'picture', uri: URI, picture, ...(focus ? { focus } : {}) });
  }

  async until(js: string, timeoutMs = 5_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await this.eval<unknown>(js)) return;
      if (Date.now() > end) throw new Error(`timed out waiting for: ${js}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  eval<T>(js: string): Promise<T> {
    return this.page.evaluate(js) as Promise<T>;
  }

  /** Bounding boxes of a container's drawn parts, by selector inside its svg. */
  boxes(id: string, selector: string): Promise<{ x: number; width: number; label?: string }[]> {
    return this.eval(`Array.from(document.querySelectorAll('.container[data-id="${id}"] svg ${selector}')).map((e) => {
      const b = e.getBoundingClientRect();
      return { x: b.x, width: b.width, label: e.dataset ? e.dataset.label : undefined };
    })`);
  }
}

describe('memory layout page (Chromium, pictures from the real memory model)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof servePage>>;
  before(async () => {
    browser = await launchChromium();
    server = await servePage('memory', renderMemoryHtml);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws one bar per container, segments proportional to their bytes, the limit as a line', async () => {
    const h = await MemoryPage.open(browser, server.url);
    const pic = demo();
    await h.picture(pic);
    await h.until(`document.querySelectorAll('.container').length === 2`);
    const tm = pic.containers.find((c) => c.role === 'taskmanager')!;
    const jm = pic.containers.find((c) => c.role === 'jobmanager')!;
    const segs = await h.boxes(tm.id, '.seg');
    assert.deepEqual(
      segs.map((s) => s.label),
      tm.segments.filter((s) => s.bytes > 0).map((s) => s.label),
    );
    // Widths follow bytes: task heap vs managed memory, within a pixel.
    const px = segs.reduce((a, s) => a + s.width, 0) / tm.totalProcess!;
    for (const [i, s] of tm.segments.filter((x) => x.bytes > 0).entries())
      assert.ok(Math.abs(segs[i]!.width - s.bytes * px) < 1.5, `${s.label}: ${segs[i]!.width}px`);
    // Both bars share one scale: the 1600 MiB JobManager is shorter than the 1728 MiB TaskManager.
    const jmWidth = (await h.boxes(jm.id, '.seg')).reduce((a, s) => a + s.width, 0);
    assert.ok(Math.abs(jmWidth / segs.reduce((a, s) => a + s.width, 0) - 1600 / 1728) < 0.01);
    // The limit line sits at the end of the process (limit = process size here), nothing is red.
    const [line] = await h.boxes(tm.id, 'line.limit');
    const last = segs[segs.length - 1]!;
    assert.ok(Math.abs(line!.x + line!.width / 2 - (last.x + last.width)) < 2, 'limit line at the process end');
    assert.equal(await h.eval(`document.querySelectorAll('.container[data-overflow="true"], svg .over').length`), 0);
    assert.match(
      await h.eval<string>(`document.querySelector('.container[data-role="taskmanager"]').getAttribute('aria-label')`),
      /process 1728 MiB, limit 1728 MiB, headroom 0 B/,
    );
    assert.match(await h.eval<string>(`document.getElementById('status').textContent`), /2 containers/);
    assert.deepEqual(h.errors, [], 'no page errors or CSP violations');
    assert.ok(
      h.requests.every((u) => u.startsWith(server.url)),
      `only the page's own origin: ${h.requests.join(' ')}`,
    );
    await h.page.close();
  });

  it('draws what lies beyond the limit in red and says the container gets OOMKilled', async () => {
    const h = await MemoryPage.open(browser, server.url);
    const pic = overflow();
    const tm = pic.containers.find((c) => c.role === 'taskmanager')!;
    await h.picture(pic);
    await h.until(`document.querySelector('.container[data-overflow="true"]')`);
    assert.equal(await h.eval(`document.querySelector('.container[data-overflow="true"]').dataset.id`), tm.id);
    const [over] = await h.boxes(tm.id, 'rect.over');
    const segs = await h.boxes(tm.id, '.seg');
    const px = segs.reduce((a, s) => a + s.width, 0) / tm.totalProcess!;
    assert.ok(Math.abs(over!.width - 400 * 2 ** 20 * px) < 6, `red part ${over!.width}px for 400 MiB`);
    const fill = await h.eval<string>(
      `getComputedStyle(document.querySelector('.container[data-id="${tm.id}"] rect.over')).fill`,
    );
    assert.equal(fill, 'rgb(241, 76, 76)');
    const text = await h.eval<string>(`document.querySelector('.container[data-overflow="true"]').textContent`);
    assert.match(text, /400 MiB more than the container limit.*OOMKilled/);
    assert.match(text, /Over the limit\s*400 MiB/);
    assert.deepEqual(h.errors, []);
    await h.page.close();
  });

  it("shows Flink's refusal instead of a bar, and a FlinkDeployment's limit from resource.memory", async () => {
    const h = await MemoryPage.open(browser, server.url);
    await h.picture(memoryLayout(OPERATOR, '/ws/op.yaml').picture);
    await h.until(`document.querySelectorAll('.container').length === 2`);
    const jm = await h.eval<string>(`document.querySelector('.container[data-role="jobmanager"]').textContent`);
    assert.match(jm, /limit 2048m = 2 GiB/);
    const tm = await h.eval<string>(`document.querySelector('.container[data-role="taskmanager"]').textContent`);
    assert.match(tm, /Flink refuses this configuration at startup: TaskManager memory configuration failed/);
    assert.equal(await h.eval(`document.querySelectorAll('.container[data-role="taskmanager"] svg').length`), 0);
    await h.picture({ file: 'empty.yaml', containers: [] });
    await h.until(`document.querySelector('.empty')`);
    assert.match(await h.eval<string>(`document.body.textContent`), /No JobManager or TaskManager memory settings/);
    await h.page.close();
  });

  it('is keyboard reachable: arrows move between containers, Enter asks the host to reveal the setting', async () => {
    const h = await MemoryPage.open(browser, server.url);
    const pic = demo();
    await h.picture(pic);
    await h.until(`document.querySelectorAll('.container').length === 2`);
    await h.page.keyboard.press('Tab'); // the Table button
    await h.page.keyboard.press('Tab'); // the first container
    assert.equal(await h.eval(`document.activeElement.dataset.id`), pic.containers[0]!.id);
    await h.page.keyboard.press('ArrowDown');
    assert.equal(await h.eval(`document.activeElement.dataset.id`), pic.containers[1]!.id);
    await h.page.keyboard.press('Enter');
    await h.until(
      `window.__harnessSent.some((m) => m.type === 'reveal' && m.id === ${JSON.stringify(pic.containers[1]!.id)})`,
    );
    // A new picture (the user typed) keeps the focus on the same container.
    await h.picture(overflow());
    await h.until(`document.querySelector('.container[data-overflow="true"]')`);
    assert.equal(await h.eval(`document.activeElement.dataset.id`), pic.containers[1]!.id);
    await h.page.close();
  });

  it('shows the tables on demand, keeps the last picture when the document is gone, restores its state', async () => {
    const h = await MemoryPage.open(browser, server.url);
    await h.picture(demo());
    await h.until(`document.querySelectorAll('.container').length === 2`);
    const hiddenWidth = await h.eval<number>(`document.querySelector('.sizes').getBoundingClientRect().width`);
    assert.ok(hiddenWidth <= 1, 'tables are there for screen readers only');
    await h.eval(`document.getElementById('asTable').click()`);
    assert.ok((await h.eval<number>(`document.querySelector('.sizes').getBoundingClientRect().width`)) > 100);
    const rows = await h.eval<string[]>(
      `Array.from(document.querySelectorAll('.container[data-role="taskmanager"] table tr')).map((r) => r.textContent)`,
    );
    assert.ok(
      rows.some((r) => /^Managed Memory\s*512 MiB$/.test(r.trim())),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((r) => /^Total process memory\s*1728 MiB$/.test(r.trim())),
      rows.join(' | '),
    );
    await h.send({ type: 'status', message: 'session-cluster.yaml cannot be read (deleted).' });
    await h.until(`document.body.dataset.state === 'stale'`);
    assert.equal(await h.eval(`document.querySelectorAll('.container').length`), 2, 'the last picture stays');
    assert.match(await h.eval<string>(`document.getElementById('status').textContent`), /Showing the last picture/);
    const saved = await h.eval<PageState>(`window.__harnessState()`);
    assert.equal(saved.uri, URI);
    assert.equal(saved.table, true);
    await h.page.close();

    // After a window reload VS Code hands the saved state back.
    const again = await MemoryPage.open(browser, server.url, saved);
    assert.equal(await again.eval(`document.getElementById('asTable').getAttribute('aria-pressed')`), 'true');
    await again.page.close();
  });
});
