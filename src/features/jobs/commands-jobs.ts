// Job actions: cancel, savepoint, stop with savepoint, copy id, open in the Web UI.
// Destructive ones ask first; long ones show cancellable progress; results offer "Copy path".
import * as vscode from 'vscode';
import { withTokenSignal } from '../shared/cancel';
import { jobWebUiUrl } from './args';
import { clientFor, pickCluster, pickJob, showError, type JobsCtx, type JobNode } from './ctx';
import { jobsSettings as readJobsSettings } from '../shared/settings';
import type { JobsNode } from './nodes';
import { TERMINAL_STATES } from './nodes';

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

async function askTargetDir(title: string): Promise<string | undefined> {
  const dir = await vscode.window.showInputBox({
    title,
    prompt:
      "Savepoint target directory (e.g. s3://bucket/savepoints or file:///tmp/savepoints). Leave empty to use the cluster's configured default.",
    value: readJobsSettings().savepointDirectory,
    ignoreFocusOut: true,
  });
  return dir === undefined ? undefined : dir.trim();
}

async function reportSavepoint(ctx: JobsCtx, what: string, location: string): Promise<void> {
  ctx.log.info(`${what}: ${location}`);
  const a = await vscode.window.showInformationMessage(`${what}: ${location}`, 'Copy Path');
  if (a === 'Copy Path') await vscode.env.clipboard.writeText(location);
}

function label(j: JobNode, ctx: JobsCtx): string {
  return `"${j.job.name}" (${j.job.jid.slice(0, 8)}…) on ${ctx.model.cluster(j.clusterId)?.name ?? 'the cluster'}`;
}

export async function cancelJob(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const j = await pickJob(ctx, node);
  if (!j) return;
  if (
    !(await confirm(
      `Cancel job ${label(j, ctx)}?`,
      'The job stops without a savepoint; its state since the last checkpoint is lost. Use "Stop with Savepoint" to keep it.',
      'Cancel Job',
    ))
  )
    return;
  try {
    const client = await clientFor(ctx, j.clusterId);
    await client.cancel(j.job.jid);
    ctx.log.info(`Cancel requested for job ${j.job.jid}`);
    void vscode.window.setStatusBarMessage(`Flink: cancelling ${j.job.name}`, 5000);
  } catch (e) {
    showError(ctx, `Cancelling ${j.job.name} failed`, e, () => cancelJob(ctx, j));
  }
  ctx.model.retry(j.clusterId);
}

export async function triggerSavepoint(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const j = await pickJob(ctx, node);
  if (!j) return;
  const dir = await askTargetDir(`Savepoint of ${j.job.name}`);
  if (dir === undefined) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Savepoint of ${j.job.name}`, cancellable: true },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        try {
          const client = await clientFor(ctx, j.clusterId, signal);
          progress.report({ message: 'triggering…' });
          const trigger = await client.triggerSavepoint(j.job.jid, { targetDirectory: dir || undefined, signal });
          progress.report({ message: `in progress (trigger ${trigger.slice(0, 8)}…)` });
          const location = await client.waitForSavepoint(j.job.jid, trigger, { signal });
          void reportSavepoint(ctx, `Savepoint of ${j.job.name} completed`, location);
        } catch (e) {
          if (!signal.aborted) showError(ctx, `Savepoint of ${j.job.name} failed`, e, () => triggerSavepoint(ctx, j));
        }
      }),
  );
  ctx.model.retry(`${j.id}/checkpoints`);
}

export async function stopWithSavepoint(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const j = await pickJob(ctx, node);
  if (!j) return;
  const mode = await vscode.window.showQuickPick(
    [
      { label: 'Stop', description: 'suspend: the job can resume from the savepoint', drain: false },
      {
        label: 'Stop and drain',
        description: 'emit MAX_WATERMARK first: fires all timers and windows (end of stream)',
        drain: true,
      },
    ],
    { title: `Stop ${j.job.name} with a savepoint` },
  );
  if (!mode) return;
  const dir = await askTargetDir(`Stop ${j.job.name} with a savepoint`);
  if (dir === undefined) return;
  if (
    !(await confirm(
      `Stop job ${label(j, ctx)}${mode.drain ? ' and drain it' : ''}?`,
      `A savepoint is taken${dir ? ` to ${dir}` : ''}, then the job ends.`,
      'Stop Job',
    ))
  )
    return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Stopping ${j.job.name}`, cancellable: true },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        try {
          const client = await clientFor(ctx, j.clusterId, signal);
          const trigger = await client.stopWithSavepoint(j.job.jid, {
            drain: mode.drain,
            targetDirectory: dir || undefined,
            signal,
          });
          progress.report({ message: 'taking the final savepoint…' });
          const location = await client.waitForSavepoint(j.job.jid, trigger, { signal });
          void reportSavepoint(ctx, `${j.job.name} stopped with savepoint`, location);
        } catch (e) {
          if (!signal.aborted) showError(ctx, `Stopping ${j.job.name} failed`, e, () => stopWithSavepoint(ctx, j));
        }
      }),
  );
  ctx.model.retry(j.clusterId);
}

export async function copyJobId(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const j = await pickJob(ctx, node, false);
  if (!j) return;
  await vscode.env.clipboard.writeText(j.job.jid);
  void vscode.window.setStatusBarMessage(`Copied job id ${j.job.jid}`, 3000);
}

export async function copySavepointPath(_ctx: JobsCtx, node?: JobsNode): Promise<void> {
  if (node?.kind !== 'checkpoint' || !node.checkpoint.external_path) return;
  await vscode.env.clipboard.writeText(node.checkpoint.external_path);
  void vscode.window.setStatusBarMessage(`Copied ${node.checkpoint.external_path}`, 3000);
}

export async function openWebUi(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const cluster = await pickCluster(ctx, node);
  if (!cluster) return;
  try {
    // For Kubernetes clusters this is the local end of the managed port-forward.
    const base = await ctx.connections.webUrl(cluster, new AbortController().signal);
    const url =
      node?.kind === 'job' ? jobWebUiUrl(base, node.job.jid, TERMINAL_STATES.has(node.job.state)) : `${base}/`;
    // asExternalUri maps 127.0.0.1 to a reachable address in remote setups (code-server, SSH).
    await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(url)));
  } catch (e) {
    showError(ctx, `Opening the Flink Web UI of ${cluster.name} failed`, e);
  }
}
