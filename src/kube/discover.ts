// Finding Flink clusters in one namespace of the current context: standalone clusters by their
// JobManager Services (or bare JobManager pods) and labels, operator clusters by their
// FlinkDeployments with the operator's lifecycle state. Reads only; never connects to pods.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import { KubeError, toKubeError } from './errors';

export interface DiscoveredCluster {
  /** Stable id: `k8s:<context>/<namespace>/<kind>/<name>`. */
  id: string;
  name: string;
  namespace: string;
  context: string;
  kind: 'standalone' | 'operator';
  /** Label selector of the JobManager pods (what the port-forward targets). */
  jobManagerSelector: string;
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
): DiscoveredCluster[] {
  const out: DiscoveredCluster[] = [];
  const operatorNames = new Set(deployments.map((d) => d.metadata?.name ?? ''));
  const id = (kind: string, name: string) => `k8s:${context}/${namespace}/${kind}/${name}`;

  for (const d of deployments) {
    const name = d.metadata?.name ?? '';
    if (!name) continue;
    const mode = d.spec?.mode === 'standalone' ? 'flink-standalone-kubernetes' : 'flink-native-kubernetes';
    out.push({
      id: id('flinkdeployment', name),
      name,
      namespace,
      context,
      kind: 'operator',
      jobManagerSelector: selectorString({ app: name, component: 'jobmanager', type: mode }),
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
    const key = selectorString(sel);
    bySelector.set(key, [...(bySelector.get(key) ?? []), s]);
  }
  const covered = new Set<string>();
  for (const [selector, svcs] of bySelector) {
    // Prefer the ClusterIP service without a "-rest" suffix as the cluster's name.
    const sorted = [...svcs].sort((a, b) => (a.metadata?.name ?? '').length - (b.metadata?.name ?? '').length);
    const [svc] = sorted;
    if (!svc) continue;
    const name = svc.metadata?.name ?? selector;
    out.push({
      id: id('service', name),
      name,
      namespace,
      context,
      kind: 'standalone',
      jobManagerSelector: selector,
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
    out.push({
      id: id('pods', name),
      name,
      namespace,
      context,
      kind: 'standalone',
      jobManagerSelector: selector,
      restPort: REST_PORT,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
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

  const [services, pods, deployments] = await Promise.all([
    list<ServiceLike>('v1', 'Service'),
    list<PodLike>('v1', 'Pod', 'component=jobmanager'),
    list<FlinkDeploymentLike>(FLINK_DEPLOYMENT_API, 'FlinkDeployment').catch((e: unknown) => {
      const ke = e instanceof KubeError ? e : toKubeError(e);
      // No operator CRD in this cluster is normal; anything else is worth a warning.
      if (ke.status === 404 || /not found|does not exist|resource.*FlinkDeployment/i.test(ke.message)) return [];
      warnings.push(`FlinkDeployments not listed: ${ke.message}`);
      return [];
    }),
  ]);
  return { clusters: clustersFromObjects(client.context, ns, services, pods, deployments), warnings };
}
