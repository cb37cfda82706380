// Opens a Flink JobManager's or TaskManager's main log through its pod when the cluster lives in
// Kubernetes: the container's stdout is that log (Flink's images write it there too), and the pod
// log API returns its tail in one request at any size, where Flink's REST API sends the whole file.
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { DiscoveredCluster } from '../../kube/discover';
import { listPods } from '../../kube/core-api';
import type { FlinkLogTarget, LogOwner } from '../../flink/logs';
import { PodFeed } from './pod-feed';
import {
  matchJobManagerPod,
  matchTaskManagerPod,
  podFieldSelectors,
  taskManagerAddresses,
  type PodRef,
} from './pod-match';

/** Lines of the first request; the rest of the log is read behind them. */
export const POD_TAIL_LINES = 2_000;

/**
 * The pod of a JobManager or TaskManager of a discovered cluster, or undefined (then the REST log
 * is used). `taskManagerPath` resolves a TaskManager's RPC path (one REST call, made alongside).
 */
export async function findFlinkPod(
  kc: KubeConfig,
  cluster: Pick<DiscoveredCluster, 'namespace' | 'jobManagerSelector'>,
  owner: LogOwner,
  taskManagerPath: (id: string) => Promise<string | undefined>,
  signal?: AbortSignal,
): Promise<PodRef | undefined> {
  if (owner.type === 'jobmanager') {
    const pods = await listPods(kc, cluster.namespace, { signal, labelSelector: cluster.jobManagerSelector });
    return matchJobManagerPod(pods.items);
  }
  // The pods the id names (pod name, or the pod IP in a standalone id), with the RPC path alongside;
  // then the pods of an address only the path has (a host name). Not every pod of the namespace:
  // in a shared namespace that list is megabytes, read before the first line could be.
  const idValues = [owner.id, ...taskManagerAddresses(owner.id)];
  const [pods, path] = await Promise.all([
    podsNamed(kc, cluster.namespace, idValues, signal),
    taskManagerPath(owner.id).catch(() => undefined),
  ]);
  const named = pods.filter((p) => p.metadata?.name === owner.id);
  const byName = matchTaskManagerPod({ id: owner.id }, named);
  if (byName) return byName;
  const more = taskManagerAddresses(owner.id, path).filter((a) => !idValues.includes(a));
  const extra = more.length ? await podsNamed(kc, cluster.namespace, more, signal) : [];
  return matchTaskManagerPod({ id: owner.id, path }, unique([...pods, ...extra]));
}

/** The pods whose name or IP is one of `values` (a request per selector, in parallel). */
async function podsNamed(kc: KubeConfig, namespace: string, values: string[], signal?: AbortSignal): Promise<V1Pod[]> {
  const lists = await Promise.all(
    podFieldSelectors(values).map((fieldSelector) => listPods(kc, namespace, { signal, fieldSelector })),
  );
  return unique(lists.flatMap((l) => l.items));
}

/** Each pod once (a pod can answer to its name and its IP). */
function unique(pods: V1Pod[]): V1Pod[] {
  return [...new Map(pods.map((p) => [p.metadata?.uid ?? p.metadata?.name, p])).values()];
}

/**
 * The feed of a Flink log read through its pod: the tail first, then the earlier lines (from the
 * pod log, then from `restFile`, the same log through Flink's REST API, for what a rotation took),
 * then follow.
 */
export function flinkPodFeed(
  kc: KubeConfig,
  namespace: string,
  ref: PodRef,
  owner: LogOwner,
  restFile?: FlinkLogTarget,
): PodFeed {
  const who = owner.type === 'jobmanager' ? 'JobManager' : `TaskManager ${owner.id}`;
  return new PodFeed(
    kc,
    namespace,
    ref.pod,
    { container: ref.container, tailLines: POD_TAIL_LINES },
    {
      backfill: true,
      ...(restFile ? { restFile } : {}),
      title: `${owner.type === 'jobmanager' ? 'JM' : `TM ${owner.id}`} · log`,
      description: `${who} log through its pod ${namespace}/${ref.pod}/${ref.container} (Kubernetes pod log: the last lines first, earlier lines behind them)`,
    },
  );
}
