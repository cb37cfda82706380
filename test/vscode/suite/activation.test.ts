// The extension loads in a real VS Code, activates on a YAML document, and registers every command
// its manifest contributes (a contributed command without a handler fails when a user runs it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor, workspaceRoot } from './helpers';

describe('activation', () => {
  it('is installed from the development path', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    assert.equal(ext.packageJSON.name, 'flink-kubernetes-vscode');
  });

  it('activates when a YAML manifest opens (onLanguage:yaml), without being asked', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await openFixture('session-cluster.yaml');
    await waitFor('activation by the YAML document', () => (ext.isActive ? true : undefined), 30_000);
    // Activation must not have failed: exports resolve.
    await ext.activate();
  });

  it('registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map(
      (c: { command: string }) => c.command,
    );
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('opens the workspace with the sample manifests', async () => {
    const files = await vscode.workspace.findFiles('*.yaml');
    const names = files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).sort();
    assert.ok(
      names.includes('session-cluster.yaml') && names.includes('broken-session-cluster.yaml'),
      `workspace ${workspaceRoot().fsPath} has ${names.join(', ')}`,
    );
  });
});
