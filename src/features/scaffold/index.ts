// "New Flink Cluster Manifests...": asks the questions (flow.ts), generates the files (core/scaffold),
// picks the target folder, writes without silent overwrites, and opens the main manifest.
import * as vscode from 'vscode';
import { isFlinkVersion, mainFileName, scaffold } from '../../core/scaffold';
import type { Services } from '../shared/services';
import { scaffoldSettings } from '../shared/settings';
import { runScaffoldFlow, type FlowSettings } from './flow';
import { VsCodePrompter } from './quickInput';
import { writeFiles } from './write';

export function registerScaffold(services: Services): void {
  services.commands.register(
    'flink.newClusterManifests',
    (folder?: vscode.Uri) => newClusterManifests(services, folder),
    { what: 'Creating the Flink manifests failed' },
  );
}

function flowSettings(): FlowSettings {
  const s = scaffoldSettings();
  return {
    defaultFlinkVersion: isFlinkVersion(s.defaultFlinkVersion) ? s.defaultFlinkVersion : '1.20',
    flinkImageRegistry: s.flinkImageRegistry,
    jobImageRegistry: s.jobImageRegistry,
  };
}

/** The target folder: the folder the command was invoked on, else a workspace folder (first one preselected), else a dialog. */
async function pickFolder(invokedOn?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (invokedOn) {
    try {
      const stat = await vscode.workspace.fs.stat(invokedOn);
      return stat.type & vscode.FileType.Directory ? invokedOn : vscode.Uri.joinPath(invokedOn, '..');
    } catch {
      // Not a usable folder: ask.
    }
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const browse = async () =>
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Write Manifests Here',
        defaultUri: folders[0]?.uri,
      })
    )?.[0];
  if (!folders.length) return browse();
  const other = { label: '$(folder-opened) Choose another folder...', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...folders.map((f) => ({
      label: `$(root-folder) ${f.name}`,
      description: f.uri.fsPath,
      uri: f.uri as vscode.Uri | undefined,
    })),
    other,
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: 'New Flink Cluster Manifests',
    placeHolder: 'Folder to write the files into',
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  return choice.uri ?? browse();
}

async function newClusterManifests(services: Services, invokedOn?: vscode.Uri): Promise<void> {
  const { log } = services;
  const options = await runScaffoldFlow(new VsCodePrompter(), flowSettings());
  if (!options) return;
  const files = scaffold(options);
  const folder = await pickFolder(invokedOn instanceof vscode.Uri ? invokedOn : undefined);
  if (!folder) return;
  const result = await writeFiles(folder, files);
  if (!result) return;
  log.info(
    `Scaffold ${options.kind} "${options.name}" (Flink ${options.flinkVersion}): wrote ${result.written.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}${result.skipped.length ? `; kept ${result.skipped.length} existing` : ''}`,
  );
  const main = vscode.Uri.joinPath(folder, mainFileName(options));
  await vscode.window.showTextDocument(main, { preview: false });
  if (result.written.some((u) => u.path.endsWith('/Dockerfile'))) {
    void vscode.window.showInformationMessage(
      `Build and push the job image with the generated Dockerfile before deploying: the pods use ${options.jobImage}.`,
    );
  }
}
