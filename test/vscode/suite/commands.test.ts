// Commands run the way the palette or the explorer runs them, on real files of the workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

const LEGACY = `# Never opened in an editor: only "Validate Flink Manifests" sees it.
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: legacy-flink-taskmanager
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: legacy-flink
        component: taskmanager
    spec:
      containers:
        - name: taskmanager
          image: apache/flink:1.20.1-scala_2.12
          args: ["taskmanager"]
`;

describe('commands', () => {
  it('every contributed command is registered through the one command wrapper', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map(
      (c: { command: string }) => c.command,
    );
    const wrapped = new Set(await vscode.commands.executeCommand<string[]>('_flink.registeredCommands'));
    assert.deepEqual(
      contributed.filter((id) => !wrapped.has(id)),
      [],
    );
  });

  it('"Validate Flink Manifests" reports files of the folder that are not open', async () => {
    const dir = vscode.Uri.joinPath(workspaceRoot(), 'legacy');
    const file = vscode.Uri.joinPath(dir, 'taskmanager.yaml');
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(LEGACY));
    try {
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === file.toString()),
        'the file must not be open',
      );
      await vscode.commands.executeCommand('flink.validateManifests', dir);
      const diags = await waitFor(
        'diagnostics on the unopened file',
        () => {
          const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'flink');
          return d.length ? d : undefined;
        },
        15_000,
      );
      const codes = diags.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
      assert.ok(codes.includes('removed-api-version'), `codes: ${codes.join(', ')}`);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });
});
