// The validate feature: live diagnostics ('flink' collection), quick fixes, and the
// "Validate Flink Manifests" command for a folder.
import * as vscode from 'vscode';
import type { Services } from '../log';
import { FixStore, FlinkCodeActions } from './actions';
import { validateFolderCommand } from './folder-command';
import { LiveValidation } from './live';

export function registerValidate(services: Services): void {
  const { context, log } = services;
  const diagnostics = vscode.languages.createDiagnosticCollection('flink');
  const fixes = new FixStore();
  context.subscriptions.push(
    diagnostics,
    new LiveValidation(diagnostics, fixes, log),
    vscode.languages.registerCodeActionsProvider([{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }], new FlinkCodeActions(fixes), { providedCodeActionKinds: FlinkCodeActions.kinds }),
    vscode.commands.registerCommand('flink.validateManifests', (arg?: unknown) =>
      validateFolderCommand(arg, diagnostics, fixes, log).catch((e) => {
        log.error(`Validate Flink Manifests failed: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`Validating the manifests failed: ${(e as Error).message}. See the Flink output channel for details.`);
      })),
  );
}
