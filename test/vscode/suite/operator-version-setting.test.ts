// The `flink.validation.operatorVersion` setting reaches live validation: a FlinkDeployment field the
// chosen operator release lacks is reported while the setting names that release, and not without it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const TEXT = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  image: flink:1.16
  flinkVersion: v1_16
  serviceAccount: flink
  jobManager:
    resource: {memory: 2048m, cpu: 1}
  taskManager:
    resource: {memory: 2048m, cpu: 1}
  job:
    jarURI: local:///opt/flink/usrlib/orders.jar
    parallelism: 2
    upgradeMode: stateless
    checkpointTriggerNonce: 1
`;
const codes = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'flink')
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));

describe('operator version setting', () => {
  const config = () => vscode.workspace.getConfiguration('flink.validation');
  after(async () => {
    await config().update('operatorVersion', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports fields the configured operator release lacks, and stops when the setting is cleared', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: TEXT });
    await vscode.window.showTextDocument(doc);
    // Positive signal first: this document was validated without the setting, and had no such finding.
    await waitFor('the first validation', async () =>
      (await vscode.commands.executeCommand('_flink.validation.lastRun', doc.uri.toString())) ? true : undefined,
    );
    assert.ok(!codes(doc.uri).includes('operator-field-version'));
    await config().update('operatorVersion', '1.3', vscode.ConfigurationTarget.Global);
    await waitFor('operator-field-version under operator 1.3', () =>
      codes(doc.uri).includes('operator-field-version') ? true : undefined,
    );
    const d = vscode.languages
      .getDiagnostics(doc.uri)
      .find((x) => String((x.code as { value?: unknown })?.value ?? x.code) === 'operator-field-version');
    assert.equal(doc.getText(d!.range), 'checkpointTriggerNonce');
    await config().update('operatorVersion', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('no operator-field-version without a target release', () =>
      codes(doc.uri).includes('operator-field-version') ? undefined : true,
    );
  });
});
