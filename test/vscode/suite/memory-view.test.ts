// The memory layout in a real VS Code: the CodeLens above a ConfigMap's process size opens the
// picture (the page loads and says `ready`, then the host posts the picture), and the picture and
// the lens follow an edit of the manifest.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

interface Last {
  uri: string;
  picture: { containers: { role: string; totalProcess?: number; limit?: number }[] };
}

const MIB = 2 ** 20;
const memoryTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && /memoryLayout/i.test(t.input.viewType));

describe('memory layout CodeLens', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const text = readFileSync(vscode.Uri.joinPath(workspaceRoot(), 'session-cluster.yaml').fsPath, 'utf8');
    doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(doc);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const lenses = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  const tmProcess = async () => {
    const last = await vscode.commands.executeCommand<Last | undefined>('_flink.memoryLayout.lastPicture');
    if (last?.uri !== doc.uri.toString()) return undefined;
    return last.picture.containers.find((c) => c.role === 'taskmanager')?.totalProcess;
  };

  it('puts a lens above each process size and opens the picture from it', async () => {
    const found = await waitFor('two memory lenses', async () => {
      const l = (await lenses()).filter((x) => x.command?.command === 'flink.showMemoryLayout');
      return l.length === 2 ? l : undefined;
    });
    const tmLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('taskmanager.memory.process.size'));
    const tm = found.find((l) => l.range.start.line === tmLine);
    assert.ok(tm, `a lens on line ${tmLine}: ${found.map((l) => l.range.start.line).join(',')}`);
    assert.equal(tm.command?.title, 'Memory layout: TaskManager 1728 MiB of 1728 MiB limit');
    await vscode.commands.executeCommand(tm.command!.command, ...(tm.command!.arguments ?? []));
    const tab = await waitFor('a memory layout tab', () => memoryTabs()[0], 30_000);
    assert.match(tab.label, /^Memory · Untitled/);
    // Posted only after the page's script ran and said `ready`.
    assert.equal(await waitFor('the picture posted', tmProcess, 30_000), 1728 * MIB);
  });

  it('follows edits: the picture and the lens show the new size and the overflow', async () => {
    const at = doc.getText().indexOf('taskmanager.memory.process.size: 1728m');
    const range = new vscode.Range(
      doc.positionAt(at),
      doc.positionAt(at + 'taskmanager.memory.process.size: 1728m'.length),
    );
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, range, 'taskmanager.memory.process.size: 2048m');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      'the picture after the edit',
      async () => ((await tmProcess()) === 2048 * MIB ? true : undefined),
      30_000,
    );
    const title = await waitFor('the lens after the edit', async () => {
      const t = (await lenses()).find((l) => l.range.start.line === range.start.line)?.command?.title;
      return t?.includes('exceeds') ? t : undefined;
    });
    assert.equal(title, 'Memory layout: TaskManager exceeds its limit by 320 MiB');
    // The same document again reveals the open panel rather than a second one.
    await vscode.commands.executeCommand('flink.showMemoryLayout', doc.uri.toString());
    assert.equal(memoryTabs().length, 1);
  });
});
