// Which manifests to deploy: the command's argument (explorer), the active YAML file, a folder,
// or a fresh scaffold. Open editors' unsaved text is used, as the user sees it.
import * as vscode from 'vscode';
import type { SourceFile } from '../../core/validate/types';
import { UserError } from '../shared/problems';

export interface PickedManifests {
  files: SourceFile[];
  /** Workspace-relative label (file or folder). */
  label: string;
}

const isYaml = (p: string) => /\.ya?ml$/i.test(p);

async function readUri(uri: vscode.Uri): Promise<SourceFile> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { path: uri.fsPath, text };
}

async function fromFolder(folder: vscode.Uri): Promise<SourceFile[]> {
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const files = entries
    .filter(([n, t]) => t === vscode.FileType.File && isYaml(n))
    .map(([n]) => vscode.Uri.joinPath(folder, n))
    .sort((a, b) => a.path.localeCompare(b.path));
  return Promise.all(files.map(readUri));
}

function labelOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function picked(files: SourceFile[], uri: vscode.Uri): PickedManifests {
  return { files, label: labelOf(uri) };
}

async function fromUri(uri: vscode.Uri): Promise<PickedManifests | undefined> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) {
    const files = await fromFolder(uri);
    if (!files.length) throw new UserError(`the folder ${labelOf(uri)} has no .yaml files to deploy.`);
    return picked(files, uri);
  }
  return picked([await readUri(uri)], uri);
}

/** Remembers the last focused YAML editor: focus may be in a panel when the command runs. */
export class YamlEditorTracker implements vscode.Disposable {
  private last: vscode.TextDocument | undefined;
  private readonly sub: vscode.Disposable;

  constructor() {
    const note = (e: vscode.TextEditor | undefined) => {
      if (e && (e.document.languageId === 'yaml' || isYaml(e.document.fileName))) this.last = e.document;
    };
    note(vscode.window.activeTextEditor);
    this.sub = vscode.window.onDidChangeActiveTextEditor(note);
  }

  /** The active YAML editor's document, else the last focused one still open, else the only visible one. */
  document(): vscode.TextDocument | undefined {
    const isY = (d: vscode.TextDocument) => d.languageId === 'yaml' || isYaml(d.fileName);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isY(active)) return active;
    if (this.last && !this.last.isClosed) return this.last;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter(isY);
    return visible.length === 1 ? visible[0] : undefined;
  }

  dispose(): void {
    this.sub.dispose();
  }
}

export async function pickManifests(editors: YamlEditorTracker, arg?: unknown): Promise<PickedManifests | undefined> {
  if (arg instanceof vscode.Uri) return fromUri(arg);
  const active = editors.document();
  const items: (vscode.QuickPickItem & { id: string })[] = [];
  if (active && (active.languageId === 'yaml' || isYaml(active.fileName)))
    items.push({ id: 'active', label: '$(file) Active file', description: labelOf(active.uri) });
  items.push({ id: 'folder', label: '$(folder) A folder of manifests…' });
  items.push({ id: 'scaffold', label: '$(new-file) New cluster manifests…', description: 'scaffold, then deploy' });
  const choice =
    items.length === 1
      ? items[0]
      : await vscode.window.showQuickPick(items, {
          title: 'Flink: Deploy Flink cluster',
          placeHolder: 'Which manifests?',
        });
  if (!choice) return undefined;
  if (choice.id === 'active' && active)
    return picked([{ path: active.uri.fsPath, text: active.getText() }], active.uri);
  if (choice.id === 'folder') {
    const uris = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Deploy this folder',
    });
    return uris?.[0] ? fromUri(uris[0]) : undefined;
  }
  // The scaffold command opens the main file it wrote; deploy that.
  const before = vscode.window.activeTextEditor?.document.uri.toString();
  await vscode.commands.executeCommand('flink.newClusterManifests');
  const after = vscode.window.activeTextEditor?.document;
  if (!after || after.uri.toString() === before) return undefined;
  // The scaffold may also write `<name>-secret.yaml` next to the main file: deploy it too.
  const secret = vscode.Uri.joinPath(
    after.uri,
    '..',
    after.uri.path
      .split('/')
      .pop()!
      .replace(/\.ya?ml$/i, '-secret.yaml'),
  );
  const extra = await Promise.resolve(vscode.workspace.fs.stat(secret)).then(
    () => readUri(secret),
    () => undefined,
  );
  return picked([{ path: after.uri.fsPath, text: after.getText() }, ...(extra ? [extra] : [])], after.uri);
}
