// A test harness that stands in for the VS Code host of the log viewer page: it serves the built
// page (dist/media/logs.js, media/logs.css) in the HTML the real host renders (same CSP, same
// nonce scheme), implements acquireVsCodeApi, and carries the same typed messages both ways.
// Either the test posts HostMessages itself, or a real LogSession is attached (bench, follow tests).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderLogsHtml } from '../../src/features/logs/html';
import { readPageAssets, type PageName, type PageResources } from '../../src/features/shared/webview-html';
import type { HostMessage, PageMessage, PageState } from '../../src/features/logs/protocol';
import type { LogSession } from '../../src/features/logs/session';

// __filename, not __dirname: tsx sets only the former when an ES module (the bench) imports this file.
const root = join(dirname(__filename), '..', '..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

// acquireVsCodeApi as the harness provides it: messages go to the Node side through an exposed
// binding, and are also kept in window.__harnessSent for assertions. Host messages that reach the
// document before its load event wait in __harnessInbox and are dispatched then, as VS Code's
// webview frame holds them (pre/index.html: pendingMessages, posted on the content window's load).
const HARNESS_JS = `(() => {
  window.__harnessInbox ??= [];
  window.__harnessDrain = () => { for (const m of window.__harnessInbox.splice(0)) window.postMessage(m, '*'); };
  window.addEventListener('load', () => { window.__harnessLoaded = true; window.__harnessDrain(); });
  const sent = [];
  let state = window.__harnessInitialState;
  window.__harnessSent = sent;
  window.__harnessState = () => state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { sent.push(m); if (window.__harnessSend) window.__harnessSend(m); },
    getState: () => state,
    setState: (s) => { state = s; },
  });
})();`;

/**
 * Serves a built webview page (`dist/media/<name>.js`, `media/<name>.css`, inlined) on 127.0.0.1 in
 * the HTML its real host renders, with the harness script first; files are read at request time so
 * a rebuild is picked up. Shared by every page's tests.
 */
export async function servePage(
  name: PageName,
  render: (r: PageResources) => string,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    switch (req.url) {
      case '/':
        // As the panels do: the page's files inlined, read anew for each load.
        return send('text/html', render({ assets: readPageAssets(root, name), preScripts: [HARNESS_JS] }));
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The log viewer page. */
export function startPageServer(): ReturnType<typeof servePage> {
  return servePage('logs', renderLogsHtml);
}

export class HarnessPage {
  readonly received: PageMessage[] = [];
  private listeners: ((m: PageMessage) => void)[] = [];
  session?: LogSession;
  /** The main frame holds a served page's document (not the first about:blank): messages can go in. */
  private committed = false;
  private onCommitted: (() => void)[] = [];

  private constructor(readonly page: Page) {
    page.on('framenavigated', (f) => {
      if (f !== page.mainFrame()) return;
      this.committed = f.url() !== 'about:blank';
      if (this.committed) for (const l of this.onCommitted.splice(0)) l();
    });
  }

  static async open(
    browser: Browser,
    url: string,
    opts: { initialState?: PageState; width?: number; height?: number } = {},
  ): Promise<HarnessPage> {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 700 } });
    const h = new HarnessPage(page);
    await page.exposeFunction('__harnessSend', (m: PageMessage) => {
      h.received.push(m);
      for (const l of h.listeners) l(m);
      h.session?.handle(m);
    });
    if (opts.initialState)
      await page.addInitScript(`window.__harnessInitialState = ${JSON.stringify(opts.initialState)};`);
    await page.goto(url);
    return h;
  }

  /** Posts a host message to the page, as webview.postMessage does. */
  async send(m: HostMessage): Promise<void> {
    await this.page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
  }

  /** Wires a real host session to this page: its posts go to the page, the page's to it. */
  attach(session: LogSession): void {
    this.session = session;
    for (const m of this.received) session.handle(m);
  }

  /** For a session's `post`: queue sends in order. */
  poster(): (m: HostMessage) => void {
    // Messages go as they come, each batch in an evaluate sent without waiting for the one before
    // (CDP runs a session's commands in order): webview.postMessage neither waits for the page per
    // message nor holds a message until the page took the last one. While the page's script runs,
    // its thread takes no evaluate, so an evaluate that waited for the previous one cost a whole
    // trip after it. Messages posted in one turn go together. Messages posted before the page's
    // document exists are held until it does (an evaluate sent earlier would run in about:blank),
    // then wait in the page for its load event (HARNESS_JS).
    let queue: HostMessage[] = [];
    let held = !this.committed;
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (held || !queue.length) return;
      const batch = queue;
      queue = [];
      this.page
        .evaluate(
          `(window.__harnessInbox ??= []).push(...${JSON.stringify(batch)}); if (window.__harnessLoaded) window.__harnessDrain();`,
        )
        .catch(() => undefined);
    };
    if (held)
      this.onCommitted.push(() => {
        held = false;
        flush();
      });
    return (m) => {
      queue.push(m);
      if (scheduled || held) return;
      scheduled = true;
      queueMicrotask(flush);
    };
  }

  waitFor(pred: (m: PageMessage) => boolean, timeoutMs = 5_000): Promise<PageMessage> {
    const found = this.received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('page did not send the expected message')), timeoutMs);
      const l = (m: PageMessage) => {
        if (pred(m)) {
          clearTimeout(t);
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(m);
        }
      };
      this.listeners.push(l);
    });
  }

  /** Texts of the rendered rows that are inside the viewport. */
  visibleTexts(): Promise<string[]> {
    return this.eval<string[]>(`(() => {
      const vp = document.getElementById('viewport').getBoundingClientRect();
      return Array.from(document.querySelectorAll('#rows .row:not([hidden])'))
        .filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > vp.top && b.top < vp.bottom; })
        .map((r) => r.querySelector('.text')?.textContent ?? '');
    })()`);
  }

  /** Polls a page-side expression until it is truthy (waitForFunction would eval under the page's CSP). */
  async until(js: string, timeoutMs = 5_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await this.eval<unknown>(js)) return;
      if (Date.now() > end) throw new Error(`timed out waiting for: ${js}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Evaluates page-side JavaScript (a string: this tsconfig has no DOM types). */
  eval<T>(js: string): Promise<T> {
    return this.page.evaluate(js) as Promise<T>;
  }

  text(selector: string): Promise<string> {
    return this.eval<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);
  }
}
