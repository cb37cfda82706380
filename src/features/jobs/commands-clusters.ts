// Cluster actions: add/remove a REST endpoint (credentials in SecretStorage), submit a jar to a
// session cluster, and the operator's way for FlinkDeployments (patch preview, then apply).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { withTokenSignal } from '../shared/cancel';
import { validateRestUrl } from '../shared/cluster-picker';
import { UserError } from '../shared/problems';
import { FlinkClient } from '../../flink/client';
import type { FlinkAuth } from '../../flink/http';
import { splitArgs } from './args';
import { normalizeUrl, settingsClusterId } from '../shared/connections';
import { clientFor, pickCluster, showError, type JobsCtx } from './ctx';
import { clusterIsSession, type JobsNode } from './nodes';
import { actionAllowed, applyOperatorPatch, describePatch, operatorPatch, type OperatorAction } from './operator';
import { jobsSettings as readJobsSettings, writeClusters } from '../shared/settings';

async function askAuth(url: string): Promise<FlinkAuth | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'No authentication', type: 'none' as const },
      { label: 'Bearer token', type: 'bearer' as const },
      { label: 'Basic (user name and password)', type: 'basic' as const },
    ],
    {
      title: `Authentication for ${url}`,
      placeHolder: "Credentials are kept in VS Code's secret storage, never in settings",
    },
  );
  if (!kind) return undefined;
  if (kind.type === 'none') return { type: 'none' };
  if (kind.type === 'bearer') {
    const token = await vscode.window.showInputBox({
      title: `Bearer token for ${url}`,
      password: true,
      ignoreFocusOut: true,
    });
    return token ? { type: 'bearer', token } : undefined;
  }
  const username = await vscode.window.showInputBox({ title: `User name for ${url}`, ignoreFocusOut: true });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({
    title: `Password for ${username} at ${url}`,
    password: true,
    ignoreFocusOut: true,
  });
  return password === undefined ? undefined : { type: 'basic', username, password };
}

export async function addCluster(ctx: JobsCtx): Promise<void> {
  const raw = await vscode.window.showInputBox({
    title: 'Add Flink cluster by URL',
    prompt: 'The JobManager REST endpoint (the Flink Web UI address)',
    placeHolder: 'http://localhost:8081',
    ignoreFocusOut: true,
    validateInput: (v) => validateRestUrl(v.trim()),
  });
  if (!raw) return;
  const url = normalizeUrl(raw);
  const auth = await askAuth(url);
  if (!auth) return;
  const name = await vscode.window.showInputBox({
    title: 'Display name',
    value: url.replace(/^https?:\/\//, ''),
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  // Check it before saving: a wrong URL is easier to fix now than from an error node.
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Connecting to ${url}`, cancellable: true },
    (_p, token) =>
      withTokenSignal(token, async (signal) => {
        try {
          const config = await new FlinkClient({ baseUrl: url, auth, timeoutMs: 10_000 }).config({ signal });
          return { version: config['flink-version'] };
        } catch (e) {
          return { error: e as Error };
        }
      }),
  );
  if (check.error) {
    const a = await vscode.window.showWarningMessage(
      `${url} did not answer as a Flink REST endpoint: ${check.error.message}`,
      { modal: true },
      'Add Anyway',
    );
    if (a !== 'Add Anyway') return;
  }
  const clusters = readJobsSettings().clusters.filter((c) => normalizeUrl(c.url) !== url);
  await ctx.connections.setAuth(url, auth);
  await writeClusters([...clusters, { name: name || undefined, url }]);
  ctx.log.info(`Added Flink cluster ${url}${check.version ? ` (Flink ${check.version})` : ''}`);
  ctx.model.refresh();
}

export async function removeCluster(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const c = await pickCluster(ctx, node, (x) => x.source === 'settings');
  if (!c?.url) return;
  const ok = await vscode.window.showWarningMessage(
    `Remove ${c.name} (${c.url}) from the Jobs view?`,
    { modal: true, detail: 'Its stored credentials are deleted too. The cluster itself is not touched.' },
    'Remove',
  );
  if (ok !== 'Remove') return;
  await writeClusters(readJobsSettings().clusters.filter((x) => normalizeUrl(x.url) !== c.url));
  await ctx.connections.setAuth(c.url, { type: 'none' });
  ctx.model.refresh();
}

export async function setCredentials(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const c = await pickCluster(ctx, node, (x) => x.source === 'settings');
  if (!c?.url) return;
  const auth = await askAuth(c.url);
  if (!auth) return;
  await ctx.connections.setAuth(c.url, auth);
  ctx.model.retry(settingsClusterId(c.url));
}

export async function submitJar(ctx: JobsCtx, node?: JobsNode): Promise<void> {
  const cluster = await pickCluster(ctx, node, clusterIsSession);
  if (!cluster) return;
  if (!clusterIsSession(cluster)) {
    void vscode.window.showWarningMessage(
      `${cluster.name} is an application cluster: submit jobs to a session cluster, or change the FlinkDeployment's spec.job.`,
    );
    return;
  }
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Java archive': ['jar'] },
    title: `Submit a job jar to ${cluster.name}`,
  });
  const file = files?.[0];
  if (!file) return;
  const entryClass = await vscode.window.showInputBox({
    title: 'Entry class',
    prompt: "Leave empty to use the jar manifest's Main-Class",
    ignoreFocusOut: true,
  });
  if (entryClass === undefined) return;
  const argLine = await vscode.window.showInputBox({
    title: 'Program arguments',
    prompt: 'As on a shell command line; quotes group words',
    ignoreFocusOut: true,
  });
  if (argLine === undefined) return;
  let programArgs: string[];
  try {
    programArgs = splitArgs(argLine);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const par = await vscode.window.showInputBox({
    title: 'Parallelism',
    prompt: 'Leave empty for the cluster default',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A positive whole number'),
  });
  if (par === undefined) return;
  const savepointPath = await vscode.window.showInputBox({
    title: 'Restore from savepoint',
    prompt: 'Savepoint path to start from; leave empty for a fresh start',
    ignoreFocusOut: true,
  });
  if (savepointPath === undefined) return;
  let allowNonRestoredState = false;
  if (savepointPath.trim()) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Require all state to be restored', v: false },
        { label: 'Allow non-restored state', description: 'skip state of operators that no longer exist', v: true },
      ],
      { title: 'Savepoint restore mode' },
    );
    if (!pick) return;
    allowNonRestoredState = pick.v;
  }
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Submitting ${basename(file.fsPath)} to ${cluster.name}`,
      cancellable: true,
    },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        try {
          const client = await clientFor(ctx, cluster.id, signal);
          progress.report({ message: 'uploading…' });
          const jarId = await client.uploadJar(basename(file.fsPath), await readFile(file.fsPath), { signal });
          progress.report({ message: 'starting…' });
          const jobId = await client.runJar(
            jarId,
            {
              entryClass: entryClass.trim() || undefined,
              programArgs,
              parallelism: par.trim() ? Number(par) : undefined,
              savepointPath: savepointPath.trim() || undefined,
              allowNonRestoredState: savepointPath.trim() ? allowNonRestoredState : undefined,
            },
            { signal },
          );
          ctx.log.info(`Submitted ${basename(file.fsPath)} to ${cluster.name}: job ${jobId}`);
          const a = await vscode.window.showInformationMessage(
            `Job ${jobId} started on ${cluster.name}.`,
            'Copy Job ID',
          );
          if (a === 'Copy Job ID') await vscode.env.clipboard.writeText(jobId);
        } catch (e) {
          if (!signal.aborted) showError(ctx, `Submitting ${basename(file.fsPath)} failed`, e);
        }
      }),
  );
  ctx.model.retry(cluster.id);
}

export async function operatorAction(ctx: JobsCtx, action: OperatorAction, node?: JobsNode): Promise<void> {
  const cluster = await pickCluster(ctx, node, (c) => c.discovered?.kind === 'operator' && !!c.discovered.job);
  const d = cluster?.discovered;
  if (!cluster || !d) return;
  const refusal = actionAllowed(d, action);
  if (refusal) {
    void vscode.window.showInformationMessage(refusal);
    return;
  }
  const kube = ctx.kube();
  if (!kube) throw new UserError('no Kubernetes context is available.', ['Switch Context', 'Open Settings']);
  const patch = operatorPatch(d, action);
  const verb = { savepoint: 'Trigger a savepoint of', suspend: 'Suspend', resume: 'Resume' }[action];
  const ok = await vscode.window.showWarningMessage(
    `${verb} FlinkDeployment ${d.name}?`,
    {
      modal: true,
      detail: `This patch is applied in context "${d.context}", namespace "${d.namespace}"; the operator does the rest:\n\n${describePatch(patch)}${action === 'suspend' ? `\n\nUpgrade mode "${d.job?.upgradeMode ?? 'stateless'}" decides whether state is kept.` : ''}`,
    },
    'Apply',
  );
  if (ok !== 'Apply') return;
  try {
    await applyOperatorPatch(kube, patch);
    ctx.log.info(`Patched FlinkDeployment ${d.namespace}/${d.name}: ${JSON.stringify(patch.spec)}`);
    void vscode.window.setStatusBarMessage(`Flink: ${d.name} patched (${action})`, 5000);
  } catch (e) {
    showError(ctx, `Patching FlinkDeployment ${d.name} failed`, e, () => operatorAction(ctx, action, node));
  }
  ctx.model.refresh();
}
