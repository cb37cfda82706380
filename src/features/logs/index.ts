// Registers the log viewer: the command `flink.openLogs` (argument: OpenLogsArgs from args.ts, or
// nothing for a quick pick), one webview panel per source. Flink REST sources go through the shared
// cluster registry, so a cluster's port-forward and stored credentials are used here too.
import type { HttpOptions } from '../../flink/http';
import { splitUrlCredentials } from '../../flink/url-credentials';
import { describeLogTarget, type FlinkLogTarget } from '../../flink/logs';
import { pickCluster } from '../shared/cluster-picker';
import { normalizeUrl, settingsClusterId } from '../shared/connections';
import type { Services } from '../shared/services';
import { UserError } from '../shared/problems';
import {
  flinkFile,
  flinkOwner,
  parseOpenLogsArgs,
  sourceKey,
  type OpenFlinkLogsArgs,
  type OpenLogsArgs,
  type ParsedArgs,
} from './args';
import { findFlinkPod, flinkPodFeed } from './flink-pod';
import { FlinkFileFeed, SelectorFeed, type LogFeed } from './feeds';
import { PodFeed } from './pod-feed';
import * as vscode from 'vscode';
import { LOGS_VIEW_TYPE, LogPanels, type PendingFeed } from './panel';
import type { PageState } from './protocol';
import { pickOwner, pickSource, type FlinkEndpoint } from './pick';

export type { OpenLogsArgs } from './args';
export const OPEN_LOGS_COMMAND = 'flink.openLogs';
const LAST_URL = 'flink.logs.lastRestUrl';

export function registerLogs(services: Services): void {
  const { context, log, commands, clusters, kube: target } = services;
  const panels = new LogPanels(context, log);
  // The context and namespace chosen in the status bar (the kubeconfig's own by default).
  const kube = () => target.target().kc;

  /** A known cluster through its connection; a typed URL with the credentials stored for it, if any. */
  async function connect(e: FlinkEndpoint): Promise<HttpOptions> {
    if ('clusterId' in e) return (await clusters.clientFor(e.clusterId)).httpOptions();
    const url = normalizeUrl(e.restUrl);
    const known = clusters.cluster(settingsClusterId(url));
    if (known) return (await clusters.connect(known, new AbortController().signal)).httpOptions();
    // A URL with `user:pass@` from an argument: used as basic auth, never kept in the URL.
    const { auth } = splitUrlCredentials(e.restUrl);
    return { baseUrl: url, ...(auth ? { auth } : {}) };
  }

  async function pickEndpoint(): Promise<FlinkEndpoint | undefined> {
    const choice = await pickCluster(clusters, log, {
      title: 'Open Flink logs',
      allowUrl: true,
      lastUrl: context.globalState.get<string>(LAST_URL),
    });
    if (!choice) return undefined;
    if (choice.kind === 'cluster') return { clusterId: choice.cluster.id };
    await context.globalState.update(LAST_URL, choice.url);
    return { restUrl: choice.url };
  }

  /**
   * The main log of a JobManager/TaskManager of a cluster found in Kubernetes, through its pod;
   * undefined when the pod cannot be told (then the REST file is read).
   */
  async function podFeedFor(args: OpenFlinkLogsArgs, restFile: FlinkLogTarget): Promise<LogFeed | undefined> {
    const file = flinkFile(args);
    const d = args.clusterId ? clusters.cluster(args.clusterId)?.discovered : undefined;
    if (!d || file.kind !== 'main' || !args.clusterId) return undefined;
    const clusterId = args.clusterId;
    const owner = flinkOwner(args);
    const kc = kube();
    try {
      const ref = await findFlinkPod(
        kc,
        d,
        owner,
        async (id) => (await (await clusters.clientFor(clusterId)).taskManagers()).find((t) => t.id === id)?.path,
      );
      if (!ref) {
        log.info(
          `Log viewer: no single pod found for ${owner.type === 'jobmanager' ? 'the JobManager' : `TaskManager ${args.taskManagerId}`} of ${d.name}; reading the log through Flink's REST API.`,
        );
        return undefined;
      }
      return flinkPodFeed(kc, d.namespace, ref, owner, restFile);
    } catch (e) {
      log.warn(
        `Log viewer: finding the pod of ${d.name} failed (${(e as Error).message}); reading the log through Flink's REST API.`,
      );
      return undefined;
    }
  }

  /** Opens a source: [panel key, feed, follow, the argument that reopens it after a reload]. */
  async function open(p: ParsedArgs): Promise<[string, PendingFeed, boolean, Record<string, unknown>] | undefined> {
    switch (p.kind) {
      case 'flink': {
        const endpoint: FlinkEndpoint | undefined = p.args.clusterId
          ? { clusterId: p.args.clusterId }
          : p.args.restUrl
            ? { restUrl: p.args.restUrl }
            : undefined;
        if (!endpoint) throw new UserError('no Flink cluster or REST URL was given.');
        const http = await connect(endpoint);
        let args = p.args;
        if (args.jobId && !args.taskManagerId) {
          const owner = await pickOwner(http, args.jobId);
          if (!owner) return undefined;
          args = { ...args, taskManagerId: owner.type === 'taskmanager' ? owner.id : undefined };
        }
        const key = sourceKey({ kind: 'flink', args }, http.baseUrl);
        // Reopened without asking again (jobId), and never with credentials in the page's state.
        const { jobId: _asked, ...again } = args;
        const reopen = { ...again, ...(args.restUrl ? { restUrl: splitUrlCredentials(args.restUrl).url } : {}) };
        const target = { owner: flinkOwner(args), file: flinkFile(args) };
        // The panel opens while the pod is looked for; the REST file is read when there is none.
        const restFile: FlinkLogTarget = {
          baseUrl: http.baseUrl,
          auth: http.auth,
          ...(http.ca ? { ca: http.ca } : {}),
          ...target,
        };
        const feed = podFeedFor(args, restFile).then((podFeed) => podFeed ?? new FlinkFileFeed(restFile));
        return [key, { feed, title: describeLogTarget(target) }, args.follow ?? true, reopen];
      }
      case 'pod': {
        const t = target.target();
        const args = { ...p.args, namespace: p.args.namespace ?? t.namespace };
        const feed = new PodFeed(t.kc, args.namespace, args.pod, {
          container: args.container,
          previous: args.previous,
          tailLines: args.tailLines ?? 5_000,
          sinceSeconds: args.sinceSeconds,
        });
        return [sourceKey({ kind: 'pod', args }), { feed, title: feed.source.title }, !args.previous, { ...args }];
      }
      case 'selector': {
        const t = target.target();
        const args = { ...p.args, namespace: p.args.namespace ?? t.namespace };
        const feed = new SelectorFeed(t.kc, args.namespace, args.labelSelector, {
          container: args.container,
          tailLines: args.tailLines ?? 1_000,
          sinceSeconds: args.sinceSeconds,
        });
        return [sourceKey({ kind: 'selector', args }), { feed, title: feed.source.title }, true, { ...args }];
      }
    }
  }

  context.subscriptions.push(
    panels,
    commands.register(
      OPEN_LOGS_COMMAND,
      async (raw?: OpenLogsArgs) => {
        const parsed = parseOpenLogsArgs(raw) ?? (await pickSource(pickEndpoint, connect, kube));
        if (!parsed) return undefined;
        const opened = await open(parsed);
        if (!opened) return undefined;
        const [key, feed, follow, reopen] = opened;
        // What was shown, for callers and tests: reused = an existing panel was revealed.
        return panels.show(key, feed, follow, reopen);
      },
      { what: 'Opening the logs failed' },
    ),
    // After a window reload VS Code brings the panels back with the state their pages saved:
    // the source (reopen), filters, search and follow; the page restores its own part.
    vscode.window.registerWebviewPanelSerializer(LOGS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = state && typeof state === 'object' ? (state as Partial<PageState>) : undefined;
        const parsed = parseOpenLogsArgs(saved?.reopen);
        if (!parsed) {
          panel.dispose(); // the page never said what it showed
          return;
        }
        try {
          const clusterId = parsed.kind === 'flink' ? parsed.args.clusterId : undefined;
          // A cluster found in Kubernetes is not known again until discovery ran after the reload.
          if (clusterId && !clusters.cluster(clusterId))
            await clusters.discover?.(AbortSignal.timeout(15_000)).catch(() => undefined);
          const opened = await open(parsed);
          if (!opened) return panel.dispose();
          const [key, feed, follow, reopen] = opened;
          panels.show(key, feed, saved?.following ?? follow, reopen, panel);
        } catch (e) {
          panel.dispose();
          log.warn(`Log viewer: could not restore ${panel.title} after the reload: ${(e as Error).message}`);
          void vscode.window.showWarningMessage(
            `The log view "${panel.title}" could not be reopened after the reload: ${(e as Error).message} Open it again from the Flink view.`,
          );
        }
      },
    }),
  );
}
