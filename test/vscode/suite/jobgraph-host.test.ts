// The job graph's webview host in a real VS Code, against the test bed's Flink: "Show Job Graph"
// for a job opens one webview panel titled after it; the same job again reveals that panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbedState } from '../../support/testbed';
import { waitFor } from './helpers';

const graphTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && /jobGraph/i.test(t.input.viewType));

describe('job graph host', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel per job and reveals it again', async () => {
    const { flinkRestUrl, runningJobId } = testbedState();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const job = { jobId: runningJobId, restUrl: flinkRestUrl, title: 'testbed-streaming' };
    await vscode.commands.executeCommand('flink.showJobGraph', job);
    const tab = await waitFor('a job graph tab', () => graphTabs()[0], 30_000);
    assert.match(tab.label, /Job graph · testbed-streaming/);
    // The command has finished: a second panel would exist by now.
    await vscode.commands.executeCommand('flink.showJobGraph', job);
    assert.equal(graphTabs().length, 1);
  });
});
