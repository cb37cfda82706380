// The other Kubernetes YAML files of a folder, read once and kept until the watcher sees a change:
// live validation resolves references across them without reading the disk on every keystroke.
import * as vscode from 'vscode';
import { isValidationInput, type ParseCache, type SourceFile } from '../../core';

const MAX_FILES = 200;
const MAX_BYTES = 2 * 1024 * 1024;

export class FolderFiles implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<SourceFile[]>>();
  private readonly watcher: vscode.FileSystemWatcher;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const drop = (uri: vscode.Uri) => this.folders.delete(vscode.Uri.joinPath(uri, '..').toString());
    this.watcher.onDidChange(drop);
    this.watcher.onDidCreate(drop);
    this.watcher.onDidDelete(drop);
  }

  /** Manifest files in the folder of `uri` (not recursive), as saved on disk. */
  siblings(uri: vscode.Uri): Promise<SourceFile[]> {
    if (uri.scheme !== 'file') return Promise.resolve([]);
    const dir = vscode.Uri.joinPath(uri, '..');
    const key = dir.toString();
    let p = this.folders.get(key);
    if (!p) {
      p = readFolder(dir).catch(() => []);
      this.folders.set(key, p);
    }
    return p;
  }

  dispose(): void {
    this.watcher.dispose();
    this.folders.clear();
  }
}

async function readFolder(dir: vscode.Uri): Promise<SourceFile[]> {
  const entries = await vscode.workspace.fs.readDirectory(dir);
  const out: SourceFile[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !/\.ya?ml$/i.test(name) || out.length >= MAX_FILES) continue;
    const uri = vscode.Uri.joinPath(dir, name);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (isValidationInput(uri.fsPath, text)) out.push({ path: uri.fsPath, text });
    } catch {
      // unreadable sibling: validate without it
    }
  }
  return out;
}

/** Parsed files by path, reused while their text is unchanged. */
export class TextParseCache implements ParseCache {
  private readonly map = new Map<string, { text: string; parsed: unknown }>();
  get(path: string, text: string): unknown {
    const e = this.map.get(path);
    return e && e.text === text ? e.parsed : undefined;
  }
  set(path: string, text: string, parsed: unknown): void {
    if (this.map.size > 500) this.map.clear();
    this.map.set(path, { text, parsed });
  }
  delete(path: string): void {
    this.map.delete(path);
  }
}
