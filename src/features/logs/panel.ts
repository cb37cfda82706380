// One webview panel per log source, wired to a LogSession.
//
// State when hidden: retainContextWhenHidden is OFF. The log lives in the host's spool (on disk)
// and the session keeps following while the panel is hidden, so a hidden page holds nothing worth
// a live renderer process per panel (several log panels are the normal case). The page saves its
// view state (filters, search, follow, position) with setState; when shown again it sends `ready`
// with that state and the session answers with the lines at the saved offset, or the tail.
import * as vscode from 'vscode';
import type { LogFeed } from './feeds';
import { openLink } from './links';
import { renderLogsHtml } from './html';
import { isPageMessage, type HostMessage, type PageMessage } from './protocol';
import { LogSession } from './session';
import { PendingPageSession } from '../shared/page-session';
import { pageResourceRoots, pageResources } from '../shared/webview-page';

export const LOGS_VIEW_TYPE = 'flink.logs';

/**
 * A source to show: its feed, or the promise of one (finding a TaskManager's pod takes a pod list
 * and a REST call; the panel and its page load meanwhile), and the panel's title until it is known.
 */
export interface PendingFeed {
  readonly feed: LogFeed | Promise<LogFeed>;
  readonly title: string;
}

/** The open log panels, one per source: the same source again reveals its panel. */
export class LogPanels implements vscode.Disposable {
  private readonly panels = new Map<string, LogPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Shows a source: its open panel, or a new one (`restored`: the panel VS Code brought back after a
   * window reload). `reopen` is the `flink.openLogs` argument that opens the source again.
   */
  show(
    key: string,
    source: PendingFeed,
    follow = true,
    reopen?: Record<string, unknown>,
    restored?: vscode.WebviewPanel,
  ): { key: string; reused: boolean } {
    const existing = this.panels.get(key);
    if (existing) {
      restored?.dispose();
      void Promise.resolve(source.feed).then(
        (f) => f.dispose?.(),
        () => undefined,
      );
      existing.reveal();
      return { key, reused: true };
    }
    const p = new LogPanel(source, this.context, this.log, follow, () => this.panels.delete(key), reopen, restored);
    this.panels.set(key, p);
    return { key, reused: false };
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class LogPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The session, once the feed is known; page messages wait until then. */
  private readonly page: PendingPageSession<PageMessage, LogSession>;
  private readonly panel: vscode.WebviewPanel;

  constructor(
    source: PendingFeed,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly follow: boolean,
    private readonly onClosed: () => void,
    private readonly reopen?: Record<string, unknown>,
    private readonly restored?: vscode.WebviewPanel,
  ) {
    const options = {
      enableScripts: true,
      retainContextWhenHidden: false, // see the header comment
      localResourceRoots: pageResourceRoots(context.extensionUri),
    };
    if (restored) {
      restored.webview.options = options;
      restored.title = source.title;
    }
    this.panel =
      restored ?? vscode.window.createWebviewPanel(LOGS_VIEW_TYPE, source.title, vscode.ViewColumn.Active, options);
    const webview = this.panel.webview;
    webview.html = renderLogsHtml(pageResources(webview, context.extensionUri, 'logs'));
    // Without retained context the page is torn down when hidden; it says `ready` again when shown.
    this.page = new PendingPageSession(this.panel, isPageMessage, {
      unknown: () => log.warn(`Log viewer: ignored an unknown message from the page`),
      disposables: this.disposables,
    });
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
    Promise.resolve(source.feed).then(
      (feed) => this.attach(feed),
      (e: Error) => {
        // Nothing to read: the page says why (the command already returned).
        if (this.disposed) return;
        const message = `The log could not be opened: ${e.message}`;
        void webview.postMessage({ type: 'status', state: 'broken', message } satisfies HostMessage);
        void webview.postMessage({ type: 'error', message } satisfies HostMessage);
        log.warn(`Log viewer (${source.title}): ${message}`);
      },
    );
  }

  private attach(feed: LogFeed): void {
    if (this.disposed) {
      feed.dispose?.();
      return;
    }
    const { context, log } = this;
    const webview = this.panel.webview;
    this.panel.title = feed.source.title;
    const post = (m: HostMessage) => {
      void webview.postMessage(m);
    };
    const session = new LogSession(
      feed,
      post,
      {
        copy: async (text) => {
          await vscode.env.clipboard.writeText(text);
          void vscode.window.setStatusBarMessage('Log lines copied', 2_000);
        },
        openInEditor: async (text) => {
          const doc = await vscode.workspace.openTextDocument({ content: text, language: 'log' });
          await vscode.window.showTextDocument(doc, { preview: false });
        },
        openLink: (link) => openLink(link, this.reopen, log),
        openWholeLog: async (path) => {
          const copy = await copyToStorage(context, path, feed.source.title);
          // `vscode.open`, not openTextDocument: logs over 50 MB are never synced to extensions.
          await vscode.commands.executeCommand('vscode.open', copy, { preview: false });
          await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
        },
        saveToFile: async (path) => {
          const name = feed.source.title.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'flink';
          const base = vscode.workspace.workspaceFolders?.[0]?.uri;
          const target = await vscode.window.showSaveDialog({
            defaultUri: base ? vscode.Uri.joinPath(base, `${name}.log`) : undefined,
            filters: { Logs: ['log', 'txt'] },
            title: 'Save the whole log',
          });
          if (!target) return;
          await vscode.workspace.fs.copy(vscode.Uri.file(path), target, { overwrite: true });
          void vscode.window.showInformationMessage(`Saved the log to ${target.fsPath}.`);
        },
        error: (message) => log.warn(`Log viewer (${feed.source.title}): ${message}`),
      },
      {
        follow: this.follow,
        // A new panel whose page is still loading gets init and the tail without waiting for `ready`.
        freshPage: !this.restored && this.page.untouched && this.panel.visible,
        ...(this.reopen ? { reopen: this.reopen } : {}),
        searchWorkerFile: vscode.Uri.joinPath(context.extensionUri, 'dist', 'log-search-worker.js').fsPath,
      },
    );
    // The page's messages so far first (its `ready` may change follow before the feed starts).
    this.page.attach(session);
    session.start();
    log.info(`Log viewer opened: ${feed.source.description}`);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onClosed();
    this.page.session?.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.log.info(`Log viewer closed: ${this.panel.title}`);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A copy of the spool in the extension's storage (logs/<title>.log, replaced on each open), so the
 * editor keeps it after the panel closes. Copies older than a day are removed.
 */
async function copyToStorage(context: vscode.ExtensionContext, path: string, title: string): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(context.globalStorageUri, 'logs');
  await vscode.workspace.fs.createDirectory(dir);
  for (const [name] of await vscode.workspace.fs.readDirectory(dir)) {
    const f = vscode.Uri.joinPath(dir, name);
    const st = await vscode.workspace.fs.stat(f).then(
      (x) => x,
      () => undefined,
    );
    if (st && Date.now() - st.mtime > DAY_MS) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  }
  const name = title.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'flink';
  const target = vscode.Uri.joinPath(dir, `${name}.log`);
  await vscode.workspace.fs.copy(vscode.Uri.file(path), target, { overwrite: true });
  return target;
}
