// Registers the operator actions: trigger a savepoint/checkpoint, restore from a snapshot, rescale
// (each a previewed change to a FlinkDeployment / FlinkSessionJob, followed through the operator),
// the read-only patch documents and an internal command returning the last outcome (for tests).
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { rescale, restoreFromSnapshot, triggerSnapshot, type CommandDeps } from './commands';
import { PATCH_SCHEME, PatchDocuments } from './patch-docs';
import type { OperatorRunResult } from './run';

export function register(services: Services): void {
  const { context, log, commands, kube: store } = services;
  const docs = new PatchDocuments();
  let last: OperatorRunResult | undefined;
  const deps: CommandDeps = { store, log, docs, record: (r) => (last = r) };
  context.subscriptions.push(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(PATCH_SCHEME, docs),
    commands.register('flink.operator.triggerSnapshot', (arg?: unknown) => triggerSnapshot(deps, arg), {
      what: 'Triggering the snapshot failed',
    }),
    commands.register('flink.operator.restoreFromSnapshot', (arg?: unknown) => restoreFromSnapshot(deps, arg), {
      what: 'Restoring from the snapshot failed',
    }),
    commands.register('flink.operator.rescale', (arg?: unknown) => rescale(deps, arg), {
      what: 'Rescaling failed',
    }),
    commands.register('_flink.operator.lastResult', () => last, { internal: true, retry: false }),
  );
}
