// The job explorer's data logic, without vscode: which request each expanded level makes, how the
// answers become nodes, loading and error nodes, refresh generations. One request per expanded
// level per refresh (the cluster level makes two in parallel: /overview, and /jobs/overview the
// first time, then the much smaller /jobs, plus /jobs/overview only when a job's status changed);
// a level that is stale keeps showing its last data while it reloads; every level loads on its
// own, so a slow or dead cluster never holds up another.
import type { Incident } from '../../core/incidents/store';
import type { FlinkClient } from '../../flink/client';
import { describeError } from '../../flink/errors';
import type { ClusterOverview, JobDetails, JobOverviewEntry, TaskManagerInfo } from '../../flink/types';
import type { ClusterSource } from '../shared/cluster-ref';
export type { ClusterSource } from '../shared/cluster-ref';
import { applicationJob, clusterVerdict, jobCheckpoints, summaryJob, type RestHealth } from './health';
import { logChildren, sectionChildren } from './levels';
import { TERMINAL_STATES, clusterIsSession, groupJobs, type ClusterRef, type JobSection, type JobsNode } from './nodes';
import { operatorChildren, operatorDerived, resourceRef, type OperatorNode } from './operator-nodes';

type Node<K extends JobsNode['kind']> = Extract<JobsNode, { kind: K }>;

interface Level {
  gen: number;
  children?: JobsNode[];
  error?: { message: string; detail?: string };
  loading?: Promise<void>;
  abort?: AbortController;
}

export interface ModelOptions {
  source: ClusterSource;
  /** Called when a node's children changed (undefined = the root). */
  onDidChange: (node: JobsNode | undefined) => void;
  /** Max history entries shown under Checkpoints. */
  checkpointHistory?: number;
  /** Told what each refresh saw (pods, jobs) to detect incidents; lists them under their cluster. */
  incidents?: IncidentsFeed;
}

/** The session's incidents as the explorer sees them (services.incidents). */
export interface IncidentsFeed {
  observeClusters(clusters: readonly ClusterRef[]): void;
  observeJobs(cluster: ClusterRef, jobs: readonly JobOverviewEntry[]): void;
  list(clusterId: string): readonly Incident[];
}

const ROOT = 'root';

export class JobsModel {
  private gen = 1;
  private discoverGen = 1;
  private readonly levels = new Map<string, Level>();
  /** Interned nodes by id: the same object across refreshes, as TreeView events need. */
  private readonly nodes = new Map<string, JobsNode>();
  private clusters = new Map<string, ClusterRef>();
  private discovered: ClusterRef[] = [];
  /** Cluster-level data that child levels (state groups, vertices) reuse. */
  private readonly jobsByCluster = new Map<string, JobOverviewEntry[]>();
  private readonly jobsFetchedAt = new Map<string, number>();
  private readonly jobDetails = new Map<string, JobDetails>();
  /** Per cluster: what its last REST load said for the health verdict; checkpoint intervals per job. */
  private readonly restHealth = new Map<string, RestHealth>();
  private readonly checkpointIntervals = new Map<string, number | undefined>();
  private disposed = false;

  constructor(private readonly opts: ModelOptions) {}

  /**
   * Start a new generation: every level reloads the next time it is shown. Discovery in
   * Kubernetes (the root level) reloads only when `discover` is true: the timer passes it
   * every few ticks, the Refresh command always.
   */
  refresh(discover = true): void {
    this.gen++;
    if (discover) this.discoverGen = this.gen;
    this.opts.onDidChange(undefined);
  }

  /** Reload one level (error node retry, or a node after an action). */
  retry(nodeOrLevel: JobsNode | string | undefined): void {
    const id =
      typeof nodeOrLevel === 'string'
        ? nodeOrLevel
        : nodeOrLevel?.kind === 'error'
          ? nodeOrLevel.levelId
          : (nodeOrLevel?.id ?? ROOT);
    const level = this.levels.get(id);
    if (level) {
      level.gen = 0;
      level.error = undefined;
    }
    this.opts.onDidChange(id === ROOT ? undefined : this.nodes.get(id));
  }

  cluster(id: string): ClusterRef | undefined {
    return this.clusters.get(id);
  }

  allClusters(): ClusterRef[] {
    return [...this.clusters.values()];
  }

  node(id: string): JobsNode | undefined {
    return this.nodes.get(id);
  }

  /** The blue/green group a cluster is listed under, if any (clusters are roots otherwise). */
  groupOf(clusterId: string): JobsNode | undefined {
    for (const n of this.nodes.values()) if (n.kind === 'blueGreen' && n.clusterIds.includes(clusterId)) return n;
    return undefined;
  }

  /** The incidents of a cluster changed: its children (the Incidents node) are shown again. */
  incidentsChanged(clusterId: string): void {
    const n = this.nodes.get(clusterId);
    if (n) this.opts.onDidChange(n);
    const list = this.nodes.get(`${clusterId}/incidents`);
    if (list) this.opts.onDidChange(list);
  }

  dispose(): void {
    this.disposed = true;
    for (const l of this.levels.values()) l.abort?.abort();
  }

  /** Children now: cached (maybe stale, then reloading) or a loading node. Never throws. */
  children(node?: JobsNode): JobsNode[] {
    const id = node?.id ?? ROOT;
    if (node && !this.loads(node)) return this.derived(node);
    const level = this.levels.get(id) ?? { gen: 0 };
    this.levels.set(id, level);
    if (level.gen < (id === ROOT ? this.discoverGen : this.gen)) this.load(node, level);
    if (id === ROOT) return this.rootChildren(level);
    const loaded = level.error
      ? [this.errorNode(id, level.error)]
      : (level.children ?? [this.intern({ id: `${id}/loading`, kind: 'loading', label: 'Loading…' })]);
    // Incidents come first under their cluster, shown even when its REST API does not answer.
    const count = node?.kind === 'cluster' ? (this.opts.incidents?.list(id).length ?? 0) : 0;
    const own = count
      ? [this.intern({ id: `${id}/incidents`, kind: 'incidents', clusterId: id, count }), ...loaded]
      : loaded;
    // An operator cluster shows what the operator reports even when its REST API does not answer.
    if (node?.kind === 'cluster' && node.cluster.discovered?.kind === 'operator')
      return [
        ...operatorChildren(id, node.cluster.discovered, this.jobsByCluster.get(id), Date.now()).map((n) =>
          this.intern(n),
        ),
        ...own,
      ];
    return own;
  }

  /** Children once the level has loaded (for tests, the benchmark and first paint). */
  async resolveChildren(node?: JobsNode): Promise<JobsNode[]> {
    this.children(node);
    for (let l = this.levels.get(node?.id ?? ROOT); l?.loading; l = this.levels.get(node?.id ?? ROOT)) await l.loading;
    return this.children(node);
  }

  private loads(node: JobsNode): boolean {
    return (
      ['cluster', 'job', 'taskmanagers', 'jobmanager'].includes(node.kind) ||
      (node.kind === 'section' && node.section !== 'vertices') ||
      node.kind === 'taskmanager'
    );
  }

  private load(node: JobsNode | undefined, level: Level): void {
    // A load in flight finishes first (never aborted by a refresh: a slow cluster must still
    // get to show its answer); a stale result triggers the next load when shown again.
    if (level.loading) return;
    const gen = this.gen;
    const abort = new AbortController();
    level.abort = abort;
    level.loading = (async () => {
      try {
        const children = await this.fetch(node, abort.signal);
        if (abort.signal.aborted) return;
        level.children = children.map((c) => this.intern(c));
        level.error = undefined;
      } catch (e) {
        if (abort.signal.aborted) return;
        level.error = { message: describeError(e).split('\n')[0] ?? '', detail: describeError(e) };
      }
      level.gen = gen;
      level.loading = undefined;
      if (!this.disposed) this.opts.onDidChange(node);
    })();
  }

  private rootChildren(level: Level): JobsNode[] {
    const configured = this.opts.source.configured();
    const all = [...configured, ...this.discovered];
    this.clusters = new Map(all.map((c) => [c.id, c]));
    const out: JobsNode[] = [];
    // Deployments of a FlinkBlueGreenDeployment are listed under it, with the active side marked.
    const blueGreens = new Map<string, Extract<JobsNode, { kind: 'blueGreen' }>>();
    for (const c of all) {
      const n = this.clusterNode(c);
      const bg = c.discovered?.blueGreen;
      if (!bg) {
        out.push(n);
        continue;
      }
      const id = `k8s:${c.discovered?.context}/${bg.namespace}/bluegreen/${bg.name}`;
      const group = blueGreens.get(id) ?? { id, kind: 'blueGreen', info: bg, clusterIds: [] };
      group.clusterIds.push(c.id);
      if (!blueGreens.has(id)) out.push(group);
      blueGreens.set(id, group);
    }
    for (const [i, n] of out.entries()) if (n.kind === 'blueGreen') out[i] = this.intern(n);
    if (this.opts.source.discover) {
      if (level.error) out.push(this.errorNode(ROOT, level.error));
      else if (level.children === undefined)
        out.push(
          this.intern({ id: 'root/loading', kind: 'loading', label: 'Looking for Flink clusters in Kubernetes…' }),
        );
      else out.push(...level.children.filter((n) => n.kind === 'info'));
    }
    if (!out.length)
      out.push(
        this.intern({
          id: 'root/empty',
          kind: 'info',
          label: 'No Flink clusters',
          description: 'add one by URL or deploy one',
          icon: 'info',
        }),
      );
    return out;
  }

  private clusterExtras(id: string): { overview?: ClusterOverview; version?: string } {
    const n = this.nodes.get(id);
    return n?.kind === 'cluster' ? { overview: n.overview, version: n.version } : {};
  }

  /** The cluster node with its FlinkDeployment reference and its health verdict as known now. */
  private clusterNode(c: ClusterRef, extras = this.clusterExtras(c.id)): JobsNode {
    const d = c.discovered;
    return this.intern({
      id: c.id,
      kind: 'cluster',
      cluster: c,
      ...extras,
      resource: d?.kind === 'operator' ? resourceRef(d, 'FlinkDeployment') : undefined,
      health: clusterVerdict(c, this.restHealth.get(c.id), Date.now()),
    });
  }

  private errorNode(levelId: string, err: { message: string; detail?: string }): JobsNode {
    return this.intern({ id: `${levelId}/error`, kind: 'error', message: err.message, detail: err.detail, levelId });
  }

  private intern(n: JobsNode): JobsNode {
    const old = this.nodes.get(n.id);
    if (old && old.kind === n.kind) {
      for (const k of Object.keys(old)) if (!(k in n)) delete (old as unknown as Record<string, unknown>)[k];
      Object.assign(old, n);
      return old;
    }
    this.nodes.set(n.id, n);
    return n;
  }

  private client(clusterId: string, signal: AbortSignal): Promise<FlinkClient> {
    const c = this.clusters.get(clusterId);
    if (!c) throw new Error(`Cluster ${clusterId} is no longer listed.`);
    return this.opts.source.connect(c, signal);
  }

  // ---- the one fetch per level ----------------------------------------------------------------

  private async fetch(node: JobsNode | undefined, signal: AbortSignal): Promise<JobsNode[]> {
    if (!node) return this.fetchRoot(signal);
    switch (node.kind) {
      case 'cluster':
        return this.fetchCluster(node, signal);
      case 'job':
        return this.fetchJob(node, signal);
      case 'section':
        return this.fetchSection(node, signal);
      case 'taskmanagers':
        return this.fetchTaskManagers(node, signal);
      case 'taskmanager':
        return this.fetchLogs(node.clusterId, node.id, node.tm, signal);
      case 'jobmanager':
        return this.fetchLogs(node.clusterId, node.id, undefined, signal);
      default:
        return [];
    }
  }

  private async fetchRoot(signal: AbortSignal): Promise<JobsNode[]> {
    if (!this.opts.source.discover) return [];
    let r: { clusters: ClusterRef[]; warnings: string[] };
    try {
      r = await this.opts.source.discover(signal);
    } catch (e) {
      // The error node replaces what discovery found (it may be another context by now).
      this.discovered = [];
      throw e;
    }
    this.discovered = r.clusters;
    this.opts.incidents?.observeClusters(r.clusters);
    return r.warnings.map((w, i) => ({ id: `root/warning/${i}`, kind: 'info', label: w, icon: 'warning' }));
  }

  private async fetchCluster(node: Node<'cluster'>, signal: AbortSignal): Promise<JobsNode[]> {
    try {
      return await this.fetchClusterRest(node, signal);
    } catch (e) {
      if (!signal.aborted) {
        this.restHealth.set(node.id, { restError: describeError(e) });
        this.clusterNode(node.cluster);
      }
      throw e;
    }
  }

  private async fetchClusterRest(node: Node<'cluster'>, signal: AbortSignal): Promise<JobsNode[]> {
    const client = await this.client(node.id, signal);
    const prev = this.jobsByCluster.get(node.id);
    let overview: ClusterOverview;
    let jobs: JobOverviewEntry[];
    if (!prev) {
      [overview, jobs] = await Promise.all([client.overview({ signal }), client.jobsOverview({ signal })]);
    } else {
      // Refresh: the job list only when some job's status changed (GET /jobs is ids and statuses,
      // a fraction of /jobs/overview's bytes on a long history); durations advance locally.
      let ids: Array<{ id: string; status: string }>;
      [overview, ids] = await Promise.all([client.overview({ signal }), client.jobIds({ signal })]);
      const same = ids.length === prev.length && ids.every((j) => prev.find((p) => p.jid === j.id)?.state === j.status);
      if (same) {
        const elapsed = Date.now() - (this.jobsFetchedAt.get(node.id) ?? Date.now());
        jobs = prev.map((j) => (TERMINAL_STATES.has(j.state) ? j : { ...j, duration: j.duration + elapsed }));
        this.jobsByCluster.set(node.id, jobs);
        this.jobsFetchedAt.set(node.id, Date.now());
      } else {
        jobs = await client.jobsOverview({ signal });
      }
    }
    if (jobs !== this.jobsByCluster.get(node.id)) {
      this.jobsByCluster.set(node.id, jobs);
      this.jobsFetchedAt.set(node.id, Date.now());
    }
    this.opts.incidents?.observeJobs(node.cluster, jobs);
    const version = overview['flink-version'];
    // The verdict's REST part: the application's job and its checkpoints (one request more).
    const app = applicationJob(node.cluster, jobs);
    const checkpoints =
      app?.state === 'RUNNING'
        ? await jobCheckpoints(client, app, this.checkpointIntervals, signal).catch(() => undefined)
        : undefined;
    const isOperatorSession = node.cluster.discovered?.kind === 'operator' && !app;
    this.restHealth.set(node.id, {
      job: app ? { name: app.name, state: app.state } : isOperatorSession ? undefined : summaryJob(jobs),
      checkpoints,
    });
    // The cluster's own description shows the version and the verdict: update it and tell the tree.
    this.clusterNode(node.cluster, { overview, version });
    const out: JobsNode[] = [{ id: `${node.id}/overview`, kind: 'overview', clusterId: node.id, overview, version }];
    for (const g of groupJobs(jobs))
      out.push({
        id: `${node.id}/state/${g.state}`,
        kind: 'stateGroup',
        clusterId: node.id,
        state: g.state,
        count: g.jobs.length,
      });
    if (!jobs.length) out.push({ id: `${node.id}/nojobs`, kind: 'info', label: 'No jobs', icon: 'info' });
    out.push({ id: `${node.id}/taskmanagers`, kind: 'taskmanagers', clusterId: node.id, count: overview.taskmanagers });
    out.push({ id: `${node.id}/jobmanager`, kind: 'jobmanager', clusterId: node.id });
    return out;
  }

  /** Children that come from a parent's data: no request. */
  private derived(node: JobsNode): JobsNode[] {
    if (
      node.kind === 'sessionJob' ||
      node.kind === 'snapshots' ||
      node.kind === 'blueGreen' ||
      node.kind === 'snapshot'
    )
      return operatorDerived(node as OperatorNode, (id) => {
        const c = this.clusters.get(id);
        return c ? this.clusterNode(c) : undefined;
      }).map((n) => this.intern(n));
    if (node.kind === 'incidents')
      return (this.opts.incidents?.list(node.clusterId) ?? []).map((incident) =>
        this.intern({ id: `${node.id}/${incident.id}`, kind: 'incident', clusterId: node.clusterId, incident }),
      );
    if (node.kind === 'stateGroup') {
      const c = this.clusters.get(node.clusterId);
      const managed = !!c && c.discovered?.kind === 'operator' && !clusterIsSession(c);
      const jobs =
        groupJobs(this.jobsByCluster.get(node.clusterId) ?? []).find((g) => g.state === node.state)?.jobs ?? [];
      return jobs.map((job) =>
        this.intern({
          id: `${node.clusterId}/job/${job.jid}`,
          kind: 'job',
          clusterId: node.clusterId,
          job,
          managedByOperator: managed,
        }),
      );
    }
    if (node.kind === 'section' && node.section === 'vertices') {
      const d = this.jobDetails.get(`${node.clusterId}/job/${node.jobId}`);
      return (d?.vertices ?? []).map((vertex) =>
        this.intern({
          id: `${node.id}/${vertex.id}`,
          kind: 'vertex',
          clusterId: node.clusterId,
          jobId: node.jobId,
          vertex,
        }),
      );
    }
    return [];
  }

  private async fetchJob(node: Node<'job'>, signal: AbortSignal): Promise<JobsNode[]> {
    const client = await this.client(node.clusterId, signal);
    const details = await client.job(node.job.jid, { signal });
    this.jobDetails.set(node.id, details);
    const section = (s: JobSection, count?: number): JobsNode => ({
      id: `${node.id}/${s}`,
      kind: 'section',
      clusterId: node.clusterId,
      jobId: node.job.jid,
      section: s,
      count,
    });
    return [
      { id: `${node.id}/id`, kind: 'info', label: 'Job ID', description: details.jid, icon: 'key' },
      section('vertices', details.vertices.length),
      section('checkpoints'),
      section('exceptions'),
      section('configuration'),
    ];
  }

  private async fetchSection(node: Node<'section'>, signal: AbortSignal): Promise<JobsNode[]> {
    return sectionChildren(await this.client(node.clusterId, signal), node, signal, this.opts.checkpointHistory ?? 10);
  }

  private async fetchTaskManagers(node: Node<'taskmanagers'>, signal: AbortSignal): Promise<JobsNode[]> {
    const client = await this.client(node.clusterId, signal);
    const list = await client.taskManagers({ signal });
    if (!list.length)
      return [{ id: `${node.id}/none`, kind: 'info', label: 'No TaskManagers registered', icon: 'warning' }];
    return list.map((tm) => ({ id: `${node.id}/${tm.id}`, kind: 'taskmanager', clusterId: node.clusterId, tm }));
  }

  private async fetchLogs(
    clusterId: string,
    nodeId: string,
    tm: TaskManagerInfo | undefined,
    signal: AbortSignal,
  ): Promise<JobsNode[]> {
    return logChildren(await this.client(clusterId, signal), clusterId, nodeId, tm, signal);
  }
}
