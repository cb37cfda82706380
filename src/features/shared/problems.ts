// One way to tell the user that something failed (wording in problem-text.ts), logged with its
// details; cancellation is not a failure: nothing is shown.
import * as vscode from 'vscode';
import type { Log } from './log';
import { describeProblem, isCancellation, type ProblemAction } from './problem-text';

export { UserError, type ProblemAction } from './problem-text';

export class Problems {
  constructor(private readonly log: Log) {}

  /** Logs the failure and shows it; `retry` runs again when the user asks. Never throws. */
  report(what: string, e: unknown, retry?: () => unknown): void {
    if (isCancellation(e)) {
      this.log.info(`${what}: cancelled`);
      return;
    }
    const p = describeProblem(what, e, !!retry);
    this.log.error(`${what}: ${p.detail}`);
    void vscode.window.showErrorMessage(p.message, ...p.actions).then((a) => this.act(a, retry));
  }

  private act(a: ProblemAction | undefined, retry?: () => unknown): void {
    switch (a) {
      case 'Retry':
        void Promise.resolve()
          .then(retry)
          .catch(() => undefined);
        return;
      case 'Show Logs':
        this.log.show(true);
        return;
      case 'Switch Context':
        void vscode.commands.executeCommand('flink.switchContext');
        return;
      case 'Open Settings':
        void vscode.commands.executeCommand('workbench.action.openSettings', 'flink.');
        return;
      case 'Add Cluster':
        void vscode.commands.executeCommand('flink.addCluster');
        return;
      default:
    }
  }
}
