// The validate feature: live diagnostics ('flink' collection), quick fixes, and the
// "Validate Flink Manifests" command for a folder.
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { FixStore, FlinkCodeActions } from './actions';
import { validateFolderCommand } from './folder-command';
import { LiveValidation } from './live';

export function registerValidate(services: Services): void {
  const { context, log, commands, schemas } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('flink');
  const fixes = new FixStore();
  // The cluster's schemas are fetched in the background; once they arrive the open documents are
  // validated again.
  const live = new LiveValidation(diagnostics, fixes, log, () => schemas.provider());
  context.subscriptions.push(
    diagnostics,
    live,
    schemas.onDidLoad(() => live.revalidateAll()),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }],
      new FlinkCodeActions(fixes),
      { providedCodeActionKinds: FlinkCodeActions.kinds },
    ),
    commands.register(
      'flink.validateManifests',
      (arg?: unknown) => validateFolderCommand(arg, diagnostics, fixes, log, schemas.provider()),
      { what: 'Validating the Flink manifests failed' },
    ),
    // Not contributed: positive signals for the tests inside VS Code.
    commands.register('_flink.validation.lastRun', (uri: string) => live.lastRun(vscode.Uri.parse(uri)), {
      internal: true,
      retry: false,
    }),
    commands.register('_flink.validation.reloadSchemas', () => schemas.reload(), { internal: true, retry: false }),
  );
}
