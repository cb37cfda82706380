// Live diagnostics with the schemas the connected cluster serves: with the test bed's operator CRDs
// installed, reloading the schemas puts the cluster's in use (a positive signal, not a settings
// toggle retried until green), and a FlinkDeployment schema error is flagged on the right text. With
// flink.validation.useClusterSchemas off, validation says it uses the shipped schemas, which (generated
// from the released CRDs) flag the same error.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

const TEXT = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: cluster-schema-check
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    replicas: two
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
`;

const schemaDiagnostics = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter(
      (d) =>
        d.source === 'flink' && (typeof d.code === 'object' ? String(d.code.value) : String(d.code)) === 'k8s-schema',
    );

describe('cluster schemas', function () {
  this.timeout(180_000);
  const setting = (v: boolean | undefined) =>
    vscode.workspace
      .getConfiguration('flink.validation')
      .update('useClusterSchemas', v, vscode.ConfigurationTarget.Global);
  let file: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // A subfolder of its own: the other tests' folder validation does not see this file.
    file = vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas', 'flink-deployment.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEXT));
  });

  after(async () => {
    await setting(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (file)
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas'), { recursive: true });
  });

  it("validates with the cluster's CRD once loaded, and says so; with the setting off, with the shipped schemas", async () => {
    await setting(true);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const uri = editor.document.uri;
    const source = await vscode.commands.executeCommand<string>('_flink.validation.reloadSchemas');
    assert.match(source, /^cluster:/, `validation uses ${source}`);
    const diag = await waitFor('the k8s-schema diagnostic', () => schemaDiagnostics(uri)[0], 30_000);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diag.range.start.line, 9);
    assert.equal(editor.document.getText(diag.range), 'two');

    await setting(false);
    assert.equal(await vscode.commands.executeCommand<string>('_flink.validation.reloadSchemas'), 'shipped');
    // Offline, the shipped operator schema (generated from the released CRDs) finds the same error.
    const shipped = await waitFor(
      'the k8s-schema diagnostic with the shipped schemas',
      () => schemaDiagnostics(uri)[0],
    );
    assert.equal(editor.document.getText(shipped.range), 'two');
  });
});
