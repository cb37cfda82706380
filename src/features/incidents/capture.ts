// Capturing one incident's evidence at once, before it is gone: the previous container's log and
// the pod's events (kube/incident-capture), and the exception history of the job that failed, or
// of the cluster's active jobs for a restart (at most three), through the cluster's REST client;
// for a job the operator reported, its status.error and events when that REST history is not read.
import type { JobStateLike, OperatorResourceRef } from '../../core/incidents/detect';
import type { Incident, IncidentCapture } from '../../core/incidents/store';
import { describeError } from '../../flink/errors';
import { captureIncident, type ExceptionsReader } from '../../kube/incident-capture';
import type { FlinkClient } from '../../flink/client';
import { createKubeClient, type KubeClient } from '../../kube/client';
import { toKubeError } from '../../kube/errors';
import { operatorEvents, readOperatorObject, type OperatorTarget } from '../../kube/operator-watch';
import { operatorResourceStatus } from '../../kube/operator-status';
import type { ClusterRef } from '../shared/cluster-ref';

/** What the capture needs of the cluster registry (services.clusters; Connections in tests). */
export interface CaptureClusters {
  cluster(id: string): ClusterRef | undefined;
  kube(): KubeClient | undefined;
  connect(cluster: ClusterRef, signal: AbortSignal): Promise<FlinkClient>;
}

const ACTIVE = new Set(['RUNNING', 'RESTARTING', 'FAILING', 'CREATED', 'INITIALIZING', 'RECONCILING']);
/** The whole capture, whatever the API server and Flink do. */
const CAPTURE_DEADLINE_MS = 60_000;

export async function captureEvidence(
  clusters: CaptureClusters,
  incident: Incident,
  lastJobs: readonly JobStateLike[],
): Promise<IncidentCapture> {
  const signal = AbortSignal.timeout(CAPTURE_DEADLINE_MS);
  const ref = clusters.cluster(incident.clusterId);
  const kube = clusters.kube();
  // The kube client reads the current context: only use it for a cluster found in that context.
  const sameContext = !!ref?.discovered && !!kube && ref.discovered.context === kube.context;
  const t = incident.trigger;
  const exceptions: ExceptionsReader | undefined = ref
    ? async (sig) => {
        try {
          const client = await clusters.connect(ref, sig ?? signal);
          const ids =
            t.kind === 'job'
              ? [{ jid: t.jobId, name: t.jobName, state: t.state }]
              : (await client.jobIds({ signal: sig }))
                  .filter((j) => ACTIVE.has(j.status))
                  .map((j) => ({
                    jid: j.id,
                    name: lastJobs.find((x) => x.jid === j.id)?.name,
                    state: j.status,
                  }));
          const items = await Promise.all(
            ids.slice(0, 3).map(async (j) => ({
              jobId: j.jid,
              jobName: j.name,
              ...(await client.exceptions(j.jid, { signal: sig, max: 10 })),
            })),
          );
          const more = ids.length > 3 ? `${ids.length - 3} more active job(s) not shown` : undefined;
          return { items, note: items.length ? more : 'no active job on this cluster' };
        } catch (e) {
          return { error: `The exception history was not read: ${describeError(e).split('\n')[0] ?? ''}` };
        }
      }
    : undefined;
  const capture = await captureIncident(sameContext ? kube.kc : undefined, incident.namespace, t, exceptions, {
    signal,
  });
  // A job the operator reported whose history Flink's REST API did not give: what the operator saw.
  if (t.kind === 'job' && t.operator && capture.exceptions?.error) {
    capture.exceptions = {
      ...capture.exceptions,
      error: `${capture.exceptions.error} The REST exception history was not reachable: what the operator reported is below.`,
    };
    capture.operator = sameContext
      ? await operatorReport(kube, t.operator, signal)
      : { error: "No Kubernetes context for this cluster: the operator's status and events were not read." };
  }
  return capture;
}

/** The operator resource's status.error (as it is now) and its events, oldest first. */
export async function operatorReport(
  base: KubeClient,
  r: OperatorResourceRef,
  signal: AbortSignal,
): Promise<NonNullable<IncidentCapture['operator']>> {
  const client = createKubeClient(base.kc, { signal, timeoutMs: 20_000 });
  const target = { kind: r.kind as OperatorTarget['kind'], name: r.name, namespace: r.namespace };
  const [obj, events] = await Promise.allSettled([readOperatorObject(client, target), operatorEvents(client, target)]);
  const lines: string[] = [];
  const problems: string[] = [];
  if (obj.status === 'fulfilled') {
    const err = obj.value ? operatorResourceStatus(obj.value).error : undefined;
    lines.push(obj.value ? `status.error: ${err ?? '(none now)'}` : `${r.kind} ${r.namespace}/${r.name} is gone.`);
  } else problems.push(`its status was not read: ${toKubeError(obj.reason).message}`);
  if (events.status === 'fulfilled')
    for (const e of events.value)
      lines.push(`${e.time || '?'} ${e.type} ${e.reason}${e.count > 1 ? ` (x${e.count})` : ''}: ${e.message}`);
  else problems.push(`its events were not read: ${toKubeError(events.reason).message}`);
  return {
    items: lines,
    ...(problems.length ? { error: `${r.kind} ${r.name}: ${problems.join('; ')}` } : {}),
    note: events.status === 'fulfilled' ? `${events.value.length} event(s) of the resource` : undefined,
  };
}
