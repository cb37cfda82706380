// End-to-end support: code-server with the packaged .vsix installed, a copy of the demo workspace,
// Debian's Chromium driven by playwright-core, and the moves a user makes (command palette, quick
// open, views, notifications). Each flow file starts one session in `before` and stops it in `after`.
// Screenshots of every step go to test-results/e2e/; on a failed step the screenshot, code-server's
// output and the extension host logs are kept there too.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import {
  chromiumArgs,
  chromiumPath,
  startCodeServer,
  stopAllOnSignals,
  workbenchUrl,
  type CodeServer,
} from '../vscode/code-server.mjs';
import { testbedState, testbedStatePath, type TestbedState } from '../support/testbed';

export const root = join(__dirname, '..', '..');
export const vsixPath = join(root, 'dist', 'flink-kubernetes-vscode.vsix');
export const artifactsDir = join(root, 'test-results', 'e2e');
const demoWorkspace = join(root, 'test', 'fixtures', 'demo-workspace');

stopAllOnSignals();

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** Packages the extension (`npm run package`) unless the .vsix is newer than every input. */
export function ensureVsix(): string {
  const inputs = ['src', 'media', 'snippets', 'schemas', 'package.json', '.vscodeignore', 'README.md'].map((p) =>
    join(root, p),
  );
  if (existsSync(vsixPath) && statSync(vsixPath).mtimeMs > newestMtime(inputs)) return vsixPath;
  const r = spawnSync('npm', ['run', 'package'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  if (r.status !== 0 || !existsSync(vsixPath))
    throw new Error(`npm run package failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return vsixPath;
}

export interface SessionOptions {
  /** Names the screenshots and artifacts of this flow. */
  name: string;
  /** Whether the flow needs the test bed (fails, never skips, when it is absent). */
  testbed: boolean;
  settings?: Record<string, unknown>;
  /** Extra workspace files (relative path -> text), written before VS Code opens the folder. */
  files?: Record<string, string>;
  /** Workspace trust on, folder not trusted (Restricted Mode); default: trust off. */
  untrusted?: boolean;
}

export class Session {
  private step = 0;
  constructor(
    readonly name: string,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly workspace: string,
    readonly state: TestbedState | undefined,
  ) {}

  /** Saves a screenshot of the whole workbench as test-results/e2e/<flow>-<nn>-<label>.png. */
  async shot(label: string): Promise<string> {
    this.step++;
    const file = join(artifactsDir, `${this.name}-${String(this.step).padStart(2, '0')}-${label}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs one user-visible step; on failure keeps a screenshot and the logs, then rethrows. */
  async do<T>(label: string, fn: () => Promise<T>): Promise<T> {
    try {
      const v = await fn();
      await this.shot(label);
      return v;
    } catch (e) {
      await this.page.screenshot({ path: join(artifactsDir, `${this.name}-FAILED-${label}.png`) }).catch(() => {});
      this.keepLogs();
      throw e;
    }
  }

  keepLogs(): void {
    const logs = join(this.server.dirs.userData, 'logs');
    if (existsSync(logs)) cpSync(logs, join(artifactsDir, `${this.name}-logs`), { recursive: true });
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server.stop();
    rmSync(this.workspace, { recursive: true, force: true });
  }
}

/** Starts code-server with the packaged extension and the demo workspace, and opens it in Chromium. */
export async function startSession(o: SessionOptions): Promise<Session> {
  mkdirSync(artifactsDir, { recursive: true });
  for (const f of readdirSync(artifactsDir))
    if (f.startsWith(`${o.name}-`)) rmSync(join(artifactsDir, f), { recursive: true, force: true });
  const state = o.testbed ? testbedState() : undefined;
  const vsix = ensureVsix();
  const workspace = mkdtempSync(join(tmpdir(), `flink-e2e-${o.name}-`));
  cpSync(demoWorkspace, workspace, { recursive: true });
  for (const [rel, text] of Object.entries(o.files ?? {})) writeFileSync(join(workspace, rel), text);
  const env: Record<string, string> = {};
  if (state) {
    env.KUBECONFIG = state.kubeconfig;
    env.TESTBED_STATE = testbedStatePath();
  }
  const server = await startCodeServer({
    workspace,
    vsix,
    env,
    // Restricted Mode: trust on, and no start-up prompt, so the folder stays untrusted.
    settings: o.untrusted
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.emptyWindow': false,
          ...o.settings,
        }
      : o.settings,
    workspaceTrust: o.untrusted,
    logFile: join(artifactsDir, `${o.name}-code-server.log`),
  }).catch((e: unknown) => {
    rmSync(workspace, { recursive: true, force: true });
    throw e;
  });
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // A loaded machine (8 agents on 2 cores) can take more than the default 30 s to serve the workbench.
    await page.goto(workbenchUrl(server.url, workspace), { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer shows the workspace once the remote connection and file service are up.
    await page
      .locator('.explorer-folders-view .monaco-list-row .label-name', { hasText: /^session-cluster\.yaml$/ })
      .first()
      .waitFor({ timeout: 60_000 });
    return new Session(o.name, server, browser, page, workspace, state);
  } catch (e) {
    // Keep what shows why the workbench did not come up.
    await page?.screenshot({ path: join(artifactsDir, `${o.name}-FAILED-start.png`) }).catch(() => {});
    const logs = join(server.dirs.userData, 'logs');
    if (existsSync(logs)) cpSync(logs, join(artifactsDir, `${o.name}-logs`), { recursive: true });
    await browser?.close().catch(() => {});
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}

// ---- What a user does -------------------------------------------------------------------------

/**
 * F1, type the command's title, pick the row that shows it. Right after start-up the palette may
 * not know the extensions' commands yet ("No matching commands"): then close it and try again.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.click();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

/** Opens a workspace file the way a user does: the Explorer, then a click on its name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await runCommand(page, 'View: Show Explorer');
  const row = page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20_000 });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits for a notification toast whose text matches. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** A webview's content: two nested iframes. */
export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The objects of test/fixtures/demo-workspace/session-cluster.yaml, as kubectl names them. */
export const DEMO_CLUSTER_OBJECTS = [
  'configmap/demo-flink-config',
  'service/demo-flink-jobmanager',
  'deployment.apps/demo-flink-jobmanager',
  'deployment.apps/demo-flink-taskmanager',
];

/** kubectl against the test bed's admin context, namespace default; throws with stderr on failure. */
export function kubectl(s: Session, args: string[]): string {
  const st = s.state;
  if (!st) throw new Error('kubectl needs the test bed: start the session with testbed: true');
  const r = spawnSync(
    st.kubectl as string,
    ['--kubeconfig', st.kubeconfig, '--context', st.context, '-n', 'default', ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

/** Polls until `probe` returns something other than undefined. */
export { waitFor as eventually } from '../support/poll';
