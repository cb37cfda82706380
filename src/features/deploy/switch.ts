// "Switch Kubernetes context" / "Switch namespace": change the extension's choice, optionally
// write it to the kubeconfig (only when asked).
import * as vscode from 'vscode';
import { createKubeClient } from '../../kube/client';
import {
  checkNamespaceName,
  contextsFor,
  switchContext,
  switchNamespace,
  writeChoiceToKubeconfig,
} from '../../kube/target';
import type { TargetStore } from '../shared/kube-target';
import type { Log } from '../shared/log';
import { UserError } from '../shared/problems';
import { kubeSettings } from '../shared/settings';

async function offerWrite(store: TargetStore, log: Log, what: string): Promise<void> {
  const pick = await vscode.window.showInformationMessage(
    `Flink commands now use ${what}. Your kubeconfig file is unchanged.`,
    'Also write to kubeconfig',
  );
  if (pick !== 'Also write to kubeconfig') return;
  try {
    const t = store.target();
    const file = writeChoiceToKubeconfig({ context: t.context, namespace: store.choice.namespace }, kubeSettings());
    log.info(`Wrote current-context "${t.context}" to ${file}`);
  } catch (e) {
    throw new UserError(`could not write the kubeconfig: ${(e as Error).message}`);
  }
}

export async function switchContextCommand(store: TargetStore, log: Log): Promise<void> {
  let contexts;
  try {
    contexts = contextsFor(kubeSettings());
  } catch (e) {
    throw new UserError((e as Error).message, ['Open Settings']);
  }
  let active: string | undefined;
  try {
    active = store.target().context;
  } catch {
    /* shown in the list anyway */
  }
  const picked = await vscode.window.showQuickPick(
    contexts.map((c) => ({
      label: c.name,
      description: `${c.namespace}${c.name === active ? ' (in use)' : ''}`,
      detail: c.server,
      name: c.name,
    })),
    { title: 'Flink: Switch Kubernetes context', placeHolder: 'Context for deploy, jobs and logs' },
  );
  if (!picked) return;
  await store.setChoice(switchContext(store.choice, picked.name));
  await offerWrite(store, log, `context "${picked.name}"`);
}

export async function switchNamespaceCommand(store: TargetStore, log: Log): Promise<void> {
  let target;
  try {
    target = store.target();
  } catch (e) {
    throw new UserError((e as Error).message, ['Open Settings']);
  }
  // Offer the cluster's namespaces when we may list them; typing a name always works.
  let names: string[] = [];
  try {
    const client = createKubeClient(target.kc, { timeoutMs: 5_000 });
    const list = await client.call({ verb: 'list', kind: 'Namespace' }, (api) => api.list('v1', 'Namespace'));
    names = list.items.map((n) => n.metadata?.name ?? '').filter(Boolean);
  } catch (e) {
    log.debug(`listing namespaces: ${(e as Error).message}`);
  }
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = `Flink: Switch namespace (context "${target.context}")`;
  qp.placeholder = 'Pick or type a namespace';
  qp.items = names.map((n) => ({ label: n, description: n === target.namespace ? '(in use)' : undefined }));
  const chosen = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.label ?? qp.value.trim()));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!chosen) return;
  const problem = checkNamespaceName(chosen);
  if (problem) throw new UserError(problem);
  await store.setChoice(switchNamespace({ ...store.choice, context: target.context }, chosen));
  await offerWrite(store, log, `namespace "${chosen}"`);
}
