// The session's incidents, shared by the job explorer (which reports what each refresh saw and
// lists the incidents under their cluster) and the incidents feature (which captures the evidence
// and notifies). Detection compares each cluster's last snapshot with the new one (core/incidents).
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
  private readonly jobs = new Map<string, readonly JobStateLike[]>();
  private readonly opened = new Emitter<Incident>();
  private readonly changed = new Emitter<string>();
  /** A new incident, its capture not yet done: capture now, before the evidence is gone. */
  readonly onDidOpen = this.opened.event;
  /** The incidents of this cluster id changed (a new one, or a capture completed). */
  readonly onDidChange = this.changed.event;

  /** What discovery saw: each cluster's JobManager and TaskManager pods. */
  observeClusters(clusters: readonly ClusterRef[], now = Date.now()): void {
    for (const c of clusters) {
      const pods = c.discovered?.pods;
      if (!pods) continue;
      const triggers = detectContainerIncidents(this.pods.get(c.id), pods, now);
      this.pods.set(c.id, pods);
      this.open(c, triggers, now);
    }
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
