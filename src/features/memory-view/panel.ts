// One memory layout panel per document: recomputes the picture from the document's text on every
// edit (debounced) and posts it; the page only draws. The page keeps the document URI with
// setState, so the serializer reopens the same view after a window reload.
import * as vscode from 'vscode';
import { validationSettings } from '../shared/settings';
import { renderMemoryHtml } from './html';
import { memoryLayout } from './picture';
import { isPageMessage, type HostMessage, type MemoryPicture } from './protocol';
import { pageResourceRoots, pageResources } from '../shared/webview-page';

export const MEMORY_VIEW_TYPE = 'flink.memoryLayout';
const DEBOUNCE_MS = 150;

export interface MemoryPanelDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Each picture posted (for the internal test command). */
  onPicture: (uri: string, picture: MemoryPicture) => void;
}

export function layoutOf(document: vscode.TextDocument) {
  return memoryLayout(document.getText(), document.uri.fsPath || document.uri.path, validationSettings().flinkVersion);
}

export class MemoryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, MemoryPanel>();

  constructor(private readonly deps: MemoryPanelDeps) {}

  show(uri: vscode.Uri, focus?: string, existing?: vscode.WebviewPanel): MemoryPanel {
    const key = uri.toString();
    const open = this.panels.get(key);
    if (open) {
      existing?.dispose();
      open.reveal(focus);
      return open;
    }
    const p = new MemoryPanel(uri, this.deps, focus, existing, () => this.panels.delete(key));
    this.panels.set(key, p);
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class MemoryPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panel: vscode.WebviewPanel;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private lines = new Map<string, number>();

  constructor(
    private readonly uri: vscode.Uri,
    private readonly deps: MemoryPanelDeps,
    private focus: string | undefined,
    existing: vscode.WebviewPanel | undefined,
    private readonly onClosed: () => void,
  ) {
    const options = { enableScripts: true, localResourceRoots: pageResourceRoots(deps.context.extensionUri) };
    this.panel =
      existing ??
      vscode.window.createWebviewPanel(
        MEMORY_VIEW_TYPE,
        '',
        // Beside the manifest, keeping the keyboard in the editor: the picture follows the typing.
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          ...options,
          // Nothing polls: the page is cheap to rebuild from the next picture when shown again.
          retainContextWhenHidden: false,
        },
      );
    this.panel.title = `Memory · ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}`;
    const webview = this.panel.webview;
    webview.options = options;
    webview.html = renderMemoryHtml(pageResources(webview, deps.context.extensionUri, 'memory'));
    webview.onDidReceiveMessage(
      (m: unknown) => {
        if (!isPageMessage(m)) return deps.log.warn('Memory layout: ignored an unknown message from the page');
        if (m.type === 'ready') void this.update();
        else void this.revealSetting(m.id);
      },
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (e.document.uri.toString() !== this.uri.toString()) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.update(), DEBOUNCE_MS);
      },
      null,
      this.disposables,
    );
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  /** Recomputes from the document (opened if needed); on failure keeps the page's last picture. */
  private async update(): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      if (this.disposed) return;
      const { picture } = layoutOf(doc);
      this.lines = new Map(picture.containers.map((c) => [c.id, c.line]));
      this.post({ type: 'picture', uri: this.uri.toString(), picture, focus: this.focus });
      this.focus = undefined;
      this.deps.onPicture(this.uri.toString(), picture);
    } catch (e) {
      this.post({
        type: 'status',
        message: `${this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1)} cannot be read (${(e as Error).message}).`,
      });
    }
  }

  private async revealSetting(id: string): Promise<void> {
    const line = this.lines.get(id);
    if (line === undefined) return;
    const pos = new vscode.Position(line, 0);
    const shown = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.toString() === this.uri.toString());
    await vscode.window.showTextDocument(this.uri, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
    });
  }

  reveal(focus?: string): void {
    this.focus = focus;
    this.panel.reveal(undefined, true);
    void this.update();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.onClosed();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
