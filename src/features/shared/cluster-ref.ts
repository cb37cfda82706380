// A Flink cluster the extension knows: a REST endpoint the user added, or one found in Kubernetes.
// Pure types, shared by the cluster registry, the job explorer and every command that needs a cluster.
import type { FlinkClient } from '../../flink/client';
import type { DiscoveredCluster } from '../../kube/discover';

export interface ClusterRef {
  id: string;
  name: string;
  source: 'settings' | 'kubernetes';
  /** settings: the REST URL the user entered. */
  url?: string;
  discovered?: DiscoveredCluster;
}

export interface ClusterSource {
  /** Clusters known without I/O (the user's settings). */
  configured(): ClusterRef[];
  /** Clusters found in Kubernetes; undefined when discovery is off. */
  discover?(signal: AbortSignal): Promise<{ clusters: ClusterRef[]; warnings: string[] }>;
  /** A client for the cluster (opening a port-forward when needed). */
  connect(cluster: ClusterRef, signal: AbortSignal): Promise<FlinkClient>;
}
