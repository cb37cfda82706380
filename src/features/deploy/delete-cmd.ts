// "Delete Flink cluster": the objects a deploy of the chosen manifests created (kube/delete.ts
// planDelete), after a modal confirmation that names context, namespace, objects and what is kept;
// Namespaces only after a second, explicit confirmation.
import * as vscode from 'vscode';
import { createKubeClient } from '../../kube/client';
import { deleteTargets, describeDelete, planDelete, type DeletePlan, type DeleteTarget } from '../../kube/delete';
import { toKubeError } from '../../kube/errors';
import { objectRef, readDeployObjects } from '../../kube/manifests';
import { withTokenSignal } from '../shared/cancel';
import type { TargetStore } from '../shared/kube-target';
import type { Log } from '../shared/log';
import { pickManifests, type YamlEditorTracker } from './pick';

export async function deleteCommand(
  store: TargetStore,
  log: Log,
  editors: YamlEditorTracker,
  arg?: unknown,
): Promise<void> {
  const m = await pickManifests(editors, arg);
  if (!m) return;
  let target;
  try {
    target = store.target();
  } catch (e) {
    throw toKubeError(e, 'read the kubeconfig');
  }
  const { objects } = readDeployObjects(m.files);
  const client = createKubeClient(target.kc);
  let plan: DeletePlan;
  try {
    plan = await planDelete(client, objects);
  } catch (e) {
    throw toKubeError(e, 'find the deployed objects');
  }
  const kept = plan.keep.map((k) => `${objectRef(k.target)}: ${k.reason}`);
  if (!plan.remove.length && !plan.namespaces.length) {
    void vscode.window.showInformationMessage(
      `Nothing that a deploy of ${m.label} created is in context "${target.context}".${kept.length ? ` Kept: ${kept.join('; ')}.` : ''}`,
    );
    return;
  }
  let targets: DeleteTarget[] = [];
  if (plan.remove.length) {
    const a = await vscode.window.showWarningMessage(
      `Delete ${plan.remove.length} objects created by deploying ${m.label} from context "${target.context}", namespace "${target.namespace}"?`,
      {
        modal: true,
        detail: [
          `Server: ${target.server}`,
          ...plan.remove.map(objectRef),
          ...(kept.length ? ['', 'Kept (not created by this deploy):', ...kept] : []),
        ].join('\n'),
      },
      'Delete',
    );
    if (a !== 'Delete') return;
    targets = [...plan.remove];
  }
  // A Namespace takes everything in it along, ours or not: a second, explicit question.
  if (plan.namespaces.length) {
    const names = plan.namespaces.map((n) => `"${n.name}"`).join(', ');
    const b = await vscode.window.showWarningMessage(
      `Also delete namespace ${names}, created by deploying ${m.label}?`,
      {
        modal: true,
        detail: 'Deleting a namespace deletes everything in it, including objects this deploy did not create.',
      },
      'Delete Namespace',
    );
    if (b === 'Delete Namespace') targets.push(...plan.namespaces);
  }
  if (!targets.length) return;
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deleting ${m.label}`, cancellable: true },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        const c = createKubeClient(target.kc, { signal });
        try {
          return await deleteTargets(c, targets, { signal, onProgress: (message) => progress.report({ message }) });
        } catch (e) {
          throw toKubeError(e, 'delete');
        }
      }),
  );
  const msg = describeDelete(results, `context "${target.context}"`);
  log.info(msg);
  if (results.some((r) => r.outcome === 'failed')) void vscode.window.showErrorMessage(msg);
  else void vscode.window.showInformationMessage(msg);
}
