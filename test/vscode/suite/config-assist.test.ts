// Flink config completion and hover through VS Code's own provider commands, in a real editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

const DOC = `apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
data:
  config.yaml: |
    taskmanager.numberOfTaskSlots: 2
    taskmanager.memory.proc
    kubernetes.rest-service.exposed.type: N
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flink-jobmanager
spec:
  template:
    spec:
      containers:
        - name: jobmanager
          image: apache/flink:1.20.1-scala_2.12
`;

describe('config completion and hover', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: DOC });
    await vscode.window.showTextDocument(doc);
  });

  const labels = async (line: number, character: number) => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(line, character),
    );
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  };

  it('completes a key segment inside a ConfigMap config.yaml block', async () => {
    const l = await waitFor('process.size offered', async () => {
      const got = await labels(7, 'taskmanager.memory.proc'.length + 4);
      return got.includes('process.size') ? got : undefined;
    });
    assert.ok(l.includes('process.size'));
  });

  it('completes enum values of the option', async () => {
    const l = await labels(8, 'kubernetes.rest-service.exposed.type: N'.length + 4);
    assert.ok(l.includes('NodePort'), l.join(','));
  });

  it('shows the option on hover with its type, default and docs link', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(6, 10),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.match(text, /taskmanager\.numberOfTaskSlots/);
    assert.match(text, /Type: `int`/);
    assert.match(text, /flink-docs-release-1\.20/);
  });
});
