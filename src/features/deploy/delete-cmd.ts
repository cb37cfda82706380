// "Delete Flink cluster": the objects of the chosen manifests plus anything else carrying their
// deploy label, after a modal confirmation that names context, namespace and objects.
import * as vscode from 'vscode';
import { createKubeClient } from '../../kube/client';
import { deleteTargets, describeDelete, findDeployed, targetsFromObjects, type DeleteTarget } from '../../kube/delete';
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
  let targets: DeleteTarget[];
  try {
    const fromManifests = await targetsFromObjects(client, objects);
    const namespaces = new Set([
      target.namespace,
      ...fromManifests.map((t) => t.namespace).filter((n): n is string => !!n),
    ]);
    const labelled = (await Promise.all([...namespaces].map((ns) => findDeployed(client, m.deployId, ns)))).flat();
    const key = (t: DeleteTarget) => `${t.kind}/${t.namespace ?? ''}/${t.name}`;
    const seen = new Set(fromManifests.map(key));
    targets = [...fromManifests, ...labelled.filter((t) => !seen.has(key(t)))];
  } catch (e) {
    throw toKubeError(e, 'find the deployed objects');
  }
  if (!targets.length) {
    void vscode.window.showInformationMessage(`Nothing to delete for ${m.label}.`);
    return;
  }
  const a = await vscode.window.showWarningMessage(
    `Delete ${targets.length} objects of ${m.label} from context "${target.context}", namespace "${target.namespace}"?`,
    { modal: true, detail: `Server: ${target.server}\n${targets.map(objectRef).join('\n')}` },
    'Delete',
  );
  if (a !== 'Delete') return;
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
