// Capturing one incident's evidence at once, before it is gone: the previous container's log and
// the pod's events (kube/incident-capture), and the exception history of the job that failed, or
// of the cluster's active jobs for a restart (at most three), through the cluster's REST client.
import type { JobStateLike } from '../../core/incidents/detect';
import type { Incident, IncidentCapture } from '../../core/incidents/store';
import { describeError } from '../../flink/errors';
import { captureIncident, type ExceptionsReader } from '../../kube/incident-capture';
import type { FlinkClient } from '../../flink/client';
import type { KubeClient } from '../../kube/client';
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
  return captureIncident(sameContext ? kube.kc : undefined, incident.namespace, t, exceptions, { signal });
}
