// A deploy's operator follow reporting the job state the operator sees (status.jobStatus, with
// status.error) to the session's incidents, under the cluster id the job explorer lists: the
// FlinkDeployment itself, or a FlinkSessionJob's session cluster (spec.deploymentName). A job going
// FAILING / RESTARTING / FAILED is then recorded by the same hub call the explorer makes for the
// jobs it reads through REST, so whoever sees it first records it.
// No vscode import: the integration test runs it with the real operator on the test bed.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { JobStateLike } from '../../core/incidents/detect';
import { FlinkClient } from '../../flink/client';
import type { KubeClient } from '../../kube/client';
import type { ForwardLease } from '../../kube/port-forward';
import { operatorResourceStatus } from '../../kube/operator-status';
import { readOperatorObject } from '../../kube/operator-watch';
import { clustersFromObjects } from '../../kube/discover';
import type { ClusterRef } from '../shared/cluster-ref';
import type { PortForwards } from '../shared/port-forwards';
import { reportOperatorPods, type ClusterObserver } from './watch-incidents';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** The part of services.incidents the follow needs: pods (restarts) and jobs (failures). */
export interface IncidentObserver extends ClusterObserver {
  observeJobs(cluster: ClusterRef, jobs: readonly JobStateLike[], now?: number): void;
  lastJobs(clusterId: string): readonly JobStateLike[];
}

/** The FlinkDeployment whose cluster runs the resource's job: itself, or a session job's deployment. */
export function clusterDeploymentName(resource: Obj): string | undefined {
  const name = o(resource.metadata).name;
  if (resource.kind === 'FlinkDeployment') return typeof name === 'string' ? name : undefined;
  const dep = o(resource.spec).deploymentName;
  return resource.kind === 'FlinkSessionJob' && typeof dep === 'string' && dep ? dep : undefined;
}

/**
 * One follow's view of the jobs of the resources it follows. The operator's view is reported when
 * it changes only (and once at first, as the baseline when nobody has seen the cluster yet): the
 * explorer may have seen a newer state through REST since, and a lagging repeat must not undo it.
 * The hub keeps one job list per cluster, so the other jobs it knows (a session cluster's) are
 * passed along unchanged.
 */
export class OperatorJobReports {
  private readonly last = new Map<string, string>();

  constructor(private readonly incidents: IncidentObserver) {}

  /** `cluster`: the explorer's ref of the cluster the job runs on; `resource`: the object as polled. */
  report(cluster: ClusterRef, resource: Obj, now = Date.now()): void {
    const st = operatorResourceStatus(resource);
    const job: JobStateLike | undefined =
      st.jobId && st.jobState
        ? {
            jid: st.jobId,
            name: st.jobName,
            state: st.jobState,
            operator: { kind: st.kind, name: st.name, namespace: st.namespace },
            ...(st.error ? { error: st.error } : {}),
          }
        : undefined;
    const key = `${cluster.id}|${st.kind}/${st.name}`;
    const seen = job ? `${job.jid}/${job.state}` : '';
    if (this.last.get(key) === seen) return;
    const first = !this.last.has(key);
    this.last.set(key, seen);
    if (!job && !first) return;
    const others = this.incidents.lastJobs(cluster.id).filter((j) => j.jid !== job?.jid);
    this.incidents.observeJobs(cluster, job ? [job, ...others] : others, now);
  }
}

/**
 * A `waitForOperator` onPoll hook for a FlinkDeployment or FlinkSessionJob: the cluster's pods
 * first (so the hub has the cluster's ref when a job incident's capture starts), then its job.
 * A session job's FlinkDeployment is read once per follow (for the cluster's name and mode).
 */
export function reportOperatorFollow(
  client: KubeClient,
  incidents: IncidentObserver,
  log?: (m: string) => void,
): (resource: Obj) => Promise<void> {
  const pods = reportOperatorPods(client, incidents, log);
  const jobs = new OperatorJobReports(incidents);
  const deployments = new Map<string, Obj>();
  return async (resource) => {
    const dep = clusterDeploymentName(resource);
    if (!dep) return;
    const ns = String(o(resource.metadata).namespace ?? client.namespace);
    let deployment = resource.kind === 'FlinkDeployment' ? resource : deployments.get(`${ns}/${dep}`);
    if (!deployment) {
      const read = await readOperatorObject(client, { kind: 'FlinkDeployment', name: dep, namespace: ns }).catch(
        (e: unknown) => {
          log?.(
            `Deploy watch: FlinkDeployment ${ns}/${dep} not read (${(e as Error).message}); named by its name only`,
          );
          return undefined;
        },
      );
      // Its name is enough for the cluster's id; kind and metadata for discovery's naming.
      deployment = read ?? {
        apiVersion: 'flink.apache.org/v1beta1',
        kind: 'FlinkDeployment',
        metadata: { name: dep, namespace: ns },
      };
      deployments.set(`${ns}/${dep}`, deployment);
    }
    await pods(deployment);
    const meta = { ...o(deployment.metadata), namespace: ns };
    const [d] = clustersFromObjects(
      client.context,
      ns,
      [],
      [],
      [{ ...(deployment as KubernetesObject), metadata: meta }],
    );
    if (d) jobs.report({ id: d.id, name: d.name, source: 'kubernetes', discovered: d }, resource);
  };
}

const REST_JOBS_TIMEOUT_MS = 15_000;

/** The shared port-forward service and the kube client it is keyed by (services.clusters.kube()). */
export interface RestJobsDeps {
  kube(): KubeClient | undefined;
  forwards: Pick<PortForwards, 'for'>;
}

/**
 * Once a standalone (or native) rollout is up: each cluster's job list, read once through a lease
 * of the shared port-forward service (released at once; the forward closes after its idle grace
 * unless the explorer uses it), goes to the hub like an explorer refresh. The rollout watch ends
 * here, before an application job can have failed, so this is the baseline that lets the
 * explorer's first look record a job that failed after the deploy (a first look alone compares
 * with nothing). Only for a cluster in the registry's own context: the service is keyed by its
 * kube client, and another client would close the explorer's forwards.
 */
export async function reportRestJobs(
  deps: RestJobsDeps,
  incidents: IncidentObserver,
  clusters: readonly ClusterRef[],
  signal: AbortSignal,
  log?: (m: string) => void,
): Promise<void> {
  const kube = deps.kube();
  for (const c of clusters) {
    const d = c.discovered;
    if (!d || d.kind === 'operator') continue;
    if (!kube || d.context !== kube.context) {
      log?.(`Deploy watch: jobs of ${c.name} not read (context ${d.context} is not the explorer's)`);
      continue;
    }
    let lease: ForwardLease | undefined;
    // The deploy's notification waits for this: bounded, whatever the pod and Flink do.
    const sig = AbortSignal.any([signal, AbortSignal.timeout(REST_JOBS_TIMEOUT_MS)]);
    try {
      lease = await deps.forwards
        .for(kube)
        .acquire({ namespace: d.namespace, selector: d.jobManagerSelector, port: d.restPort }, sig);
      const jobs = await new FlinkClient({ baseUrl: lease.url, timeoutMs: 10_000 }).jobIds({ signal: sig });
      incidents.observeJobs(
        c,
        jobs.map((j) => ({ jid: j.id, state: j.status })),
        Date.now(),
      );
    } catch (e) {
      log?.(
        `Deploy watch: jobs of ${c.name} not read (${(e as Error).message}); the explorer's first look has no baseline`,
      );
    } finally {
      lease?.release();
    }
  }
}
