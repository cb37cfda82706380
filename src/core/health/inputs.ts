// The verdict's inputs read from plain Kubernetes and Flink REST JSON: a pod's restarts and last
// termination, a Warning event, the checkpoint statistics of the application's job. Pure, so the
// gathering is unit-tested; the kube layer lists the objects, the explorer calls healthVerdict.
import type { ContainerRun, EventHealth, HealthInputs, PodHealth } from './verdict';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
// client-node turns date-time fields of typed objects (Pod, Event) into Date; custom resources stay strings.
const time = (v: unknown): number | undefined => {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** One pod (core/v1 Pod JSON): its role from the `component` label, restarts summed over containers. */
export function podHealth(pod: unknown): PodHealth {
  const p = o(pod);
  const meta = o(p.metadata);
  const status = o(p.status);
  const component = s(o(meta.labels).component);
  const role = component === 'jobmanager' || component === 'taskmanager' ? component : 'other';
  const out: PodHealth = { name: s(meta.name) ?? '?', role, phase: s(status.phase), restarts: 0 };
  const uid = s(meta.uid);
  if (uid) out.uid = uid;
  let ready = true;
  for (const cs of arr(status.containerStatuses).map(o)) {
    out.restarts += n(cs.restartCount) ?? 0;
    const last = o(o(cs.lastState).terminated);
    const run: ContainerRun = { name: s(cs.name) ?? '?', restartCount: n(cs.restartCount) ?? 0 };
    if (Object.keys(last).length)
      run.lastTerminated = {
        reason: s(last.reason),
        exitCode: n(last.exitCode),
        at: time(last.finishedAt),
        message: s(last.message),
      };
    (out.containers ??= []).push(run);
    if (cs.ready !== true) ready = false;
    const waiting = s(o(o(cs.state).waiting).reason);
    if (waiting && !out.waitingReason) out.waitingReason = waiting;
    // The container's last run (after a restart) or the current one when it has ended.
    const term = o(o(cs.lastState).terminated);
    const now = o(o(cs.state).terminated);
    const t = Object.keys(term).length ? term : now;
    if (Object.keys(t).length) {
      const at = time(t.finishedAt);
      if (!out.lastTermination || (at ?? 0) > (out.lastTermination.at ?? 0))
        out.lastTermination = { reason: s(t.reason), exitCode: n(t.exitCode), at };
    }
  }
  out.ready = arr(status.containerStatuses).length > 0 && ready;
  return out;
}

/** One core/v1 Event; undefined for Normal events. */
export function eventHealth(event: unknown): (EventHealth & { object?: { kind?: string; name?: string } }) | undefined {
  const e = o(event);
  const type = s(e.type);
  if (type !== 'Warning') return undefined;
  const involved = o(e.involvedObject);
  return {
    type,
    reason: s(e.reason) ?? '?',
    message: s(e.message) ?? '',
    count: n(e.count) ?? n(o(e.series).count),
    at:
      time(e.lastTimestamp) ??
      time(o(e.series).lastObservedTime) ??
      time(e.eventTime) ??
      time(o(e.metadata).creationTimestamp),
    object: { kind: s(involved.kind), name: s(involved.name) },
  };
}

interface CheckpointLike {
  status?: string;
  is_savepoint?: boolean;
  trigger_timestamp?: number;
  latest_ack_timestamp?: number;
  failure_message?: string;
}
interface CheckpointStatsLike {
  latest?: { completed?: CheckpointLike | null };
  history?: CheckpointLike[];
}

/**
 * The checkpoint part of the verdict from GET /jobs/:id/checkpoints and the configured interval
 * (GET /jobs/:id/checkpoints/config `interval`; undefined when checkpointing is off).
 */
export function checkpointHealth(
  stats: CheckpointStatsLike | undefined,
  intervalMs: number | undefined,
  runningSince: number | undefined,
): NonNullable<HealthInputs['checkpoints']> {
  if (!stats) return { runningSince };
  const completed = stats.latest?.completed ?? undefined;
  const lastCompletedAt = completed?.latest_ack_timestamp || completed?.trigger_timestamp || undefined;
  // History is newest first: the failures before the first completed one happened since it.
  let failedSinceLast = 0;
  let lastFailureMessage: string | undefined;
  for (const h of stats.history ?? []) {
    if (h.status === 'COMPLETED') break;
    if (h.status === 'FAILED') {
      failedSinceLast++;
      lastFailureMessage ??= h.failure_message;
    }
  }
  return {
    lastCompletedAt,
    // A checkpoint interval Long.MAX_VALUE (or <= 0) means periodic checkpoints are off.
    intervalMs: intervalMs && intervalMs > 0 && intervalMs < 365 * 24 * 3_600_000 ? intervalMs : undefined,
    failedSinceLast,
    lastFailureMessage,
    runningSince,
  };
}
