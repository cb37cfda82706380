// Read-only documents showing an operator change before it is applied: `flink-operator-patch:/<n>/<name>.yaml`.
import * as vscode from 'vscode';
import type { OperatorChange } from '../../kube/operator-actions';

export const PATCH_SCHEME = 'flink-operator-patch';
const MAX_DOCS = 20;

export class PatchDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '# This preview is no longer available: run the command again.\n';
  }

  put(c: OperatorChange, text: string): vscode.Uri {
    const safe = `${c.action}-${c.resource.name}`.replace(/[^\w.-]+/g, '_');
    const uri = vscode.Uri.from({ scheme: PATCH_SCHEME, path: `/${++this.seq}/${safe}.yaml` });
    this.docs.set(uri.path, text);
    // Keep a bounded number: old previews are of changes already decided.
    for (const k of [...this.docs.keys()].slice(0, Math.max(0, this.docs.size - MAX_DOCS))) this.docs.delete(k);
    return uri;
  }

  dispose(): void {
    this.docs.clear();
  }
}
