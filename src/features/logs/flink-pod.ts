// Opens a Flink JobManager's or TaskManager's main log through its pod when the cluster lives in
// Kubernetes: the container's stdout is that log (Flink's images write it there too), and the pod
// log API returns its tail in one request at any size, where Flink's REST API sends the whole file.
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { DiscoveredCluster } from '../../kube/discover';
import { listPods } from '../../kube/core-api';
import type { FlinkLogTarget, LogOwner } from '../../flink/logs';
import { PodFeed } from './pod-feed';
import { matchJobManagerPod, matchTaskManagerPod, type PodRef } from './pod-match';

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
  const [pods, path] = await Promise.all([
    listPods(kc, cluster.namespace, { signal }),
    taskManagerPath(owner.id).catch(() => undefined),
  ]);
  return matchTaskManagerPod({ id: owner.id, path }, pods.items as V1Pod[]);
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
