// Diagnostics on real documents in a real VS Code: the broken sample manifest gets the Flink
// findings at the right places, the clean one gets none, an edit that fixes a typo clears its
// diagnostic, and the quick fix offered for the typo repairs the document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

const flinkDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'flink');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('diagnostics', () => {
  afterEach(async () => {
    // Leave no dirty editor behind for the next test.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports the mistakes of the broken manifest where they are', async () => {
    const editor = await openFixture('broken-session-cluster.yaml');
    const uri = editor.document.uri;
    const diags = await waitFor('Flink diagnostics on the broken manifest', () => {
      const d = flinkDiagnostics(uri);
      return d.some((x) => codeOf(x) === 'memory-exceeds-limit') ? d : undefined;
    });
    const byCode = new Map(diags.map((d) => [codeOf(d), d]));
    for (const code of [
      'removed-api-version',
      'memory-exceeds-limit',
      'flink-config-unknown-key',
      'flink-config-deprecated-key',
      'service-selects-nothing',
    ]) {
      assert.ok(byCode.has(code), `no ${code} among ${[...byCode.keys()].join(', ')}`);
    }
    assert.equal(byCode.get('removed-api-version')!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(byCode.get('memory-exceeds-limit')!.severity, vscode.DiagnosticSeverity.Error);
    // Ranges point at the offending text, as VS Code underlines it.
    const doc = editor.document;
    assert.equal(doc.getText(byCode.get('removed-api-version')!.range), 'extensions/v1beta1');
    assert.equal(doc.getText(byCode.get('flink-config-unknown-key')!.range), 'taskmanager.numberOfTaskSlot');
    assert.equal(doc.getText(byCode.get('flink-config-deprecated-key')!.range), 'jobmanager.heap.size');
  });

  it('reports nothing on the clean manifest', async () => {
    const editor = await openFixture('session-cluster.yaml');
    const doc = editor.document;
    // The positive signal: the extension has finished validating this very version of this file.
    const run = await waitFor('the validation of session-cluster.yaml', async () => {
      const r = await vscode.commands.executeCommand<{ version: number; findings: number } | undefined>(
        '_flink.validation.lastRun',
        doc.uri.toString(),
      );
      return r && r.version === doc.version ? r : undefined;
    });
    assert.deepEqual(
      flinkDiagnostics(doc.uri).map((d) => `${codeOf(d)}: ${d.message}`),
      [],
    );
    assert.equal(run.findings, 0);
  });

  it('clears a diagnostic when an edit fixes the mistake', async () => {
    const editor = await openFixture('broken-session-cluster.yaml');
    const uri = editor.document.uri;
    const typo = await waitFor('the unknown-key diagnostic', () =>
      flinkDiagnostics(uri).find((d) => codeOf(d) === 'flink-config-unknown-key'),
    );
    await editor.edit((b) => b.replace(typo.range, 'taskmanager.numberOfTaskSlots'));
    await waitFor('the diagnostic to clear', () =>
      flinkDiagnostics(uri).some((d) => codeOf(d) === 'flink-config-unknown-key') ? undefined : true,
    );
    assert.ok(
      flinkDiagnostics(uri).some((d) => codeOf(d) === 'memory-exceeds-limit'),
      'unrelated findings must stay',
    );
  });

  it('offers a quick fix that repairs the typo', async () => {
    const editor = await openFixture('broken-session-cluster.yaml');
    const uri = editor.document.uri;
    const typo = await waitFor('the unknown-key diagnostic', () =>
      flinkDiagnostics(uri).find((d) => codeOf(d) === 'flink-config-unknown-key'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      typo.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.includes('taskmanager.numberOfTaskSlots'));
    assert.ok(fix?.edit, `no quick fix for the typo among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(
      editor.document.getText(
        typo.range.with({ end: typo.range.start.translate(0, 'taskmanager.numberOfTaskSlots'.length) }),
      ),
      'taskmanager.numberOfTaskSlots',
    );
    await waitFor('the diagnostic to clear', () =>
      flinkDiagnostics(uri).some((d) => codeOf(d) === 'flink-config-unknown-key') ? undefined : true,
    );
  });
});
