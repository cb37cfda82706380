// The validate feature: live diagnostics ('flink' collection), quick fixes, and the
// "Validate Flink Manifests" command for a folder.
import * as vscode from 'vscode';
import type { Services } from '../log';
import { FixStore, FlinkCodeActions } from './actions';
import { ClusterSchemas } from './cluster-schemas';
import { validateFolderCommand } from './folder-command';
import { LiveValidation } from './live';

export function registerValidate(services: Services): void {
  const { context, log } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('flink');
  const fixes = new FixStore();
  // Fetched in the background (never synchronously in the constructor's callback); once they
  // arrive the open documents are validated again.
  const clusterSchemas = new ClusterSchemas(log, () => live.revalidateAll());
  const live = new LiveValidation(diagnostics, fixes, log, () => clusterSchemas.provider());
  context.subscriptions.push(
    diagnostics,
    clusterSchemas,
    live,
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }],
      new FlinkCodeActions(fixes),
      { providedCodeActionKinds: FlinkCodeActions.kinds },
    ),
    vscode.commands.registerCommand('flink.validateManifests', (arg?: unknown) =>
      validateFolderCommand(arg, diagnostics, fixes, log, clusterSchemas.provider()).catch((e) => {
        log.error(`Validate Flink Manifests failed: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(
          `Validating the manifests failed: ${(e as Error).message}. See the Flink output channel for details.`,
        );
      }),
    ),
  );
}
