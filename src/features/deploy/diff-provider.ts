// Read-only documents for the deploy diff: `flink-deploy:/<id>/live/<name>.yaml` and `/new/...`.
import * as vscode from 'vscode';

export const DIFF_SCHEME = 'flink-deploy';

export class DiffContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '# This diff is no longer available: deploy again to see it.\n';
  }

  /** Registers both sides and returns their URIs. */
  put(run: string, name: string, before: string, after: string): { left: vscode.Uri; right: vscode.Uri } {
    const safe = name.replace(/[^\w.-]+/g, '_');
    const left = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${run}/live/${safe}.yaml` });
    const right = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${run}/new/${safe}.yaml` });
    this.docs.set(left.path, before);
    this.docs.set(right.path, after);
    this.emitter.fire(left);
    this.emitter.fire(right);
    return { left, right };
  }

  dispose(): void {
    this.emitter.dispose();
    this.docs.clear();
  }
}
