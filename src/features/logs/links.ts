// What a click on a link in a log line does: a stack frame opens the workspace file at its line
// (found with workspace.findFiles: the package path first, then the file name), a job, TaskManager
// or checkpoint id is revealed in the job explorer through the jobs feature's internal command.
import * as vscode from 'vscode';
import { frameGlobs, type LineLink } from './line-links';

/** The jobs feature's internal command (src/features/jobs/reveal.ts). */
export const REVEAL_JOB_COMMAND = '_flink.revealJob';
const EXCLUDE = '**/{node_modules,.git,target,build,out,dist}/**';

export async function openLink(
  link: LineLink,
  reopen: Record<string, unknown> | undefined,
  log: vscode.LogOutputChannel,
): Promise<void> {
  if (link.kind === 'frame') return openFrame(link);
  const clusterId = typeof reopen?.clusterId === 'string' ? reopen.clusterId : undefined;
  const target = {
    ...(clusterId ? { clusterId } : {}),
    ...(link.kind === 'job' ? { jobId: link.jobId } : {}),
    ...(link.kind === 'taskManager' ? { taskManagerId: link.taskManagerId } : {}),
    ...(link.kind === 'checkpoint'
      ? { checkpointId: link.checkpointId, ...(link.jobId ? { jobId: link.jobId } : {}) }
      : {}),
  };
  const shown = await vscode.commands.executeCommand<{ revealed: string; exact: boolean } | undefined>(
    REVEAL_JOB_COMMAND,
    target,
  );
  const what =
    link.kind === 'job'
      ? `Job ${link.jobId}`
      : link.kind === 'taskManager'
        ? `TaskManager ${link.taskManagerId}`
        : `Checkpoint ${link.checkpointId}`;
  if (!shown) {
    log.info(`Log viewer: ${what} is not in the Flink view.`);
    void vscode.window.showInformationMessage(
      `${what} is not in the Flink view (it may have finished long ago, or belong to another cluster). Refresh the view or add the cluster.`,
    );
  } else if (!shown.exact) {
    void vscode.window.setStatusBarMessage(`${what} is not listed; showing the closest node in the Flink view`, 4_000);
  }
}

async function openFrame(link: Extract<LineLink, { kind: 'frame' }>): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(`Open the folder that holds ${link.file} to jump to its sources.`);
    return;
  }
  const [byPackage, byName] = frameGlobs(link);
  let found = byPackage ? await vscode.workspace.findFiles(byPackage, EXCLUDE, 20) : [];
  // Without the package folders (another layout), the file name alone, when it is unambiguous enough to pick.
  if (!found.length && byName) found = await vscode.workspace.findFiles(byName, EXCLUDE, 20);
  if (!found.length) {
    void vscode.window.showInformationMessage(`No ${link.file} for ${link.className} in this workspace.`);
    return;
  }
  let uri: vscode.Uri | undefined = found[0];
  if (found.length > 1) {
    const pick = await vscode.window.showQuickPick(
      found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
      { title: `${link.file}:${link.line}: which file?` },
    );
    uri = pick?.uri;
  }
  if (!uri) return;
  const pos = new vscode.Position(Math.max(0, link.line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: true });
}
