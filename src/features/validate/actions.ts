// Quick fixes for the validator's findings (removed apiVersions, deprecated keys, typos, missing limits...).
import * as vscode from 'vscode';
import type { Fix } from '../../core';
import { fixKey, toWorkspaceEdit } from './convert';

/** Fixes of the current diagnostics, by fixKey. */
export class FixStore {
  private readonly byUri = new Map<string, Map<string, Fix[]>>();
  set(key: string, fixes: Fix[]): void {
    const uri = key.slice(0, key.indexOf('|'));
    let m = this.byUri.get(uri);
    if (!m) this.byUri.set(uri, (m = new Map()));
    m.set(key, fixes);
  }
  get(key: string): Fix[] | undefined {
    return this.byUri.get(key.slice(0, key.indexOf('|')))?.get(key);
  }
  clear(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
  }
}

export class FlinkCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly fixes: FixStore) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'flink' || typeof d.code !== 'string') continue;
      (this.fixes.get(fixKey(document.uri, d.range, d.code)) ?? []).forEach((fix, i) => {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(fix);
        a.diagnostics = [d];
        a.isPreferred = i === 0;
        actions.push(a);
      });
    }
    return actions;
  }
}
