// Registers the log viewer: the command `flink.openLogs` (argument: OpenLogsArgs from args.ts, or
// nothing for a quick pick), one webview panel per source.
import * as vscode from 'vscode';
import { flinkClientFor } from '../jobs';
import { readJobsSettings } from '../jobs/settings';
import { kubeTarget } from '../kube-target';
import type { Services } from '../log';
import { flinkFile, flinkOwner, parseOpenLogsArgs, sourceKey, type OpenLogsArgs, type ParsedArgs } from './args';
import { FlinkFileFeed, PodFeed, SelectorFeed, type LogFeed } from './feeds';
import { LogPanel } from './panel';
import { pickOwner, pickSource } from './pick';

export type { OpenLogsArgs } from './args';
export const OPEN_LOGS_COMMAND = 'flink.openLogs';

export function registerLogs(services: Services): void {
  const { context, log } = services;
  // The context and namespace chosen in the status bar (the kubeconfig's own by default).
  const kube = () => kubeTarget().kc;

  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_LOGS_COMMAND, async (raw?: OpenLogsArgs) => {
      try {
        let parsed = parseOpenLogsArgs(raw);
        if (!parsed) parsed = await pickSource(context.globalState, readJobsSettings().clusters[0]?.url, kube);
        if (!parsed) return;
        const opened = await open(parsed);
        if (!opened) return;
        const [key, feed, follow] = opened;
        LogPanel.show(key, feed, context, log, follow);
      } catch (e) {
        const message = (e as Error).message;
        log.error(`Open logs failed: ${message}`);
        const retry = await vscode.window.showErrorMessage(`Cannot open the logs: ${message}`, 'Retry');
        if (retry) void vscode.commands.executeCommand(OPEN_LOGS_COMMAND, raw);
      }
    }),
    { dispose: () => LogPanel.disposeAll() },
  );

  async function open(p: ParsedArgs): Promise<[string, LogFeed, boolean] | undefined> {
    switch (p.kind) {
      case 'flink': {
        let baseUrl = p.args.restUrl;
        if (!baseUrl && p.args.clusterId) baseUrl = (await flinkClientFor(p.args.clusterId))?.baseUrl;
        if (!baseUrl)
          throw new Error(
            `the Flink cluster "${p.args.clusterId}" is not connected in the Jobs view. Refresh the view, or open the logs by URL.`,
          );
        let args = p.args;
        if (args.jobId && !args.taskManagerId) {
          const owner = await pickOwner(baseUrl, args.jobId);
          if (!owner) return undefined;
          args = { ...args, taskManagerId: owner.type === 'taskmanager' ? owner.id : undefined };
        }
        const feed = new FlinkFileFeed({ baseUrl, owner: flinkOwner(args), file: flinkFile(args) });
        return [sourceKey({ kind: 'flink', args }, baseUrl), feed, args.follow ?? true];
      }
      case 'pod': {
        const t = kubeTarget();
        const args = { ...p.args, namespace: p.args.namespace ?? t.namespace };
        const feed = new PodFeed(t.kc, args.namespace, args.pod, {
          container: args.container,
          previous: args.previous,
          tailLines: args.tailLines ?? 5_000,
          sinceSeconds: args.sinceSeconds,
        });
        return [sourceKey({ kind: 'pod', args }), feed, !args.previous];
      }
      case 'selector': {
        const t = kubeTarget();
        const args = { ...p.args, namespace: p.args.namespace ?? t.namespace };
        const feed = new SelectorFeed(t.kc, args.namespace, args.labelSelector, {
          container: args.container,
          tailLines: args.tailLines ?? 1_000,
          sinceSeconds: args.sinceSeconds,
        });
        return [sourceKey({ kind: 'selector', args }), feed, true];
      }
    }
  }
}
