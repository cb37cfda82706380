// "Delete Flink cluster": the objects of the chosen manifests plus anything else carrying their
// deploy label, after a modal confirmation that names context, namespace and objects.
import * as vscode from 'vscode';
import { createKubeClient } from '../../kube/client';
import { deleteTargets, describeDelete, findDeployed, targetsFromObjects, type DeleteTarget } from '../../kube/delete';
import { toKubeError } from '../../kube/errors';
import { objectRef, readDeployObjects } from '../../kube/manifests';
import type { Log } from '../log';
import { pickManifests } from './pick';
import { showKubeError } from './run';
import type { TargetStore } from '../kube-target';

export async function deleteCommand(store: TargetStore, log: Log, arg?: unknown): Promise<void> {
  const m = await pickManifests(arg);
  if (!m) return;
  let target;
  try {
    target = store.target();
  } catch (e) {
    void showKubeError(toKubeError(e, 'read the kubeconfig'));
    return;
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
    void showKubeError(toKubeError(e, 'find the deployed objects'));
    return;
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
    async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const c = createKubeClient(target.kc, { signal: ac.signal });
      return deleteTargets(c, targets, {
        signal: ac.signal,
        onProgress: (message) => progress.report({ message }),
      }).catch((e) => {
        void showKubeError(toKubeError(e, 'delete'));
        return undefined;
      });
    },
  );
  if (!results) return;
  const msg = describeDelete(results, `context "${target.context}"`);
  log.info(msg);
  if (results.some((r) => r.outcome === 'failed')) void vscode.window.showErrorMessage(msg);
  else void vscode.window.showInformationMessage(msg);
}
