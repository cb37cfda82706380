// The thin vscode adapter over JobsModel: nodes to TreeItems, change events, and a refresh timer
// that runs only while the view is visible.
import * as vscode from 'vscode';
import type { JobsModel } from './model';
import { present, type JobsNode } from './nodes';

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: JobsModel | undefined;

  setModel(model: JobsModel): void {
    this.model = model;
  }

  fire(node: JobsNode | undefined): void {
    this.changed.fire(node);
  }

  getTreeItem(node: JobsNode): vscode.TreeItem {
    const p = present(node);
    const state =
      p.collapsible === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : p.collapsible === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(p.label, state);
    item.id = node.id;
    item.description = p.description;
    item.tooltip = p.tooltip;
    item.contextValue = p.contextValue;
    if (p.icon) {
      const [id = p.icon, color] = p.icon.split('|');
      item.iconPath = new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
    }
    if (p.command) item.command = { command: p.command.id, title: p.command.title, arguments: p.command.args };
    return item;
  }

  getChildren(node?: JobsNode): JobsNode[] {
    return this.model?.children(node) ?? [];
  }

  /** Parents of the nodes a reveal walked through (reveal.ts); TreeView.reveal needs them. */
  readonly parents = new Map<string, JobsNode | undefined>();

  /** A node a reveal walked through, else a cluster (flink.revealCluster): a root or in a blue/green group. */
  getParent(node: JobsNode): JobsNode | undefined {
    if (this.parents.has(node.id)) return this.parents.get(node.id);
    return node.kind === 'cluster' ? this.model?.groupOf(node.id) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Calls `tick` every `seconds()` while the view is visible; restarts on visibility/setting change. */
export class VisibleTimer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly view: vscode.TreeView<JobsNode>,
    private readonly seconds: () => number,
    private readonly tick: () => void,
  ) {
    this.subs.push(
      view.onDidChangeVisibility((e) => {
        this.restart();
        if (e.visible) tick(); // catch up on what changed while hidden
      }),
    );
    this.restart();
  }

  restart(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const s = this.seconds();
    if (this.view.visible && s > 0) this.timer = setInterval(this.tick, s * 1000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.subs) d.dispose();
  }
}
