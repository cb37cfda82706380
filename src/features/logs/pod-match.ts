// Which pod runs a Flink TaskManager or JobManager, so its log opens through the pod log API (the
// tail in one request) instead of a download of the whole file. Pure: the caller lists the pods.
//
// A TaskManager id is its resource id: the pod name under native Kubernetes (operator clusters),
// `<address>:<port>-<suffix>` in a standalone cluster, where the address is the pod IP (or its
// host name). Its RPC path (`pekko.tcp://flink@<address>:6122/user/rpc/taskmanager_0`) carries
// the same address. Several pods with one IP (hostNetwork) are told apart by their TaskManager
// label; still ambiguous means no match (the REST file is slower but never the wrong log).
import type { V1Pod } from '@kubernetes/client-node';

export interface PodRef {
  pod: string;
  container: string;
}

/** The Flink container of a pod: the name Flink's images and the operator use, else the default. */
export function flinkContainer(pod: V1Pod, role: 'taskmanager' | 'jobmanager'): string | undefined {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  for (const n of [role, 'flink-main-container', annotated]) if (n && names.includes(n)) return n;
  return names[0];
}

/** The address in a TaskManager's resource id or RPC path ('' when neither has one). */
export function taskManagerAddresses(id: string, path?: string): string[] {
  const out: string[] = [];
  const fromId = /^\[?([^\]\s]+?)\]?:\d+-[0-9a-zA-Z]+$/.exec(id);
  if (fromId?.[1]) out.push(fromId[1]);
  const fromPath = path ? /@\[?([^\]\s/]+?)\]?:\d+\//.exec(path) : null;
  if (fromPath?.[1] && !out.includes(fromPath[1])) out.push(fromPath[1]);
  return out;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** A pod name (DNS subdomain). */
const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Field selectors that find the pods a TaskManager id or address can name (pod name or pod IP),
 * so the lookup asks for those pods, not every pod of the namespace. Values a selector cannot
 * hold are left out (they match no pod name or IP either).
 */
export function podFieldSelectors(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (IPV4.test(v) || (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v))) out.add(`status.podIP=${v}`);
    else if (POD_NAME.test(v)) out.add(`metadata.name=${v}`);
  }
  return [...out];
}

const running = (p: V1Pod) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp;
const isTaskManager = (p: V1Pod) =>
  p.metadata?.labels?.component === 'taskmanager' || (p.spec?.containers ?? []).some((c) => c.name === 'taskmanager');

export function matchTaskManagerPod(tm: { id: string; path?: string }, pods: readonly V1Pod[]): PodRef | undefined {
  const live = pods.filter(running);
  const ref = (p: V1Pod | undefined): PodRef | undefined => {
    const name = p?.metadata?.name;
    const container = p && flinkContainer(p, 'taskmanager');
    return name && container ? { pod: name, container } : undefined;
  };
  const byName = live.find((p) => p.metadata?.name === tm.id);
  if (byName) return ref(byName);
  for (const addr of taskManagerAddresses(tm.id, tm.path)) {
    let hits = live.filter(
      (p) => p.status?.podIP === addr || p.status?.podIPs?.some((i) => i.ip === addr) || p.metadata?.name === addr,
    );
    if (hits.length > 1) hits = hits.filter(isTaskManager);
    if (hits.length === 1) return ref(hits[0]);
  }
  return undefined;
}

/** The JobManager pod of a selector: only when exactly one runs (with standbys, the REST log is the leader's). */
export function matchJobManagerPod(pods: readonly V1Pod[]): PodRef | undefined {
  const live = pods.filter(running);
  if (live.length !== 1 || !live[0]) return undefined;
  const name = live[0].metadata?.name;
  const container = flinkContainer(live[0], 'jobmanager');
  return name && container ? { pod: name, container } : undefined;
}
