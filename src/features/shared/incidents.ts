// The session's incidents, shared by the job explorer (which reports what each refresh saw and
// lists the incidents under their cluster), the deploy watch (which reports the pods of each rollout
// snapshot, and the job state the operator reports while it follows a deploy) and the incidents
// feature (which captures the evidence and notifies). Detection compares each cluster's last
// snapshot with the new one (core/incidents).
// No vscode import: the integration test runs it with the real explorer model on the test bed.
import type { PodHealth } from '../../core/health/verdict';
import {
  detectContainerIncidents,
  detectJobIncidents,
  type IncidentTrigger,
  type JobStateLike,
} from '../../core/incidents/detect';
import { IncidentStore, type Incident, type IncidentCapture } from '../../core/incidents/store';
import type { ClusterRef } from './cluster-ref';

type Listener<T> = (e: T) => void;

/** As detection tells pods apart: a replaced pod (same name, new uid) is another pod. */
const podIdentity = (p: PodHealth) => p.uid ?? p.name;

/** The shape of vscode.Event, enough for `context.subscriptions.push(incidents.onDidOpen(...))`. */
class Emitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (l: Listener<T>): { dispose(): void } => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    // A failing listener must not stop detection nor the other listeners.
    for (const l of [...this.listeners])
      try {
        l(e);
      } catch {
        // listeners log their own failures
      }
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Incidents {
  private readonly store = new IncidentStore();
  private readonly pods = new Map<string, readonly PodHealth[]>();
  /** The last ref each cluster id was reported with (a deploy watch may see a cluster first). */
  private readonly refs = new Map<string, ClusterRef>();
  private readonly jobs = new Map<string, readonly JobStateLike[]>();
  private readonly opened = new Emitter<Incident>();
  private readonly changed = new Emitter<string>();
  /** A new incident, its capture not yet done: capture now, before the evidence is gone. */
  readonly onDidOpen = this.opened.event;
  /** The incidents of this cluster id changed (a new one, or a capture completed). */
  readonly onDidChange = this.changed.event;

  /**
   * What discovery (or a deploy watch) saw: each cluster's JobManager and TaskManager pods. A
   * `partial` view (a deploy watch lists the pods of its workloads only) keeps the pods it does not
   * show in the cluster's snapshot, so that the explorer's next full view does not take them for
   * new pods. The same restart is one incident whoever sees it first (the store keys it by cluster
   * id, pod uid, container and restart count).
   */
  observeClusters(clusters: readonly ClusterRef[], now = Date.now(), opts: { partial?: boolean } = {}): void {
    for (const c of clusters) {
      const pods = c.discovered?.pods;
      if (!pods) continue;
      const prev = this.pods.get(c.id);
      const triggers = detectContainerIncidents(prev, pods, now);
      const shown = new Set(pods.map(podIdentity));
      this.pods.set(c.id, opts.partial && prev ? [...pods, ...prev.filter((p) => !shown.has(podIdentity(p)))] : pods);
      // The explorer's ref is the richer one (operator state, events): a partial view does not replace it.
      if (!opts.partial || !this.refs.has(c.id)) this.refs.set(c.id, c);
      this.open(c, triggers, now);
    }
  }

  /** The cluster as last reported, for capturing evidence of a cluster the explorer has not listed. */
  cluster(id: string): ClusterRef | undefined {
    return this.refs.get(id);
  }

  /** What a cluster's REST level saw: its jobs and their states. */
  observeJobs(c: ClusterRef, jobs: readonly JobStateLike[], now = Date.now()): void {
    const triggers = detectJobIncidents(this.jobs.get(c.id), jobs, now);
    this.jobs.set(
      c.id,
      jobs.map((j) => ({ jid: j.jid, name: j.name, state: j.state })),
    );
    this.open(c, triggers, now);
  }

  /** The jobs last seen on this cluster (names for the exception history). */
  lastJobs(clusterId: string): readonly JobStateLike[] {
    return this.jobs.get(clusterId) ?? [];
  }

  complete(id: string, capture: IncidentCapture): void {
    const i = this.store.complete(id, capture);
    if (i) this.changed.fire(i.clusterId);
  }

  get(id: string): Incident | undefined {
    return this.store.get(id);
  }

  /** Newest first. */
  list(clusterId: string): readonly Incident[] {
    return this.store.list(clusterId);
  }

  all(): Incident[] {
    return this.store.all();
  }

  private open(c: ClusterRef, triggers: readonly IncidentTrigger[], now: number): void {
    for (const t of triggers) {
      const i = this.store.open({ id: c.id, name: c.name, namespace: c.discovered?.namespace }, t, now);
      if (!i) continue;
      this.changed.fire(c.id);
      this.opened.fire(i);
    }
  }

  dispose(): void {
    this.opened.dispose();
    this.changed.dispose();
  }
}
