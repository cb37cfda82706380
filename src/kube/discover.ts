// Finding Flink clusters in one namespace of the current context: standalone clusters by their
// JobManager Services (or bare JobManager pods) and labels, clusters of Flink's native Kubernetes
// mode by their `type: flink-native-kubernetes` labels, operator clusters by their FlinkDeployments
// with the operator's lifecycle state, session jobs, snapshots and blue/green owner. Each cluster
// carries its pods' and Warning events' health. Reads only; never connects to pods.
import type { KubernetesObject } from '@kubernetes/client-node';
import { eventHealth, podHealth } from '../core/health/inputs';
import type { EventHealth, PodHealth } from '../core/health/verdict';
import type { KubeClient } from './client';
import { KubeError, toKubeError } from './errors';
import {
  blueGreenInfo,
  blueGreenSide,
  listOperatorKind,
  operatorJobInfo,
  sessionJobInfo,
  snapshotInfo,
  type BlueGreenInfo,
  type OperatorJobInfo,
  type SessionJobInfo,
  type SnapshotInfo,
} from './operator-resources';

export interface DiscoveredCluster {
  /** Stable id: `k8s:<context>/<namespace>/<kind>/<name>`. */
  id: string;
  name: string;
  namespace: string;
  context: string;
  /** native: started by Flink's own native Kubernetes mode (kubernetes-session.sh, run-application). */
  kind: 'standalone' | 'operator' | 'native';
  /** Label selector of the JobManager pods (what the port-forward targets). */
  jobManagerSelector: string;
  /** Label selector of the TaskManager pods. */
  taskManagerSelector?: string;
  /** REST port on the JobManager pod: a number or a named container port. */
  restPort: number | string;
  serviceName?: string;
  /** Operator only. */
  lifecycleState?: string;
  jobManagerDeploymentStatus?: string;
  jobState?: string;
  /** Operator: application cluster (spec.job set) or session cluster. Standalone: unknown. */
  deploymentMode?: 'application' | 'session';
  flinkVersion?: string;
  /** Operator status.error, first line. */
  error?: string;
  /** For operator actions: the FlinkDeployment's spec.job (state, savepointTriggerNonce...). */
  job?: { state?: string; savepointTriggerNonce?: number; upgradeMode?: string };
  /** Operator: the job as the operator reports it (id, last savepoint / checkpoint, upgrade mode). */
  operatorJob?: OperatorJobInfo;
  /** Operator session cluster: its FlinkSessionJobs. */
  sessionJobs?: SessionJobInfo[];
  /** Operator: FlinkStateSnapshots of this FlinkDeployment. */
  snapshots?: SnapshotInfo[];
  /** Operator: the FlinkBlueGreenDeployment that owns it, and whether its side is the active one. */
  blueGreen?: BlueGreenInfo & { side: 'BLUE' | 'GREEN' };
  /** The JobManager and TaskManager pods, for the health verdict. */
  pods?: PodHealth[];
  /** Warning events of the cluster's resource and pods. */
  events?: EventHealth[];
}

/** Objects listed besides Services, pods and FlinkDeployments (all optional). */
export interface DiscoveryExtras {
  sessionJobs?: unknown[];
  snapshots?: unknown[];
  blueGreens?: unknown[];
  events?: unknown[];
}

export interface DiscoveryResult {
  clusters: DiscoveredCluster[];
  /** Partial failures (e.g. FlinkDeployments forbidden) that did not stop the rest. */
  warnings: string[];
}

interface ServiceLike extends KubernetesObject {
  spec?: {
    selector?: Record<string, string>;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
  };
}
interface PodLike extends KubernetesObject {
  status?: { phase?: string };
}

export const NATIVE_TYPE = 'flink-native-kubernetes';
interface FlinkDeploymentLike extends KubernetesObject {
  spec?: {
    flinkVersion?: string;
    mode?: string;
    job?: { state?: string; savepointTriggerNonce?: number; upgradeMode?: string };
  };
  status?: {
    lifecycleState?: string;
    jobManagerDeploymentStatus?: string;
    jobStatus?: { state?: string };
    error?: string;
  };
}

const REST_PORT = 8081;
export const FLINK_DEPLOYMENT_API = 'flink.apache.org/v1beta1';

export function selectorString(sel: Record<string, string>): string {
  return Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',');
}

/** The REST port a JobManager Service exposes: a port named rest/webui/http, else 8081. */
export function restPortOfService(svc: ServiceLike): number | string | undefined {
  const ports = svc.spec?.ports ?? [];
  const p =
    ports.find((x) => x.name === 'rest') ??
    ports.find((x) => x.name === 'webui') ??
    ports.find((x) => x.port === REST_PORT) ??
    ports.find((x) => x.name === 'http');
  if (!p) return undefined;
  return p.targetPort ?? p.port;
}

function isJobManagerSelector(sel: Record<string, string> | undefined): sel is Record<string, string> {
  return !!sel && sel.component === 'jobmanager';
}

function firstLine(s: string | undefined): string | undefined {
  if (!s) return undefined;
  try {
    const parsed = JSON.parse(s) as { message?: string };
    if (parsed && typeof parsed.message === 'string') return parsed.message.split('\n')[0];
  } catch {
    // status.error may be plain text
  }
  return s.split('\n')[0];
}

/** Pure: clusters from listed objects (exported for tests). */
export function clustersFromObjects(
  context: string,
  namespace: string,
  services: ServiceLike[],
  pods: PodLike[],
  deployments: FlinkDeploymentLike[],
  extras: DiscoveryExtras = {},
): DiscoveredCluster[] {
  const out: DiscoveredCluster[] = [];
  const snapshots = (extras.snapshots ?? []).map(snapshotInfo);
  const blueGreens = new Map((extras.blueGreens ?? []).map(blueGreenInfo).map((b) => [b.name, b]));
  const operatorNames = new Set(deployments.map((d) => d.metadata?.name ?? ''));
  const id = (kind: string, name: string) => `k8s:${context}/${namespace}/${kind}/${name}`;

  for (const d of deployments) {
    const name = d.metadata?.name ?? '';
    if (!name) continue;
    const mode = d.spec?.mode === 'standalone' ? 'flink-standalone-kubernetes' : NATIVE_TYPE;
    const side = blueGreenSide(d);
    const bg = side && blueGreens.get(side.owner);
    out.push({
      id: id('flinkdeployment', name),
      name,
      namespace,
      context,
      kind: 'operator',
      jobManagerSelector: selectorString({ app: name, component: 'jobmanager', type: mode }),
      taskManagerSelector: selectorString({ app: name, component: 'taskmanager', type: mode }),
      restPort: REST_PORT,
      serviceName: `${name}-rest`,
      lifecycleState: d.status?.lifecycleState,
      jobManagerDeploymentStatus: d.status?.jobManagerDeploymentStatus,
      jobState: d.status?.jobStatus?.state,
      deploymentMode: d.spec?.job ? 'application' : 'session',
      flinkVersion: d.spec?.flinkVersion,
      error: firstLine(d.status?.error),
      job: d.spec?.job
        ? {
            state: d.spec.job.state,
            savepointTriggerNonce: d.spec.job.savepointTriggerNonce,
            upgradeMode: d.spec.job.upgradeMode,
          }
        : undefined,
      operatorJob: operatorJobInfo(d),
      sessionJobs: d.spec?.job
        ? undefined
        : (extras.sessionJobs ?? [])
            .filter((j) => (j as { spec?: { deploymentName?: string } }).spec?.deploymentName === name)
            .map((j) => sessionJobInfo(j, snapshots)),
      snapshots: snapshots.filter((x) => x.of?.kind === 'FlinkDeployment' && x.of.name === name),
      blueGreen: bg && side ? { ...bg, side: side.side } : undefined,
    });
  }

  // Standalone: Services selecting JobManager pods, one cluster per distinct selector (the docs
  // create both flink-jobmanager and flink-jobmanager-rest for the same pods).
  const bySelector = new Map<string, ServiceLike[]>();
  for (const s of services) {
    const sel = s.spec?.selector;
    if (!isJobManagerSelector(sel)) continue;
    if (operatorNames.has(sel.app ?? '')) continue; // the operator's <name>-rest Service
    if (restPortOfService(s) === undefined) continue;
    // Flink's native mode selects with type and app; its headless `<cluster-id>` Service has no REST port.
    const key = selectorString(sel);
    bySelector.set(key, [...(bySelector.get(key) ?? []), s]);
  }
  const covered = new Set<string>();
  for (const [selector, svcs] of bySelector) {
    // Prefer the ClusterIP service without a "-rest" suffix as the cluster's name.
    const sorted = [...svcs].sort((a, b) => (a.metadata?.name ?? '').length - (b.metadata?.name ?? '').length);
    const [svc] = sorted;
    if (!svc) continue;
    // Flink's native mode names the cluster by its app label (`<cluster-id>-rest` is its Service).
    const native = parseSelector(selector).type === NATIVE_TYPE && !!parseSelector(selector).app;
    const name = native ? (parseSelector(selector).app ?? '') : (svc.metadata?.name ?? selector);
    out.push({
      id: id(native ? 'native' : 'service', name),
      name,
      namespace,
      context,
      kind: native ? 'native' : 'standalone',
      jobManagerSelector: selector,
      taskManagerSelector: tmSelector(selector),
      restPort: restPortOfService(svc) ?? REST_PORT,
      serviceName: name,
    });
    for (const p of pods) if (matches(p.metadata?.labels, selector)) covered.add(p.metadata?.name ?? '');
  }

  // JobManager pods no Service selects: group them by their app label.
  const orphans = new Map<string, PodLike[]>();
  for (const p of pods) {
    const labels = p.metadata?.labels ?? {};
    if (labels.component !== 'jobmanager' || covered.has(p.metadata?.name ?? '')) continue;
    if (operatorNames.has(labels.app ?? '')) continue;
    const sel: Record<string, string> = { component: 'jobmanager' };
    if (labels.app) sel.app = labels.app;
    if (labels.type) sel.type = labels.type;
    const key = selectorString(sel);
    orphans.set(key, [...(orphans.get(key) ?? []), p]);
  }
  for (const [selector, ps] of orphans) {
    const app = ps[0]?.metadata?.labels?.app;
    const name = app ?? ps[0]?.metadata?.name ?? 'jobmanager';
    const native = parseSelector(selector).type === NATIVE_TYPE && !!app;
    out.push({
      id: id(native ? 'native' : 'pods', name),
      name,
      namespace,
      context,
      kind: native ? 'native' : 'standalone',
      jobManagerSelector: selector,
      taskManagerSelector: tmSelector(selector),
      restPort: REST_PORT,
    });
  }
  const events = (extras.events ?? []).map(eventHealth).filter((e) => e !== undefined);
  for (const c of out) attachHealth(c, pods, events);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function parseSelector(selector: string): Record<string, string> {
  return Object.fromEntries(selector.split(',').map((kv) => [kv.split('=')[0] ?? kv, kv.split('=')[1] ?? '']));
}

function tmSelector(jmSelector: string): string {
  return selectorString({ ...parseSelector(jmSelector), component: 'taskmanager' });
}

type EventWithObject = ReturnType<typeof eventHealth> & {};

/** The cluster's pods (JobManager and TaskManager selectors) and the Warning events about them. */
function attachHealth(c: DiscoveredCluster, pods: PodLike[], events: EventWithObject[]): void {
  const mine = pods.filter(
    (p) =>
      !p.metadata?.deletionTimestamp &&
      (matches(p.metadata?.labels, c.jobManagerSelector) ||
        (!!c.taskManagerSelector && matches(p.metadata?.labels, c.taskManagerSelector))),
  );
  c.pods = mine.map(podHealth);
  const podNames = new Set(c.pods.map((p) => p.name));
  // The resource itself, its pods, and the Deployments / ReplicaSets named after it.
  const app = parseSelector(c.jobManagerSelector).app ?? c.name;
  const about = (e: EventWithObject) => {
    const n = e.object?.name ?? '';
    // Also pods already replaced (native mode names TaskManagers <cluster-id>-taskmanager-<attempt>-<n>).
    if (podNames.has(n)) return true;
    return n === c.name || n === app || n.startsWith(`${c.name}-`) || n.startsWith(`${app}-`);
  };
  c.events = events.filter(about).map(({ object: _o, ...e }) => e);
  for (const j of c.sessionJobs ?? [])
    j.events = events
      .filter((e) => e.object?.kind === 'FlinkSessionJob' && e.object.name === j.name)
      .map(({ object: _o, ...e }) => e);
}

export function matches(labels: Record<string, string> | undefined, selector: string): boolean {
  if (!selector) return false;
  return selector.split(',').every((kv) => {
    const [k = kv, v] = kv.split('=');
    return labels?.[k] === v;
  });
}

/** Lists Services, JobManager pods and FlinkDeployments in the client's namespace. */
export async function discoverClusters(client: KubeClient): Promise<DiscoveryResult> {
  const ns = client.namespace;
  const warnings: string[] = [];
  const list = <T extends KubernetesObject>(apiVersion: string, kind: string, labelSelector?: string) =>
    client.call(
      { verb: 'list', kind, namespace: ns },
      async (api) =>
        (await api.list(apiVersion, kind, ns, undefined, undefined, undefined, undefined, labelSelector)).items as T[],
    );

  // Seven lists in parallel per discovery (at most every 30 s from the explorer's timer): the
  // pods, Warning events and operator resources the explorer's nodes and health verdicts need, so
  // that no cluster node makes a Kubernetes request of its own.
  const [services, pods, deployments, sessionJobs, snapshots, blueGreens, events] = await Promise.all([
    list<ServiceLike>('v1', 'Service'),
    list<PodLike>('v1', 'Pod', 'component in (jobmanager,taskmanager)'),
    list<FlinkDeploymentLike>(FLINK_DEPLOYMENT_API, 'FlinkDeployment').catch((e: unknown) => {
      const ke = e instanceof KubeError ? e : toKubeError(e);
      // No operator CRD in this cluster is normal; anything else is worth a warning.
      if (ke.status === 404 || /not found|does not exist|resource.*FlinkDeployment/i.test(ke.message)) return [];
      warnings.push(`FlinkDeployments not listed: ${ke.message}`);
      return [];
    }),
    listOperatorKind(client, 'FlinkSessionJob', warnings),
    listOperatorKind(client, 'FlinkStateSnapshot', warnings),
    listOperatorKind(client, 'FlinkBlueGreenDeployment', warnings),
    client
      .call(
        { verb: 'list', kind: 'Event', namespace: ns },
        async (api) =>
          // Newest last in the API's order; 500 Warning events is more than a namespace keeps for 1 h.
          (await api.list('v1', 'Event', ns, undefined, undefined, undefined, 'type=Warning', undefined, 500)).items,
      )
      .catch((e: unknown) => {
        warnings.push(`Events not listed (health verdicts leave them out): ${toKubeError(e).message}`);
        return [] as KubernetesObject[];
      }),
  ]);
  const extras = { sessionJobs, snapshots, blueGreens, events };
  return { clusters: clustersFromObjects(client.context, ns, services, pods, deployments, extras), warnings };
}
