// The extension's kube target (context and namespace) and its status-bar item, shared by the
// deploy, jobs and logs features. The choice is kept
// in workspace state; the kubeconfig file changes only when the user asks for it.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigFiles } from '../kube/config';
import { resolveTarget, statusText, type Target, type TargetChoice, type TargetSource } from '../kube/target';
import type { Log } from './log';

const STATE_KEY = 'flink.kubeTarget';

export function kubeSettings(): TargetSource {
  const path = vscode.workspace.getConfiguration('flink').get<string>('kubeconfig')?.trim();
  return { kubeconfigPath: path ? path.replace(/^~(?=\/|$)/, process.env.HOME ?? '~') : undefined };
}

let active: TargetStore | undefined;
const targetChanged = new vscode.EventEmitter<void>();

/**
 * For the other features (jobs, logs): the KubeConfig with the context and namespace chosen in
 * the status bar (the kubeconfig's own when nothing was chosen). Throws a KubeError when there is
 * no usable kubeconfig.
 */
export function kubeTarget(): Target {
  return active ? active.target() : resolveTarget({}, kubeSettings());
}

/** Fires when the user switches context or namespace, or the kubeconfig setting changes. */
export const onDidChangeKubeTarget = targetChanged.event;

export class TargetStore implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
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
    this.refresh();
    this.item.show();
    TargetStore.activate(this);
  }

  private static activate(store: TargetStore | undefined): void {
    active = store;
  }

  private watchers: vscode.Disposable[] = [];

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
    return this.context.workspaceState.get<TargetChoice>(STATE_KEY) ?? {};
  }

  async setChoice(choice: TargetChoice): Promise<void> {
    await this.context.workspaceState.update(STATE_KEY, choice);
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
    targetChanged.fire();
  }

  dispose(): void {
    if (active === this) TargetStore.activate(undefined);
    for (const w of this.watchers) w.dispose();
    this.item.dispose();
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}
