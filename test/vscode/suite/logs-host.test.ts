// The log viewer's webview host in a real VS Code, against the test bed's Flink: "Open Logs"
// with a REST URL opens one webview panel per source, titled after it; the same source again
// reveals the same panel instead of opening a second one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbedState } from '../../support/testbed';
import { waitFor } from './helpers';

const webviewTabs = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);

describe('log viewer host', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the JobManager log of a Flink cluster in one webview panel', async () => {
    const { flinkRestUrl } = testbedState();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const first = await vscode.commands.executeCommand<{ key: string; reused: boolean }>('flink.openLogs', {
      restUrl: flinkRestUrl,
      follow: false,
    });
    assert.equal(first?.reused, false);
    const tab = await waitFor('a log viewer tab', () => webviewTabs()[0], 30_000);
    assert.match(tab.label, /JobManager/i);
    assert.match((tab.input as vscode.TabInputWebview).viewType, /flink/i);

    // The command has finished (a new panel would exist by now): it says it revealed the same one.
    const again = await vscode.commands.executeCommand<{ key: string; reused: boolean }>('flink.openLogs', {
      restUrl: flinkRestUrl,
      follow: false,
    });
    assert.deepEqual(again, { key: first.key, reused: true });
    assert.equal(
      webviewTabs().length,
      1,
      `tabs: ${webviewTabs()
        .map((t) => t.label)
        .join(', ')}`,
    );
  });
});
