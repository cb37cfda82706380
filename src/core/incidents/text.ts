// What an incident says: the one-line notification, the explorer's label, and the read-only
// document with the evidence in labelled sections. Secrets are redacted on the way out (URLs with
// credentials, secret-looking key=value pairs), since logs and stack traces may carry them.
import { formatAge } from '../health/verdict';
import { redactUrls } from '../redact';
import type { IncidentTrigger } from './detect';
import type { CaptureSection, Incident } from './store';

const ROLE = { jobmanager: 'JobManager', taskmanager: 'TaskManager' } as const;

/** `password: x`, `secret-key=x`, `token x`... in free text: the value replaced by ***. */
const SECRET_VALUE =
  /\b([\w.-]*(?:password|passwd|secret|token|api[-_.]?key|access[-_.]?key|credentials?)[\w.-]*)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export function redactSecrets(text: string): string {
  return redactUrls(text)
    .replace(SECRET_VALUE, (m, k: string, sep: string) =>
      m.slice(k.length + sep.length) === '***' ? m : `${k}${sep}***`,
    )
    .replace(BEARER, '$1 ***');
}

/** What happened, in words: "TaskManager tm-2 was OOMKilled", "Job WordCount failed". */
export function incidentHeadline(t: IncidentTrigger): string {
  if (t.kind === 'job') {
    const what = t.state === 'FAILED' ? 'failed' : t.state === 'RESTARTING' ? 'is restarting' : 'is failing';
    return `Job ${t.jobName} ${what}`;
  }
  const who = `${ROLE[t.role]} ${t.pod}`;
  if (t.reason === 'OOMKilled') return `${who} was OOMKilled`;
  if (t.reason === 'Error')
    return `${who} stopped with an error${t.exitCode !== undefined ? ` (exit code ${t.exitCode})` : ''}`;
  if (t.reason === 'Completed') return `${who} exited and was restarted`;
  return `${who} restarted (${t.reason})`;
}

/** The notification: "TaskManager tm-2 was OOMKilled 20 s ago." */
export function incidentNotification(i: Incident, now: number): string {
  return `${incidentHeadline(i.trigger)} ${formatAge(Math.max(0, now - i.trigger.at))} ago (${i.clusterName}).`;
}

/** The explorer's row: time, pod (or job), reason. */
export function incidentRow(i: Incident): { label: string; description: string; tooltip: string } {
  const t = i.trigger;
  const time = new Date(t.at).toISOString().slice(11, 19);
  const label = `${time} ${t.kind === 'job' ? t.jobName : t.pod}`;
  const description =
    t.kind === 'job'
      ? t.state
      : `${t.reason}${t.exitCode !== undefined && t.reason !== `exit code ${t.exitCode}` ? ` (exit ${t.exitCode})` : ''}`;
  return { label, description, tooltip: `${incidentHeadline(t)} at ${new Date(t.at).toISOString()}` };
}

function section<T>(title: string, s: CaptureSection<T> | undefined, body: (items: T) => string[]): string[] {
  const out = [`==== ${title} ====`];
  if (!s) out.push('(not captured for this incident)');
  else {
    if (s.error) out.push(`(${s.error})`);
    if (s.note) out.push(`(${s.note})`);
    if (s.items !== undefined) {
      const lines = body(s.items);
      out.push(...(lines.length ? lines : ['(none)']));
    }
  }
  out.push('');
  return out;
}

/** The read-only document: a header, then the previous container's log, the events, the exceptions. */
export function incidentDocument(i: Incident, now: number): string {
  const t = i.trigger;
  const c = i.capture;
  const head = [
    `Incident: ${incidentHeadline(t)}`,
    `Cluster:  ${i.clusterName}${i.namespace ? ` (namespace ${i.namespace})` : ''}`,
    t.kind === 'container'
      ? `Pod:      ${t.pod}, container ${t.container}, restart #${t.restartCount}`
      : `Job:      ${t.jobName} (${t.jobId}), ${t.previousState ? `${t.previousState} -> ` : ''}${t.state}`,
    t.kind === 'container'
      ? `Ended:    ${new Date(t.at).toISOString()} (${formatAge(now - t.at)} ago)${t.reason ? `, reason ${t.reason}` : ''}${t.exitCode !== undefined ? `, exit code ${t.exitCode}` : ''}`
      : `Seen:     ${new Date(t.at).toISOString()} (${formatAge(now - t.at)} ago)`,
    ...(t.kind === 'container' && t.message ? [`Message:  ${t.message}`] : []),
    ...(t.kind === 'job' && t.operator
      ? [
          `Operator: ${t.operator.kind} ${t.operator.namespace}/${t.operator.name} reported it${t.error ? `: ${t.error}` : ''}`,
        ]
      : []),
    c ? `Captured: ${new Date(c.capturedAt).toISOString()}` : 'Captured: still capturing (reopen in a moment)',
    '',
  ];
  if (!c) return redactSecrets(head.join('\n'));
  const body = [
    ...(t.kind === 'container'
      ? section(`Previous container log (${t.pod} / ${t.container})`, c.previousLog, (l) => l)
      : []),
    ...(t.kind === 'container' ? section(`Events of pod ${t.pod}`, c.events, (l) => l) : []),
    ...section('Exception history', c.exceptions, (jobs) =>
      jobs.flatMap((j) => [
        `-- job ${j.jobName ?? j.jobId} (${j.jobId}): ${j.entries.length ? `${j.entries.length} exception(s), newest first` : 'no exceptions'}`,
        ...j.entries.flatMap((e) => [
          `${e.timestamp ? new Date(e.timestamp).toISOString() : '?'} ${e.name}${e.taskName ? ` in ${e.taskName}` : ''}${e.endpoint ? ` on ${e.endpoint}` : ''}`,
          ...e.stacktrace.split('\n').slice(0, 60),
          '',
        ]),
      ]),
    ),
    ...(t.kind === 'job' && t.operator && c.operator
      ? section(
          `What the operator reported (${t.operator.kind} ${t.operator.namespace}/${t.operator.name})`,
          c.operator,
          (l) => l,
        )
      : []),
  ];
  return redactSecrets([...head, ...body].join('\n'));
}
