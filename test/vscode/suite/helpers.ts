// Shared helpers for the tests that run inside VS Code (bundled into each *.test.js).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'flink-vscode.flink-kubernetes-vscode';

/** The first workspace folder: a temp copy of test/fixtures/demo-workspace made by the runner. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open: the runner opens a copy of test/fixtures/demo-workspace.');
  return folder.uri;
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), name));
  return vscode.window.showTextDocument(doc);
}

export { waitFor } from '../../support/poll';
