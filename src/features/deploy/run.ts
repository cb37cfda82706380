// "Deploy Flink cluster": pick, validate, then the kube pipeline (dry-run, diff, confirm, apply)
// with errors as diagnostics on the objects' lines, then the watched rollout.
import * as vscode from 'vscode';
import { validate } from '../../core/validate';
import { createKubeClient, type KubeClient } from '../../kube/client';
import { deploy, type DeployOutcome } from '../../kube/deploy';
import { toKubeError } from '../../kube/errors';
import { formatEvents } from '../../kube/events';
import { errorLocations, readDeployObjects, type DeployObject } from '../../kube/manifests';
import { watchRollout, type RolloutResult } from '../../kube/rollout';
import { withTokenSignal } from '../shared/cancel';
import type { TargetStore } from '../shared/kube-target';
import type { Log } from '../shared/log';
import { UserError, type Problems } from '../shared/problems';
import { deploySettings } from '../shared/settings';
import type { DiffContentProvider } from './diff-provider';
import { followOperatorObjects, isOperatorObject, showOperatorOutcome } from './operator-follow';
import { pickManifests, type PickedManifests, type YamlEditorTracker } from './pick';
import { modalQuestions } from './questions';
import { reportRolloutPods } from './watch-incidents';
import { reportRestJobs, type IncidentObserver, type RestJobsDeps } from './watch-jobs';
import type { ClusterRef } from '../shared/cluster-ref';

export interface DeployDeps {
  store: TargetStore;
  log: Log;
  problems: Problems;
  diagnostics: vscode.DiagnosticCollection;
  diffs: DiffContentProvider;
  editors: YamlEditorTracker;
  /** Numbers the runs: each run's diff documents get their own URIs. */
  nextRun: () => string;
  /**
   * The session's incidents: the rollout watch reports the pods it sees (restarts are captured),
   * the operator follow also the job state the operator reports (job failures).
   */
  incidents?: IncidentObserver;
  /** The shared port-forward service: a standalone rollout that is up has its job list read once. */
  rest?: RestJobsDeps;
}

function toRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function setDiagnostics(
  d: vscode.DiagnosticCollection,
  files: string[],
  items: { file: string; range: vscode.Range; message: string }[],
): void {
  for (const f of files) d.delete(vscode.Uri.file(f));
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const it of items) {
    const diag = new vscode.Diagnostic(it.range, it.message, vscode.DiagnosticSeverity.Error);
    diag.source = 'flink-deploy';
    byFile.set(it.file, [...(byFile.get(it.file) ?? []), diag]);
  }
  for (const [f, ds] of byFile) d.set(vscode.Uri.file(f), ds);
}

/** Errors on the object's own lines: each invalid field, else the object's name. */
function objectDiagnostics(outcome: DeployOutcome) {
  return outcome.objectErrors.flatMap(({ obj, error }) =>
    errorLocations(obj, error).map((l) => ({ file: obj.file, range: toRange(l.range), message: l.message })),
  );
}

async function validateFirst(m: PickedManifests): Promise<boolean> {
  const errors = validate(m.files).filter((f) => f.severity === 'error');
  if (!errors.length) return true;
  const first = errors[0]!;
  const a = await vscode.window.showErrorMessage(
    `${m.label}: ${errors.length} validation error${errors.length > 1 ? 's' : ''} (first: ${first.message}). The cluster may not come up.`,
    { modal: true },
    'Deploy anyway',
    'Show problems',
  );
  if (a === 'Show problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  return a === 'Deploy anyway';
}

export async function deployCommand(deps: DeployDeps, arg?: unknown): Promise<void> {
  const { store, log, diagnostics, diffs } = deps;
  const m = await pickManifests(deps.editors, arg);
  if (!m) return;
  const read = readDeployObjects(m.files);
  setDiagnostics(
    diagnostics,
    m.files.map((f) => f.path),
    read.problems.map((p) => ({ file: p.file, range: toRange(p.range), message: p.message })),
  );
  if (read.problems.length)
    throw new UserError(
      `${m.label} has ${read.problems.length} document(s) that cannot be deployed (${read.problems[0]!.message}). Nothing was applied; see the Problems panel.`,
    );
  if (!(await validateFirst(m))) return;
  let target;
  try {
    target = store.target();
  } catch (e) {
    throw toKubeError(e, 'read the kubeconfig');
  }
  const run = deps.nextRun();
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Deploying ${m.label} to ${target.context}/${target.namespace}`,
      cancellable: true,
    },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        const client = createKubeClient(target.kc, { signal });
        const q = modalQuestions(diffs, run, (message) => progress.report({ message }));
        const result = await deploy(client, read.objects, q, { signal });
        return { result, client };
      }),
  );
  const { result, client } = outcome;
  log.info(
    `deploy ${m.label} (id ${result.deployId ?? 'none'}) -> ${target.context}/${target.namespace}: ${result.status}: ${result.message}${result.adopted.length ? ` Adopted (existed before, not marked as created): ${result.adopted.join(', ')}.` : ''}`,
  );
  setDiagnostics(
    diagnostics,
    m.files.map((f) => f.path),
    objectDiagnostics(result),
  );
  switch (result.status) {
    case 'cancelled':
      void vscode.window.showInformationMessage(result.message);
      return;
    case 'rejected':
    case 'failed': {
      const a = await vscode.window.showErrorMessage(result.message, 'Show problems', 'Retry');
      if (a === 'Show problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (a === 'Retry') void deployCommand(deps, arg);
      return;
    }
    case 'unchanged': {
      const a = await vscode.window.showInformationMessage(result.message, 'Watch rollout');
      if (a === 'Watch rollout') await watchAll(deps, createKubeClient(target.kc), read.objects);
      return;
    }
    case 'applied':
      void vscode.window.setStatusBarMessage(result.message, 5000);
      await watchAll(deps, createKubeClient(client.kc), read.objects);
  }
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job']);

/** Operator resources are followed through the operator; standalone workloads by their rollout. */
async function watchAll(deps: DeployDeps, base: KubeClient, objects: DeployObject[]): Promise<void> {
  const operatorObjects = objects.filter(isOperatorObject);
  if (!operatorObjects.length) return watch(deps, base, objects);
  const res = await followOperatorObjects(deps.log, base, operatorObjects, deps.incidents);
  if (res) await showOperatorOutcome(deps.log, res);
  const rest = objects.filter((o) => !isOperatorObject(o));
  if (res?.ok && rest.some((o) => WORKLOADS.has(o.kind))) await watch(deps, base, rest);
}

export async function watch(deps: DeployDeps, base: KubeClient, objects: DeployObject[]): Promise<void> {
  const timeoutS = deploySettings().rolloutTimeoutSeconds;
  const res: RolloutResult | undefined = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flink cluster rollout', cancellable: true },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        const client = createKubeClient(base.kc, { signal });
        let clusters: ClusterRef[] = [];
        try {
          const res = await watchRollout(
            client,
            objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace })),
            {
              signal,
              timeoutMs: timeoutS * 1000,
              log: (msg) => deps.log.debug(msg),
              onUpdate: (_s, message) => progress.report({ message }),
              onSnapshot: deps.incidents
                ? reportRolloutPods(
                    client,
                    objects,
                    deps.incidents,
                    (msg) => deps.log.debug(msg),
                    (c) => (clusters = c),
                  )
                : undefined,
            },
          );
          if (res.phase === 'ready' && deps.incidents && deps.rest)
            await reportRestJobs(deps.rest, deps.incidents, clusters, signal, (msg) => deps.log.debug(msg));
          return res;
        } catch (e) {
          deps.problems.report('Watching the rollout failed', toKubeError(e, 'watch the rollout'));
          return undefined;
        }
      }),
  );
  if (!res) return;
  deps.log.info(`rollout: ${res.phase}: ${res.message}`);
  const actions = res.phase === 'ready' ? ['Show logs'] : ['Show events', 'Show logs'];
  const show =
    res.phase === 'ready' || res.phase === 'cancelled'
      ? vscode.window.showInformationMessage
      : vscode.window.showErrorMessage;
  const a = await show(res.message, ...actions);
  if (a === 'Show events') await showEvents(deps, base, res);
  if (a === 'Show logs') await showLogs(res);
}

async function showEvents(deps: DeployDeps, client: KubeClient, res: RolloutResult): Promise<void> {
  try {
    const list = await client.call({ verb: 'list', kind: 'Event', namespace: res.namespace }, (api) =>
      api.list('v1', 'Event', res.namespace),
    );
    const lines = formatEvents(JSON.parse(JSON.stringify(list.items)) as unknown[], new Set(res.pods));
    deps.log.info(
      `Events in namespace ${res.namespace} for ${res.pods.join(', ') || 'the deploy'}:\n${lines.join('\n') || '(none)'}`,
    );
    deps.log.show(true);
  } catch (e) {
    deps.problems.report(
      'Listing the events failed',
      toKubeError(e, { verb: 'list', kind: 'Event', namespace: res.namespace }),
    );
  }
}

async function showLogs(res: RolloutResult): Promise<void> {
  const pod = res.state.cause?.pod ?? res.pods[0];
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes('flink.openLogs')) {
    void vscode.window.showWarningMessage('The log viewer is not available in this build.');
    return;
  }
  await vscode.commands.executeCommand('flink.openLogs', {
    namespace: res.namespace,
    pod,
    container: res.state.cause?.container,
    previous: res.state.cause?.cause === 'OOMKilled' || res.state.cause?.cause === 'CrashLoopBackOff',
  });
}
