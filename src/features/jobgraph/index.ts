// Registers the job graph view: the command `flink.showJobGraph` (argument: a job node of the Jobs
// view, or a JobRef `{jobId, clusterId | restUrl}`; nothing: asks for a cluster URL and a job) and
// the serializer that reopens the view after a window reload.
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { FlinkClient } from '../../flink/client';
import type { HttpOptions } from '../../flink/http';
import { pickCluster } from '../shared/cluster-picker';
import { UserError } from '../shared/problems';
import type { Services } from '../shared/services';
import { jobsSettings as readJobsSettings } from '../shared/settings';
import { JOB_GRAPH_VIEW_TYPE, JobGraphPanels, type PanelDeps } from './panel';
import { isJobRef, type JobRef, type PageState } from './protocol';

export const SHOW_JOB_GRAPH_COMMAND = 'flink.showJobGraph';

/** A job node of the Jobs view (`{kind: 'job', clusterId, job: {jid, name}}`) or a JobRef. */
export function jobRefFrom(arg: unknown): JobRef | undefined {
  if (isJobRef(arg)) return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { kind?: unknown; clusterId?: unknown; job?: { jid?: unknown; name?: unknown } };
  if (o.kind === 'job' && typeof o.clusterId === 'string' && typeof o.job?.jid === 'string') {
    const ref = {
      jobId: o.job.jid,
      clusterId: o.clusterId,
      title: typeof o.job.name === 'string' ? o.job.name : undefined,
    };
    return isJobRef(ref) ? ref : undefined;
  }
  return undefined;
}

export function register(services: Services): void {
  const { context, log, commands, clusters } = services;
  const deps: PanelDeps = {
    context,
    log,
    resolve: resolveHttp,
    openTaskManagerLogs: (job, http, taskManagerId) =>
      void vscode.commands.executeCommand('flink.openLogs', {
        ...(job.clusterId ? { clusterId: job.clusterId } : { restUrl: http.baseUrl }),
        taskManagerId,
      }),
    findInWorkspace: async (paths) => {
      const hits = await Promise.all(paths.map(async (p) => ((await findSource(p)) ? p : undefined)));
      return hits.filter((p): p is string => p !== undefined);
    },
    openFrame: (path, line) =>
      void (async () => {
        const uri = await findSource(path);
        if (!uri) return void vscode.window.showWarningMessage(`${path} is no longer in the workspace.`);
        const pos = new vscode.Position(Math.max(0, line - 1), 0);
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: true });
      })(),
  };

  /** A source file of a stack frame, by its package path (src/main/java/<path> or anywhere). */
  async function findSource(path: string): Promise<vscode.Uri | undefined> {
    const [hit] = await vscode.workspace.findFiles(`**/${path}`, '**/{node_modules,target,build,.git}/**', 1);
    return hit;
  }

  const panels = new JobGraphPanels(deps);
  context.subscriptions.push(
    commands.register(
      SHOW_JOB_GRAPH_COMMAND,
      async (arg?: unknown) => {
        const job = jobRefFrom(arg) ?? (arg === undefined ? await askForJob() : undefined);
        if (!job) {
          if (arg !== undefined)
            throw new UserError(
              'it needs a job: run it on a job in the Flink Jobs view, or from the palette to pick one.',
            );
          return;
        }
        panels.show(job);
      },
      { what: 'Showing the job graph failed' },
    ),
    vscode.window.registerWebviewPanelSerializer(JOB_GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const job = (state as PageState | undefined)?.job;
        if (!isJobRef(job)) {
          panel.dispose(); // nothing to show: the page never said which job it was
          return;
        }
        panels.show(job, panel);
      },
    }),
    panels,
  );

  async function resolveHttp(job: JobRef): Promise<HttpOptions> {
    const timeoutMs = readJobsSettings().requestTimeout * 1000;
    if (job.restUrl) return { baseUrl: job.restUrl, timeoutMs };
    // After a window reload the Jobs view may still be connecting: give it a few seconds.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = await clusters.clientFor(job.clusterId ?? '').catch(() => undefined);
      if (client) return { ...client.httpOptions(), timeoutMs };
      // Not known yet (the window was just reloaded): look for it in the current kube target.
      await clusters.discover?.(AbortSignal.timeout(15_000)).catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(
          `The Flink cluster of this job ("${job.clusterId}") is not connected in the Jobs view. Open the Flink view, refresh it, then reopen the job graph from the job's context menu.`,
        );
      await sleep(1_000);
    }
  }

  async function askForJob(): Promise<JobRef | undefined> {
    const choice = await pickCluster(clusters, log, { title: 'Show Job Graph', allowUrl: true });
    if (!choice) return undefined;
    const client =
      choice.kind === 'cluster'
        ? await clusters.connect(choice.cluster, new AbortController().signal)
        : new FlinkClient({ baseUrl: choice.url, timeoutMs: readJobsSettings().requestTimeout * 1000 });
    const jobs = await client.jobsOverview();
    const where = choice.kind === 'cluster' ? choice.cluster.name : choice.url;
    if (!jobs.length) {
      void vscode.window.showInformationMessage(`No jobs on ${where}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      jobs.map((j) => ({ label: j.name, description: `${j.state} · ${j.jid}`, j })),
      { placeHolder: `Flink job on ${where}` },
    );
    if (!pick) return undefined;
    return choice.kind === 'cluster'
      ? { jobId: pick.j.jid, clusterId: choice.cluster.id, title: pick.j.name }
      : { jobId: pick.j.jid, restUrl: choice.url, title: pick.j.name };
  }
}
