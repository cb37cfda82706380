// "Validate Flink Manifests": every Kubernetes YAML file of a folder, validated as one set, with
// progress and cancellation; results go to the Problems panel.
import * as vscode from 'vscode';
import { validate, type SchemaProvider, type SourceFile } from '../../core';
import type { Log } from '../shared/log';
import { validationSettings } from '../shared/settings';
import type { FixStore } from './actions';
import { withTokenSignal } from '../shared/cancel';
import { fileUri, fixKey, toDiagnostic } from './convert';
import { folderFileSet } from './editor-set';

const MAX_FILES = 5000;

async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]?.uri;
  if (folders.length > 1) {
    const pick = await vscode.window.showWorkspaceFolderPick({
      placeHolder: 'Folder whose Flink manifests to validate',
    });
    return pick?.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Validate',
  });
  return chosen?.[0];
}

/** `schemas`: the cluster's when loaded (cluster-schemas.ts); undefined = the shipped ones. */
export async function validateFolderCommand(
  arg: unknown,
  diagnostics: vscode.DiagnosticCollection,
  fixes: FixStore,
  log: Log,
  schemas?: SchemaProvider,
): Promise<void> {
  const folder = await pickFolder(arg);
  if (!folder) return;
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Validating Flink manifests', cancellable: true },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        const uris = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, '**/*.{yaml,yml}'),
          '**/{node_modules,.git}/**',
          MAX_FILES,
          token,
        );
        const read: SourceFile[] = [];
        const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d] as const));
        for (const [i, uri] of uris.entries()) {
          if (signal.aborted) return undefined;
          if (i % 25 === 0)
            progress.report({
              message: `reading ${i}/${uris.length} files`,
              increment: 50 / Math.max(1, uris.length / 25),
            });
          try {
            const text =
              open.get(uri.toString())?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
            read.push({ path: uri.fsPath, text });
          } catch (e) {
            log.warn(`Cannot read ${uri.fsPath}: ${(e as Error).message}`);
          }
        }
        if (signal.aborted) return undefined;
        const files = folderFileSet(read);
        progress.report({ message: `checking ${files.length} manifest files` });
        const settings = validationSettings();
        const findings = validate(files, {
          flinkVersion: settings.flinkVersion || undefined,
          operatorVersion: settings.operatorVersion || undefined,
          schemas,
        });
        const byFile = new Map<string, vscode.Diagnostic[]>();
        for (const f of files) {
          byFile.set(f.path, []);
          fixes.clear(vscode.Uri.file(f.path));
        }
        for (const f of findings) {
          const d = toDiagnostic(f);
          byFile.get(f.file)?.push(d);
          if (f.fixes?.length) fixes.set(fixKey(fileUri(f.file), d.range, f.code), f.fixes);
        }
        for (const [path, diags] of byFile) diagnostics.set(vscode.Uri.file(path), diags);
        const count = (s: string) => findings.filter((f) => f.severity === s).length;
        return { files: files.length, errors: count('error'), warnings: count('warning') };
      }),
  );
  if (!summary) return;
  log.info(
    `Validated ${summary.files} manifest files in ${folder.fsPath}: ${summary.errors} errors, ${summary.warnings} warnings`,
  );
  if (!summary.files) {
    void vscode.window.showInformationMessage(
      `No Kubernetes manifests (YAML with apiVersion and kind) found in ${vscode.workspace.asRelativePath(folder)}.`,
    );
    return;
  }
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const text = `Flink manifests: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'}.`;
  if (summary.errors) void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
}
