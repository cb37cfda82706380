// Registers the deploy feature: deploy/delete commands, context and namespace switching, the
// status-bar item, the diff documents and the 'flink-deploy' diagnostics.
import * as vscode from 'vscode';
import type { Services } from '../log';
import { deleteCommand } from './delete-cmd';
import { DIFF_SCHEME, DiffContentProvider } from './diff-provider';
import { trackYamlEditors } from './pick';
import { deployCommand } from './run';
import { switchContextCommand, switchNamespaceCommand } from './switch';
import { TargetStore } from '../kube-target';

export function registerDeploy(services: Services): void {
  const { context, log } = services;
  const store = new TargetStore(context, log);
  const diagnostics = vscode.languages.createDiagnosticCollection('flink-deploy');
  const diffs = new DiffContentProvider();
  const deps = { store, log, diagnostics, diffs };
  context.subscriptions.push(
    store,
    trackYamlEditors(),
    diagnostics,
    diffs,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    vscode.commands.registerCommand('flink.deployCluster', (arg?: unknown) => deployCommand(deps, arg)),
    vscode.commands.registerCommand('flink.deleteCluster', (arg?: unknown) => deleteCommand(store, log, arg)),
    vscode.commands.registerCommand('flink.switchContext', () => switchContextCommand(store, log)),
    vscode.commands.registerCommand('flink.switchNamespace', () => switchNamespaceCommand(store, log)),
  );
}
