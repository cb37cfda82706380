// Live diagnostics with the schemas the connected cluster serves: with the Flink operator's CRDs
// installed on the test bed (the extension ships no operator schemas), a FlinkDeployment schema
// error is flagged once the extension has fetched them, and no longer when the setting
// flink.validation.useClusterSchemas is off (shipped schemas only).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

interface State {
  kubeconfig: string;
  context: string;
  kubectl: string;
  operatorCrdsDir: string;
}

function testbed(): State {
  const path = process.env.TESTBED_STATE;
  if (!path) throw new Error('TESTBED_STATE is not set: the runner passes the test bed state to the extension host.');
  return JSON.parse(readFileSync(path, 'utf8')) as State;
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const schemaDiagnostics = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter(
      (d) =>
        d.source === 'flink' && (typeof d.code === 'object' ? String(d.code.value) : String(d.code)) === 'k8s-schema',
    );

describe('cluster schemas', function () {
  this.timeout(180_000);
  let state: State;
  let installed = false;
  const home = mkdtempSync(join(tmpdir(), 'vscode-kubectl-'));
  const crdFiles = () =>
    ['flinkdeployments.flink.apache.org-v1.yml', 'flinksessionjobs.flink.apache.org-v1.yml'].map((f) =>
      join(state.operatorCrdsDir, f),
    );
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
    state = testbed();
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const r = kubectl('get', 'crd', 'flinkdeployments.flink.apache.org', '--ignore-not-found', '-o', 'name');
    assert.equal(r.status, 0, r.stderr);
    if (!r.stdout.trim()) {
      const a = kubectl('apply', '--server-side', ...crdFiles().flatMap((f) => ['-f', f]));
      assert.equal(a.status, 0, a.stderr);
      installed = true;
    }
    // Established, then published in /openapi/v3 (a moment later).
    await waitFor(
      'the FlinkDeployment schema in /openapi/v3',
      () =>
        kubectl('get', '--raw', '/openapi/v3').stdout.includes('apis/flink.apache.org/v1beta1') ? true : undefined,
      60_000,
    );
    // A subfolder of its own: the other tests' folder validation does not see this file.
    file = vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas', 'flink-deployment.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEXT));
  });

  after(async () => {
    await setting(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (file)
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'cluster-schemas'), { recursive: true });
    if (installed) kubectl('delete', '--ignore-not-found', ...crdFiles().flatMap((f) => ['-f', f]));
    rmSync(home, { recursive: true, force: true });
  });

  it('flags a FlinkDeployment schema error with the CRD the cluster serves, not with the setting off', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const uri = editor.document.uri;
    // The extension fetched the schemas at start-up, maybe before the CRDs were there; toggling the
    // setting refetches (as switching context does). Fetches within 5 s of each other are shared,
    // so toggle again until the new schemas arrive.
    let diag: vscode.Diagnostic | undefined;
    for (let i = 0; i < 6 && !diag; i++) {
      await setting(false);
      await setting(true);
      diag = await waitFor('the k8s-schema diagnostic', () => schemaDiagnostics(uri)[0], 7_000).catch(() => undefined);
      if (!diag) await sleep(1_000);
    }
    assert.ok(diag, 'no k8s-schema diagnostic on spec.jobManager.replicas');
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diag.range.start.line, 9);
    assert.equal(editor.document.getText(diag.range), 'two');

    await setting(false);
    await waitFor(
      'the diagnostic to clear with the shipped schemas only',
      () => (schemaDiagnostics(uri).length === 0 ? true : undefined),
      15_000,
    );
  });
});
