// The extension's kube target (context and namespace) and its status-bar item, a service shared
// by the deploy, jobs, logs and validate features. The choice is kept in workspace state; the
// kubeconfig file changes only when the user asks for it.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigFiles } from '../../kube/config';
import { resolveTarget, statusText, type Target, type TargetChoice } from '../../kube/target';
import type { Log } from './log';
import { kubeSettings } from './settings';

const STATE_KEY = 'flink.kubeTarget';

export class TargetStore implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the user switches context or namespace, or the kubeconfig (file or setting) changes. */
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {
    this.item = vscode.window.createStatusBarItem('flink.kubeTarget', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Flink: Kubernetes context';
    this.item.command = 'flink.switchContext';
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flink.kubeconfig')) {
          this.watchFiles();
          this.refresh();
        }
      }),
    );
    this.watchFiles();
    // Reading the kubeconfig loads the kube library (a bundle of its own): after activation, not in it.
    this.item.text = '$(cloud) Kubernetes';
    const first = setTimeout(() => this.refresh(), 0);
    this.subs.push({ dispose: () => clearTimeout(first) });
    this.item.show();
  }

  /** `kubectl config use-context` elsewhere changes the file: follow it in the status bar. */
  private watchFiles(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = kubeconfigFiles(kubeSettings()).map((f) => {
      const w = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dirname(f)), basename(f)),
      );
      w.onDidChange(() => this.refresh());
      w.onDidCreate(() => this.refresh());
      w.onDidDelete(() => this.refresh());
      return w;
    });
  }

  get choice(): TargetChoice {
    return this.state.get<TargetChoice>(STATE_KEY) ?? {};
  }

  async setChoice(choice: TargetChoice): Promise<void> {
    await this.state.update(STATE_KEY, choice);
    this.refresh();
  }

  /** The current target; throws a KubeError (no kubeconfig, unknown context) for the caller to show. */
  target(): Target {
    return resolveTarget(this.choice, kubeSettings());
  }

  refresh(): void {
    try {
      const s = statusText(this.target());
      this.item.text = s.text;
      this.item.tooltip = s.tooltip;
    } catch (e) {
      const s = statusText(undefined, (e as Error).message);
      this.item.text = s.text;
      this.item.tooltip = s.tooltip;
      this.log.debug(`kube target: ${(e as Error).message}`);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    this.item.dispose();
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
