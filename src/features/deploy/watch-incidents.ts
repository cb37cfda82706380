// What a deploy watch sees, reported to the session's incidents: the JobManager and TaskManager pods
// of each rollout snapshot, and of each FlinkDeployment the deploy follows through the operator,
// under the cluster id the job explorer lists them by, so that a TaskManager OOMKilled during the
// rollout is captured at once (and only once, whoever sees it first).
// No vscode import: the integration test runs it with the real rollout watch on the test bed.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '../../kube/client';
import type { DeployObject } from '../../kube/manifests';
import { clustersInSnapshot } from '../../kube/rollout-clusters';
import type { Snapshot } from '../../kube/rollout-state';
import type { ClusterRef } from '../shared/cluster-ref';

/** The part of services.incidents a deploy watch needs. */
export interface ClusterObserver {
  observeClusters(clusters: readonly ClusterRef[], now?: number, opts?: { partial?: boolean }): void;
}

/**
 * A `watchRollout` onSnapshot hook. Discovery names a standalone cluster by the Service that
 * selects its JobManager, so the namespace's live Services are listed once per namespace (the
 * manifest's own Services when that list is refused).
 */
export function reportRolloutPods(
  client: KubeClient,
  objects: readonly DeployObject[],
  incidents: ClusterObserver,
  log?: (m: string) => void,
  /** The clusters of each snapshot as reported (for reading their jobs once the rollout is up). */
  onClusters?: (clusters: ClusterRef[]) => void,
): (snap: Snapshot) => Promise<void> {
  const services = new Map<string, KubernetesObject[]>();
  const manifestServices = (ns: string) =>
    objects
      .filter((o) => o.kind === 'Service' && o.apiVersion === 'v1' && (o.namespace ?? client.namespace) === ns)
      .map((o) => ({ ...o.object, metadata: { ...o.object.metadata, namespace: ns } }));
  const servicesOf = async (ns: string) => {
    let list = services.get(ns);
    if (list) return list;
    try {
      list = await client.call({ verb: 'list', kind: 'Service', namespace: ns }, async (api) =>
        (await api.list('v1', 'Service', ns)).items.map((s) => ({ ...s, metadata: { ...s.metadata, namespace: ns } })),
      );
    } catch (e) {
      log?.(`Deploy watch: Services in ${ns} not listed (${(e as Error).message}); naming clusters by the manifest's`);
      list = manifestServices(ns);
    }
    services.set(ns, list);
    return list;
  };
  return async (snap) => {
    const namespaces = new Set(
      (snap.pods as KubernetesObject[]).map((p) => p.metadata?.namespace).filter((n): n is string => !!n),
    );
    const svcs = (await Promise.all([...namespaces].map(servicesOf))).flat();
    // FlinkDeployments the snapshot holds name their pods' cluster, as in discovery.
    const deployments = (snap.flink as KubernetesObject[]).filter((f) => f.kind === 'FlinkDeployment');
    const clusters = clustersInSnapshot(client.context, snap, svcs, deployments);
    if (!clusters.length) return;
    const refs = clusters.map((d): ClusterRef => ({ id: d.id, name: d.name, source: 'kubernetes', discovered: d }));
    incidents.observeClusters(refs, Date.now(), { partial: true });
    onClusters?.(refs);
  };
}

/**
 * A `waitForOperator` onPoll hook for a FlinkDeployment: its pods (the operator's `app=<name>`
 * labels) are listed on each poll and reported under the explorer's `flinkdeployment` id.
 */
export function reportOperatorPods(
  client: KubeClient,
  incidents: ClusterObserver,
  log?: (m: string) => void,
): (deployment: Record<string, unknown>) => Promise<void> {
  let warned = false;
  return async (deployment) => {
    const meta = (deployment.metadata ?? {}) as { name?: string; namespace?: string };
    if (deployment.kind !== 'FlinkDeployment' || !meta.name) return;
    const ns = meta.namespace ?? client.namespace;
    let pods: KubernetesObject[];
    try {
      pods = await client.call(
        { verb: 'list', kind: 'Pod', namespace: ns },
        async (api) =>
          (
            await api.list(
              'v1',
              'Pod',
              ns,
              undefined,
              undefined,
              undefined,
              undefined,
              `app=${meta.name},component in (jobmanager,taskmanager)`,
            )
          ).items,
      );
    } catch (e) {
      // Said once: the follow itself goes on.
      if (!warned)
        log?.(`Deploy watch: pods of ${meta.name} not listed (${(e as Error).message}); restarts not reported`);
      warned = true;
      return;
    }
    const clusters = clustersInSnapshot(
      client.context,
      { pods: pods.map((p) => ({ ...p, metadata: { ...p.metadata, namespace: ns } })) },
      [],
      [{ ...(deployment as KubernetesObject), metadata: { ...meta, namespace: ns } }],
    );
    if (clusters.length)
      incidents.observeClusters(
        clusters.map((d) => ({ id: d.id, name: d.name, source: 'kubernetes', discovered: d })),
        Date.now(),
        { partial: true },
      );
  };
}
