// Incidents kept for the session, in memory and bounded: the last few per cluster, and a byte
// budget per cluster (a previous container's log tail can be large). Pure: no vscode, no timers.
import type { IncidentTrigger } from './detect';

/** One part of the evidence: what was read, or why it could not be. */
export interface CaptureSection<T> {
  items?: T;
  /** Why it is missing (the API's answer in words, with a next step). */
  error?: string;
  /** Said next to the items (e.g. "the last 500 lines"). */
  note?: string;
}

/** An exception of the job's history, as the REST client normalises it. */
export interface ExceptionEntry {
  name: string;
  message: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string;
  endpoint?: string;
}

export interface IncidentCapture {
  /** Lines of the previous (terminated) container. Absent for a job incident without a pod. */
  previousLog?: CaptureSection<string[]>;
  /** Pod events, oldest first, as `time type reason: message` lines. */
  events?: CaptureSection<string[]>;
  /** Exception history per job looked at. */
  exceptions?: CaptureSection<Array<{ jobId: string; jobName?: string; entries: ExceptionEntry[] }>>;
  /**
   * For a job the operator reported, when its exception history could not be read: the operator's
   * status.error and the resource's events (the operator writes the job's exceptions there too).
   */
  operator?: CaptureSection<string[]>;
  capturedAt: number;
}

export interface Incident {
  /** Unique in the session. */
  id: string;
  clusterId: string;
  clusterName: string;
  namespace?: string;
  trigger: IncidentTrigger;
  detectedAt: number;
  /** Undefined while the capture runs. */
  capture?: IncidentCapture;
}

export interface StoreLimits {
  perCluster: number;
  bytesPerCluster: number;
}

export const DEFAULT_LIMITS: StoreLimits = { perCluster: 20, bytesPerCluster: 4 * 1024 * 1024 };

/**
 * The same job going bad again this soon after its last incident on the cluster is the same
 * incident: the explorer asks Flink's REST API, a deploy's follow reads what the operator last
 * polled (up to a reconcile interval behind), so the two can see one failure at different times,
 * with a good state in between.
 */
export const JOB_REPEAT_MS = 60_000;

/** Rough size of what an incident holds (UTF-16 code units, close enough for a budget). */
export function incidentSize(i: Incident): number {
  const c = i.capture;
  if (!c) return 256;
  let n = 256;
  for (const l of c.previousLog?.items ?? []) n += l.length + 1;
  for (const l of c.events?.items ?? []) n += l.length + 1;
  for (const l of c.operator?.items ?? []) n += l.length + 1;
  for (const j of c.exceptions?.items ?? []) for (const e of j.entries) n += e.stacktrace.length + e.message.length;
  return n;
}

export class IncidentStore {
  private readonly byCluster = new Map<string, Incident[]>();
  private readonly seen = new Set<string>();
  private seq = 0;

  constructor(private readonly limits: StoreLimits = DEFAULT_LIMITS) {}

  /**
   * Records a new incident for a trigger not seen before in this session; undefined for a
   * trigger already recorded (the same restart seen by another refresh).
   */
  open(cluster: { id: string; name: string; namespace?: string }, trigger: IncidentTrigger, now: number) {
    const seenKey = `${cluster.id}|${trigger.key}`;
    if (this.seen.has(seenKey)) return undefined;
    this.seen.add(seenKey);
    if (trigger.kind === 'job') {
      const again = this.byCluster
        .get(cluster.id)
        ?.some(
          (i) => i.trigger.kind === 'job' && i.trigger.jobId === trigger.jobId && now - i.detectedAt < JOB_REPEAT_MS,
        );
      if (again) return undefined;
    }
    // Keys of dropped incidents stay: a restart must not come back as new after it was evicted.
    if (this.seen.size > 10_000) this.seen.delete(this.seen.values().next().value ?? '');
    const incident: Incident = {
      id: `incident-${++this.seq}`,
      clusterId: cluster.id,
      clusterName: cluster.name,
      namespace: cluster.namespace,
      trigger,
      detectedAt: now,
    };
    const list = [incident, ...(this.byCluster.get(cluster.id) ?? [])];
    this.byCluster.set(cluster.id, list);
    this.trim(cluster.id);
    return incident;
  }

  /** Attaches the evidence; trims the cluster's list to its byte budget. */
  complete(id: string, capture: IncidentCapture): Incident | undefined {
    const i = this.get(id);
    if (!i) return undefined;
    i.capture = capture;
    this.trim(i.clusterId);
    return this.get(id);
  }

  get(id: string): Incident | undefined {
    for (const list of this.byCluster.values()) {
      const i = list.find((x) => x.id === id);
      if (i) return i;
    }
    return undefined;
  }

  /** Newest first. */
  list(clusterId: string): readonly Incident[] {
    return this.byCluster.get(clusterId) ?? [];
  }

  all(): Incident[] {
    return [...this.byCluster.values()].flat().sort((a, b) => b.detectedAt - a.detectedAt);
  }

  private trim(clusterId: string): void {
    const list = this.byCluster.get(clusterId) ?? [];
    list.splice(this.limits.perCluster);
    // The newest always stays, even alone over budget (its own log tail is bounded by the capture).
    let bytes = 0;
    let keep = 0;
    for (const i of list) {
      bytes += incidentSize(i);
      if (keep > 0 && bytes > this.limits.bytesPerCluster) break;
      keep++;
    }
    list.splice(keep);
  }
}
