// Post-mortem capture: when the explorer or a deploy watch sees a JobManager/TaskManager container
// restart, or either sees a job fail (services.incidents), read at once what will soon be
// gone (previous container's log, pod events, exception history), offer it in one notification,
// and show it as a read-only document.
import * as vscode from 'vscode';
import { NoticeLimiter } from '../../core/incidents/notify';
import type { Incident } from '../../core/incidents/store';
import { incidentDocument, incidentHeadline, incidentNotification, incidentRow } from '../../core/incidents/text';
import type { Services } from '../shared/services';
import { incidentsSettings } from '../shared/settings';
import { UserError } from '../shared/problem-text';
import { captureEvidence } from './capture';

const SCHEME = 'flink-incident';

const uriOf = (i: Incident) => {
  const t = i.trigger;
  const name = `${t.kind === 'job' ? t.jobName : t.pod} ${new Date(t.at).toISOString().slice(11, 19).replace(/:/g, '-')}`;
  return vscode.Uri.from({ scheme: SCHEME, path: `/${name.replace(/[^\w. -]/g, '_')}.log`, query: i.id });
};

export function register(services: Services): void {
  const { context, commands, log, incidents, clusters } = services;
  const docChanged = new vscode.EventEmitter<vscode.Uri>();
  // At most one notification per 30 s; the others are listed in the explorer and logged.
  const limiter = new NoticeLimiter();

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: docChanged.event,
    provideTextDocumentContent: (uri) => {
      const i = incidents.get(uri.query);
      return i
        ? incidentDocument(i, Date.now())
        : 'This incident is no longer kept: the session keeps the last 20 per cluster.';
    },
  };

  const show = async (arg?: unknown) => {
    const id = typeof arg === 'string' ? arg : (arg as { incident?: Incident } | undefined)?.incident?.id;
    const i = id ? incidents.get(id) : incidents.all()[0];
    if (!i)
      throw new UserError(
        id
          ? 'That incident is no longer kept (the session keeps the last 20 per cluster).'
          : 'No incidents this session: they are listed under their cluster in the Jobs view when a JobManager or TaskManager restarts or a job fails.',
      );
    const doc = await vscode.workspace.openTextDocument(uriOf(i));
    await vscode.languages.setTextDocumentLanguage(doc, 'log');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uriOf(i).toString();
  };

  const notify = (i: Incident) => {
    if (!incidentsSettings().notify) return;
    const now = Date.now();
    const go = limiter.take(now);
    if (!go) return;
    const more = go.skipped ? ` (${go.skipped} more in the Jobs view)` : '';
    void vscode.window.showWarningMessage(`${incidentNotification(i, now)}${more}`, 'Show what happened').then(
      (pick) => {
        if (pick) void vscode.commands.executeCommand('flink.showIncident', i.id);
      },
      () => undefined,
    );
  };

  const capture = async (i: Incident) => {
    const t0 = performance.now();
    try {
      // A deploy watch may report a cluster the explorer has not listed yet: its own ref then.
      const known = {
        cluster: (id: string) => clusters.cluster(id) ?? incidents.cluster(id),
        kube: () => clusters.kube(),
        connect: clusters.connect.bind(clusters),
      };
      const c = await captureEvidence(known, i, incidents.lastJobs(i.clusterId));
      incidents.complete(i.id, c);
      const missing = [c.previousLog?.error, c.events?.error, c.exceptions?.error].filter(Boolean).length;
      log.info(
        `Incident captured in ${Math.round(performance.now() - t0)} ms: ${incidentHeadline(i.trigger)}${missing ? ` (${missing} part(s) not read, see the document)` : ''}`,
      );
    } catch (e) {
      // captureEvidence reports each part's failure itself; this is a bug or a disposed service.
      incidents.complete(i.id, { capturedAt: Date.now() });
      log.warn(`Incident capture failed: ${(e as Error).message}`);
    }
    docChanged.fire(uriOf(i));
  };

  context.subscriptions.push(
    docChanged,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    incidents.onDidOpen((i) => {
      log.warn(`Incident on ${i.clusterName}: ${incidentHeadline(i.trigger)}`);
      notify(i);
      void capture(i);
    }),
    commands.register('flink.showIncident', show, { what: 'Showing the incident failed', retry: false }),
    // Not contributed: the session's incidents and their documents, for the tests inside VS Code.
    commands.register(
      '_flink.incidents',
      () =>
        incidents.all().map((i) => ({
          id: i.id,
          clusterId: i.clusterId,
          headline: incidentHeadline(i.trigger),
          ...incidentRow(i),
          captured: !!i.capture,
          text: incidentDocument(i, Date.now()),
        })),
      { internal: true, retry: false },
    ),
  );
}
