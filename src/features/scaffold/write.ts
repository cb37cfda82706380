// Writes generated files into a folder without silently overwriting anything, then opens the main one.
import * as vscode from 'vscode';
import type { ScaffoldFile } from '../../core/scaffold';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export interface WriteResult {
  readonly written: vscode.Uri[];
  readonly skipped: vscode.Uri[];
}

/** Resolves to undefined when the user declined to overwrite. */
export async function writeFiles(folder: vscode.Uri, files: readonly ScaffoldFile[]): Promise<WriteResult | undefined> {
  const targets = files.map((f) => ({ file: f, uri: vscode.Uri.joinPath(folder, f.path) }));
  const present = [];
  for (const t of targets) if (await exists(t.uri)) present.push(t);
  let keep = new Set<string>();
  if (present.length) {
    const list = present.map((t) => t.file.path).join(', ');
    const overwrite = 'Overwrite';
    const others = 'Keep Existing, Write Others';
    const choice = await vscode.window.showWarningMessage(
      `${present.length === 1 ? 'This file already exists' : `${present.length} files already exist`} in ${vscode.workspace.asRelativePath(folder)}: ${list}.`,
      {
        modal: true,
        detail:
          'Overwrite replaces them with the generated ones; their current content is lost unless it is under version control.',
      },
      overwrite,
      ...(present.length < targets.length ? [others] : []),
    );
    if (choice === undefined) return undefined;
    if (choice === others) keep = new Set(present.map((t) => t.file.path));
  }
  await vscode.workspace.fs.createDirectory(folder);
  const enc = new TextEncoder();
  const written: vscode.Uri[] = [];
  const skipped: vscode.Uri[] = [];
  for (const t of targets) {
    if (keep.has(t.file.path)) {
      skipped.push(t.uri);
      continue;
    }
    await vscode.workspace.fs.writeFile(t.uri, enc.encode(t.file.text));
    written.push(t.uri);
  }
  return { written, skipped };
}
