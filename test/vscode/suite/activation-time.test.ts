// Activation cost in a real VS Code: the time from opening a YAML manifest (the activation event) to
// the first diagnostics, our code's load and activate() times, and @kubernetes/client-node kept out
// of activation until a kube feature runs. bench/activation.bench.mjs runs this file alone and reads
// the numbers it writes to $FLINK_ACTIVATION_OUT; an empty extension measured in the same host is
// the peer.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './helpers';

interface Times {
  loadMs?: number;
  activateMs: number;
  clientNodeAtActivation: boolean;
}

const clientNodeLoaded = (): boolean => Object.keys(require.cache).some((f) => /[\\/]client-node\.js$/.test(f));

/** An empty extension's module, loaded and activated the way the host does it: the floor. */
function emptyExtensionMs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'flink-empty-ext-'));
  const main = join(dir, 'extension.js');
  writeFileSync(main, 'exports.activate = function (context) { return undefined; };\n');
  const start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(main) as { activate(c: unknown): void }).activate({ subscriptions: [] });
  return performance.now() - start;
}

describe('activation time', () => {
  it('activates without loading @kubernetes/client-node, and gives first diagnostics after a YAML manifest opens', async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const wasActive = ext.isActive;
    await ext.activate();
    // activate() itself never needs the kube library (the extension records it as activate() returns).
    // Later, with a kube target configured as in this suite's workspace, the status bar's context and
    // the cluster's schemas load it; without one (FLINK_ACTIVATION_OUT runs), validation does not.
    const early = (await vscode.commands.executeCommand('_flink.activationTimes')) as Times;
    assert.equal(early.clientNodeAtActivation, false, 'activate() did not load @kubernetes/client-node');
    const start = performance.now();
    const editor = await openFixture('broken-session-cluster.yaml');
    const uri = editor.document.uri;
    await waitFor(
      'first diagnostics of broken-session-cluster.yaml',
      () => (vscode.languages.getDiagnostics(uri).length > 0 ? true : undefined),
      60_000,
      5,
    );
    const firstDiagnosticsMs = performance.now() - start;
    const times = (await vscode.commands.executeCommand('_flink.activationTimes')) as Times;
    assert.ok(times && typeof times.activateMs === 'number', 'the extension reports its activation times');

    const out = process.env.FLINK_ACTIVATION_OUT;
    if (out)
      writeFileSync(
        out,
        JSON.stringify({
          ...times,
          firstDiagnosticsMs,
          wasActive,
          clientNodeAfterDiagnostics: clientNodeLoaded(),
          emptyExtensionMs: emptyExtensionMs(),
        }) + '\n',
      );
  });
});
