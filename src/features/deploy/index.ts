// Registers the deploy feature: deploy/delete commands, context and namespace switching, the
// diff documents and the 'flink-deploy' diagnostics. The kube target itself is a shared service.
import * as vscode from 'vscode';
import { UserError } from '../shared/problem-text';
import type { Services } from '../shared/services';
import { deleteCommand } from './delete-cmd';
import { DIFF_SCHEME, DiffContentProvider } from './diff-provider';
import { YamlEditorTracker } from './pick';
import { deployCommand } from './run';
import { switchContextCommand, switchNamespaceCommand } from './switch';

/**
 * Restricted Mode (package.json capabilities.untrustedWorkspaces): deploy and delete act on a
 * cluster with the user's credentials, from files the user has not trusted.
 */
function needsTrust<T>(verb: string, fn: () => T): T {
  if (!vscode.workspace.isTrusted)
    throw new UserError(
      `${verb} needs a trusted workspace: this folder is open in Restricted Mode. Trust it with "Workspaces: Manage Workspace Trust", then run the command again.`,
    );
  return fn();
}

export function registerDeploy(services: Services): void {
  const { context, log, commands, problems, kube: store } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('flink-deploy');
  const diffs = new DiffContentProvider();
  const editors = new YamlEditorTracker();
  let runs = 0;
  const deps = {
    store,
    log,
    problems,
    diagnostics,
    diffs,
    editors,
    nextRun: () => String(++runs),
    incidents: services.incidents,
    rest: { kube: () => services.clusters.kube(), forwards: services.forwards },
  };
  context.subscriptions.push(
    editors,
    diagnostics,
    diffs,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    commands.register(
      'flink.deployCluster',
      (arg?: unknown) => needsTrust('Deploying', () => deployCommand(deps, arg)),
      {
        what: 'Deploying the Flink cluster failed',
      },
    ),
    commands.register(
      'flink.deleteCluster',
      (arg?: unknown) => needsTrust('Deleting', () => deleteCommand(store, log, editors, arg)),
      {
        what: 'Deleting the Flink cluster failed',
      },
    ),
    commands.register('flink.switchContext', () => switchContextCommand(store, log), {
      what: 'Switching the Kubernetes context failed',
      retry: false,
    }),
    commands.register('flink.switchNamespace', () => switchNamespaceCommand(store, log), {
      what: 'Switching the namespace failed',
      retry: false,
    }),
  );
}
