// One webview panel per job, wired to a JobGraphSession.
//
// retainContextWhenHidden is OFF: a hidden panel polls nothing (the session stops when the page
// goes, and the page says `ready` again when shown). The page keeps its JobRef, pause and
// selection with setState, so the serializer reopens the same view after a window reload.
import * as vscode from 'vscode';
import type { HttpOptions } from '../../flink/http';
import { renderJobGraphHtml } from './html';
import { isPageMessage, type HostMessage, type JobRef, type PageMessage } from './protocol';
import { JobGraphSession } from './session';
import { PendingPageSession } from '../shared/page-session';
import { pageResourceRoots, pageResources } from '../shared/webview-page';

export const JOB_GRAPH_VIEW_TYPE = 'flink.jobGraph';

export interface PanelDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** REST options for the job's cluster (port-forward and credentials resolved), or a reason why not. */
  resolve: (job: JobRef) => Promise<HttpOptions>;
  openTaskManagerLogs: (job: JobRef, http: HttpOptions, taskManagerId: string) => void;
  findInWorkspace: (paths: string[]) => Promise<string[]>;
  openFrame: (path: string, line: number) => void;
}

export const panelKey = (job: JobRef) => `${job.clusterId ?? job.restUrl}#${job.jobId}`;

/** The open job graph panels, one per job: the same job again reveals its panel. */
export class JobGraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, JobGraphPanel>();

  constructor(private readonly deps: PanelDeps) {}

  show(job: JobRef, existing?: vscode.WebviewPanel): JobGraphPanel {
    const key = panelKey(job);
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      existing?.dispose();
      return open;
    }
    const p = new JobGraphPanel(job, this.deps, existing, () => this.panels.delete(key));
    this.panels.set(key, p);
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class JobGraphPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly page: PendingPageSession<PageMessage, JobGraphSession>;
  private disposed = false;

  private readonly panel: vscode.WebviewPanel;

  constructor(
    private readonly job: JobRef,
    private readonly deps: PanelDeps,
    existing: vscode.WebviewPanel | undefined,
    private readonly onClosed: () => void,
  ) {
    const { context } = deps;
    const title = `Job graph · ${job.title ?? job.jobId.slice(0, 8)}`;
    const options = { enableScripts: true, localResourceRoots: pageResourceRoots(context.extensionUri) };
    this.panel =
      existing ??
      vscode.window.createWebviewPanel(JOB_GRAPH_VIEW_TYPE, title, vscode.ViewColumn.Active, {
        ...options,
        retainContextWhenHidden: false, // see the header comment
      });
    this.panel.title = title;
    const webview = this.panel.webview;
    webview.options = options;
    webview.html = renderJobGraphHtml(pageResources(webview, context.extensionUri, 'jobgraph'));
    const post = (m: HostMessage) => void webview.postMessage(m);
    this.page = new PendingPageSession(this.panel, isPageMessage, {
      unknown: () => deps.log.warn('Job graph: ignored an unknown message from the page'),
      before: (m) => {
        if (m.type === 'ready') post({ type: 'init', job });
      },
      disposables: this.disposables,
    });
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
    void this.connect(post);
  }

  private async connect(post: (m: HostMessage) => void): Promise<void> {
    try {
      const http = await this.deps.resolve(this.job);
      if (this.disposed) return;
      const session = new JobGraphSession(http, this.job.jobId, post, {
        openTaskManagerLogs: (tm) => this.deps.openTaskManagerLogs(this.job, http, tm),
        findInWorkspace: this.deps.findInWorkspace,
        openFrame: this.deps.openFrame,
        onError: (msg) => this.deps.log.warn(`Job graph ${this.job.jobId}: ${msg}`),
      });
      this.page.attach(session);
      this.deps.log.info(`Job graph opened: job ${this.job.jobId} at ${http.baseUrl}`);
    } catch (e) {
      post({ type: 'status', state: 'stale', message: (e as Error).message });
    }
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
  }
}
