// Live diagnostics with the schemas the connected cluster serves: a custom resource whose CRD is
// installed on the test bed (and shipped by nobody) gets a schema error once the extension has
// loaded the cluster's schemas, and none with flink.validation.useClusterSchemas off (shipped
// schemas only, which do not know the kind).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: checkpointpolicies.schemas.flink-vscode.test
spec:
  group: schemas.flink-vscode.test
  names: { kind: CheckpointPolicy, plural: checkpointpolicies, singular: checkpointpolicy }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                retained: { type: integer }
`;

// A Flink manifest (so the file is validated) and the custom resource with a wrong type on line 12.
const TEXT = `apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: cluster-schema-check
spec:
  deploymentName: nowhere
---
apiVersion: schemas.flink-vscode.test/v1
kind: CheckpointPolicy
metadata:
  name: keep-some
spec:
  retained: three
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
  const state = testbedState();
  const home = mkdtempSync(join(tmpdir(), 'vscode-kubectl-'));
  const crdFile = join(home, 'crd.yaml');
  const kubectl = (...args: string[]) =>
    spawnSync(state.kubectl, ['--kubeconfig', state.kubeconfig, '--context', state.context, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, HOME: home },
    });
  const setting = (v: boolean | undefined) =>
    vscode.workspace
      .getConfiguration('flink.validation')
      .update('useClusterSchemas', v, vscode.ConfigurationTarget.Global);
  let file: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    writeFileSync(crdFile, CRD);
    const a = kubectl('apply', '--server-side', '-f', crdFile);
    assert.equal(a.status, 0, a.stderr);
    // Established, then published in /openapi/v3 (a moment later).
    await waitFor(
      'the CheckpointPolicy schema in /openapi/v3',
      () =>
        kubectl('get', '--raw', '/openapi/v3').stdout.includes('apis/schemas.flink-vscode.test/v1') ? true : undefined,
      60_000,
    );
    // A subfolder of its own: the other tests' folder validation does not see this file.
    file = vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas', 'policy.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEXT));
  });

  after(async () => {
    await setting(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (file)
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas'), { recursive: true });
    kubectl('delete', '--ignore-not-found', '-f', crdFile);
    rmSync(home, { recursive: true, force: true });
  });

  it('flags a custom resource schema error with the CRD the cluster serves, not with the setting off', async () => {
    await setting(true);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const uri = editor.document.uri;
    // The positive signal: the schemas of the current context were fetched after the CRD was
    // installed and are now in use (the fetch at start-up may predate the CRD).
    const source = await vscode.commands.executeCommand<string>('_flink.validation.reloadSchemas');
    assert.match(source, /^cluster:/, `validation uses ${source}`);
    const diag = await waitFor('the k8s-schema diagnostic', () => schemaDiagnostics(uri)[0], 30_000);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diag.range.start.line, 12);
    assert.equal(editor.document.getText(diag.range), 'three');

    await setting(false);
    assert.equal(await vscode.commands.executeCommand<string>('_flink.validation.reloadSchemas'), 'shipped');
    await waitFor(
      'the diagnostic to clear with the shipped schemas only',
      () => (schemaDiagnostics(uri).length === 0 ? true : undefined),
      15_000,
    );
  });
});
