// The Flink clusters a rollout snapshot shows, named as the job explorer's discovery names them
// (same `k8s:<context>/<namespace>/<kind>/<name>` ids, same pods per cluster), so that what a deploy
// watch sees can feed the session's incidents under the cluster the explorer lists. Pure.
import type { KubernetesObject } from '@kubernetes/client-node';
import { clustersFromObjects, type DiscoveredCluster } from './discover';
import type { Snapshot } from './rollout-state';

type ServiceObjects = Parameters<typeof clustersFromObjects>[2];
type DeploymentObjects = Parameters<typeof clustersFromObjects>[4];
const FLINK_COMPONENTS = new Set(['jobmanager', 'taskmanager']);

/**
 * Clusters with at least one pod in the snapshot. `services` are the Services of the snapshot's
 * namespaces (live ones, or the manifest's), since discovery names a standalone cluster by the
 * Service that selects its JobManager. A cluster without a pod here is left out: reporting it empty
 * would make every pod the explorer sees next look new.
 */
export function clustersInSnapshot(
  context: string,
  snap: Pick<Snapshot, 'pods'>,
  services: readonly KubernetesObject[],
  /** FlinkDeployments (their pods are named by the operator's labels, the cluster by the resource). */
  deployments: readonly KubernetesObject[] = [],
): DiscoveredCluster[] {
  // Discovery lists only pods labelled component=jobmanager|taskmanager; so must this.
  const pods = (snap.pods as KubernetesObject[]).filter((p) =>
    FLINK_COMPONENTS.has(p.metadata?.labels?.component ?? ''),
  );
  const namespaces = new Set(pods.map((p) => p.metadata?.namespace ?? ''));
  const out: DiscoveredCluster[] = [];
  for (const ns of namespaces) {
    if (!ns) continue;
    const inNs = <T extends KubernetesObject>(xs: readonly T[]) => xs.filter((x) => x.metadata?.namespace === ns);
    for (const c of clustersFromObjects(
      context,
      ns,
      inNs(services) as ServiceObjects,
      inNs(pods),
      inNs(deployments) as DeploymentObjects,
    ))
      if (c.pods?.length) out.push(c);
  }
  return out;
}
