// The job graph page in Chromium without VS Code: serves the built page (dist/media/jobgraph.js,
// media/jobgraph.css) in the HTML the real host renders (same CSP and nonce scheme), implements
// acquireVsCodeApi, and carries the typed messages both ways. A real JobGraphSession can be
// attached (integration tests, bench), or the test posts HostMessages itself.
import type { Browser, Page } from 'playwright-core';
import { renderJobGraphHtml } from '../../src/features/jobgraph/html';
import type { HostMessage, PageMessage, PageState } from '../../src/features/jobgraph/protocol';
import type { JobGraphSession } from '../../src/features/jobgraph/session';
import { servePage } from './harness';

/** The job graph page, served by the shared webview harness. */
export function startJobGraphServer(): ReturnType<typeof servePage> {
  return servePage('jobgraph', renderJobGraphHtml);
}

export class JobGraphPage {
  readonly received: PageMessage[] = [];
  readonly errors: string[] = [];
  session?: JobGraphSession;

  private constructor(readonly page: Page) {}

  static async open(
    browser: Browser,
    url: string,
    opts: { initialState?: PageState; width?: number; height?: number } = {},
  ): Promise<JobGraphPage> {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1400, height: opts.height ?? 800 } });
    const h = new JobGraphPage(page);
    page.on('pageerror', (e) => h.errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') h.errors.push(m.text());
    });
    await page.exposeFunction('__harnessSend', (m: PageMessage) => {
      h.received.push(m);
      h.session?.handle(m);
    });
    if (opts.initialState)
      await page.addInitScript(`window.__harnessInitialState = ${JSON.stringify(opts.initialState)};`);
    await page.goto(url);
    return h;
  }

  async send(m: HostMessage): Promise<void> {
    await this.page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
  }

  /** For a session's `post`: sends in order. */
  poster(): (m: HostMessage) => void {
    let chain = Promise.resolve();
    return (m) => {
      chain = chain.then(() => this.send(m)).catch(() => undefined);
    };
  }

  /** Wires a real host session: the page's messages so far (its `ready`) go to it first. */
  attach(session: JobGraphSession): void {
    this.session = session;
    for (const m of this.received) session.handle(m);
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

  text(selector: string): Promise<string> {
    return this.eval<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);
  }

  /** data-* of the vertex drawn for a vertex id. */
  vertex(id: string): Promise<Record<string, string> | null> {
    return this.eval(`(() => {
      const g = document.querySelector('.vertex[data-id="${id}"]');
      return g ? { ...g.dataset, label: g.getAttribute('aria-label') ?? '' } : null;
    })()`);
  }
}
