// After "Deploy Flink cluster" applied FlinkDeployments / FlinkSessionJobs: follows each through
// the Flink Kubernetes Operator (lifecycle, JobManager, job state, the operator's events as they
// come, its reconciliation errors) until it is up or the operator says why not. On each poll the
// cluster's pods and the job state the operator reports go to the session's incidents.
import * as vscode from 'vscode';
import { createKubeClient, type KubeClient } from '../../kube/client';
import type { DeployObject } from '../../kube/manifests';
import {
  OperatorWatchError,
  operatorDeployReady,
  waitForOperator,
  type OperatorEvent,
  type OperatorTarget,
} from '../../kube/operator-watch';
import { describeOperatorStatus } from '../../kube/operator-status';
import { withTokenSignal } from '../shared/cancel';
import type { Log } from '../shared/log';
import { reportOperatorFollow, type IncidentObserver } from './watch-jobs';
import { deploySettings } from '../shared/settings';

const OPERATOR_KINDS = new Set(['FlinkDeployment', 'FlinkSessionJob']);

export function isOperatorObject(o: DeployObject): boolean {
  return OPERATOR_KINDS.has(o.kind) && o.apiVersion.startsWith('flink.apache.org/');
}

export interface OperatorFollowOutcome {
  ok: boolean;
  message: string;
  /** Everything the operator said about the resources while they rolled out. */
  events: { ref: string; event: OperatorEvent }[];
}

const eventLine = (e: OperatorEvent) => `${e.type} ${e.reason}: ${e.message.split('\n')[0] ?? ''}`;

/** Follows the operator resources one after the other (session clusters come before their jobs in a manifest). */
export async function followOperatorObjects(
  log: Log,
  base: KubeClient,
  objects: DeployObject[],
  incidents?: IncidentObserver,
): Promise<OperatorFollowOutcome | undefined> {
  const timeoutMs = deploySettings().rolloutTimeoutSeconds * 1000;
  const events: OperatorFollowOutcome['events'] = [];
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Following the deploy through the operator',
      cancellable: true,
    },
    (progress, token) =>
      withTokenSignal(token, async (signal) => {
        const client = createKubeClient(base.kc, { signal });
        const report = incidents ? reportOperatorFollow(client, incidents, (m) => log.debug(m)) : undefined;
        const done: string[] = [];
        for (const o of objects) {
          const t: OperatorTarget = {
            kind: o.kind as OperatorTarget['kind'],
            name: o.name,
            namespace: o.namespace ?? client.namespace,
            apiVersion: o.apiVersion,
          };
          const ref = `${t.kind} ${t.namespace}/${t.name}`;
          const spec = (o.object.spec ?? {}) as Record<string, unknown>;
          try {
            const st = await waitForOperator(client, t, (s) => operatorDeployReady(s, spec), {
              signal,
              timeoutMs,
              onUpdate: (_s, line) => {
                progress.report({ message: `${ref}: ${line}` });
                log.info(`deploy: ${ref}: ${line}`);
              },
              onEvent: (e) => {
                events.push({ ref, event: e });
                log.info(`deploy: ${ref}: event ${eventLine(e)}`);
                progress.report({ message: `${ref}: ${eventLine(e)}` });
              },
              onPoll: report,
            });
            done.push(`${ref}: ${describeOperatorStatus(st)}${st.jobId ? ` (job ${st.jobId})` : ''}`);
          } catch (e) {
            if ((e as { reason?: string }).reason === 'Cancelled' || signal.aborted) {
              return {
                ok: false,
                message: `Stopped following ${ref} (the applied objects stay; the operator carries on).`,
                events,
              };
            }
            if (!(e instanceof OperatorWatchError)) throw e;
            const before = done.length ? ` Up before it: ${done.join('; ')}.` : '';
            return { ok: false, message: `${e.message}${before}`, events };
          }
        }
        return { ok: true, message: `Up through the operator: ${done.join('; ')}.`, events };
      }),
  );
}

/** The follow's outcome as a notification, with the operator's events in the output on request. */
export async function showOperatorOutcome(log: Log, res: OperatorFollowOutcome): Promise<void> {
  log.info(`deploy: ${res.message}`);
  const show = res.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  const a = await show(res.message, 'Show operator events');
  if (a === 'Show operator events') {
    const lines = res.events.map(({ ref, event: e }) => `${e.time} ${ref} ${eventLine(e)}`);
    log.info(`Operator events:\n${lines.join('\n') || '(none)'}`);
    log.show(true);
  }
}
