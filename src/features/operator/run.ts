// One operator change from preview to done: a modal naming context, namespace and resource (with
// "Show patch" opening the exact body in a read-only document), then apply, then follow what the
// operator reports under a cancellable progress notification.
import * as vscode from 'vscode';
import type { KubeClient } from '../../kube/client';
import { describeChange, OperatorActionError, type OperatorChange } from '../../kube/operator-actions';
import { applyChange, followChange, OperatorChangeError, type FollowResult } from '../../kube/operator-actions-apply';
import { OperatorWatchError } from '../../kube/operator-watch';
import { withTokenSignal } from '../shared/cancel';
import type { Log } from '../shared/log';
import { UserError } from '../shared/problems';
import type { PatchDocuments } from './patch-docs';

export interface RunDeps {
  log: Log;
  docs: PatchDocuments;
  /** Remembers the last outcome (the internal `_flink.operator.lastResult` command returns it). */
  record: (r: OperatorRunResult) => void;
}

export interface OperatorRunResult {
  action: OperatorChange['action'];
  resource: string;
  context: string;
  outcome: 'done' | 'cancelled' | 'declined' | 'failed';
  message: string;
  path?: string;
  jobId?: string;
}

/** Our own errors are written for the user: show them as such (not as a bug). */
export function asUserError(e: unknown): unknown {
  if (e instanceof OperatorActionError || e instanceof OperatorChangeError || e instanceof OperatorWatchError)
    return new UserError(e.message, ['Show Logs']);
  return e;
}

async function preview(deps: RunDeps, c: OperatorChange, context: string): Promise<boolean> {
  const r = c.resource;
  const what =
    c.method === 'create'
      ? `Creates ${String(c.body.kind)} ${r.namespace}/${String((c.body.metadata as { name?: string }).name)}.`
      : `Merge patch of ${r.kind} ${r.namespace}/${r.name}: ${JSON.stringify(c.body)}`;
  for (;;) {
    const a = await vscode.window.showWarningMessage(
      `${c.title}?`,
      { modal: true, detail: `Context: ${context}\nNamespace: ${r.namespace}\n${what}` },
      'Apply',
      'Show patch',
    );
    if (a !== 'Show patch') return a === 'Apply';
    const uri = deps.docs.put(c, describeChange(c, context));
    await vscode.window.showTextDocument(uri, { preview: true, preserveFocus: false });
  }
}

export async function runChange(
  deps: RunDeps,
  client: KubeClient,
  c: OperatorChange,
  opts: { previousJobId?: string } = {},
): Promise<OperatorRunResult | undefined> {
  const base = {
    action: c.action,
    resource: `${c.resource.kind} ${c.resource.namespace}/${c.resource.name}`,
    context: client.context,
  };
  if (!(await preview(deps, c, client.context))) {
    deps.record({ ...base, outcome: 'declined', message: 'not applied' });
    return undefined;
  }
  const applied = await applyChange(client, c).catch((e: unknown) => {
    deps.record({ ...base, outcome: 'failed', message: (e as Error).message });
    throw e;
  });
  deps.log.info(`operator: ${c.title} (context ${client.context}): applied; following it`);
  let res: FollowResult | undefined;
  try {
    res = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: c.title, cancellable: true },
      (progress, token) =>
        withTokenSignal(token, (signal) =>
          followChange(client, c, applied, {
            signal,
            previousJobId: opts.previousJobId,
            onUpdate: (line) => {
              progress.report({ message: line });
              deps.log.debug(`operator: ${base.resource}: ${line}`);
            },
          }),
        ),
    );
  } catch (e) {
    const cancelled = (e as { reason?: string }).reason === 'Cancelled';
    const message = cancelled
      ? `Stopped following; the change was applied and the operator carries on with it.`
      : (e as Error).message;
    deps.record({ ...base, outcome: cancelled ? 'cancelled' : 'failed', message });
    if (cancelled) {
      void vscode.window.showInformationMessage(`${c.title}: ${message}`);
      return undefined;
    }
    throw asUserError(e);
  }
  deps.log.info(`operator: ${res.message}${res.path ? ` Path: ${res.path}` : ''}`);
  const result: OperatorRunResult = {
    ...base,
    outcome: 'done',
    message: res.message,
    path: res.path,
    jobId: res.status?.jobId,
  };
  deps.record(result);
  void vscode.window.showInformationMessage(
    res.path && c.action === 'snapshot' ? `${res.message} Path: ${res.path}` : res.message,
  );
  return result;
}
