// Following a rollout: polls the applied workloads, their pods and the namespace's events until the
// cluster is up (workloads available, then the JobManager's REST API answering through a
// port-forward) or clearly failed, or the time is up. Polling (not watches) keeps it simple and
// bounded: a few list calls every poll interval.
import type { KubeClient } from './client';
import { sleep } from './client';
import { isTransient, type KubeError } from './errors';
import { PortForwardManager } from './port-forward';
import { evaluate, type EvaluateOptions, type RolloutState, type Snapshot } from './rollout-state';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

export interface RolloutTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  object?: Obj;
}

export type FinalPhase = 'ready' | 'failed' | 'timeout' | 'cancelled';

export interface RolloutResult {
  phase: FinalPhase;
  state: RolloutState;
  /** The JobManager REST answer (`/config` flink-version) when it was reached. */
  flinkVersion?: string;
  restUrl?: string;
  message: string;
  /** Pods worth showing logs/events for (the failing one first). */
  pods: string[];
  namespace: string;
}

export interface WatchOptions extends EvaluateOptions {
  signal?: AbortSignal;
  /** Overall limit; default 5 min. */
  timeoutMs?: number;
  pollMs?: number;
  onUpdate?: (state: RolloutState, message: string) => void;
  /** Check the JobManager REST API through a port-forward once workloads are available (default true). */
  checkRest?: boolean;
  log?: (m: string) => void;
  /**
   * Each snapshot as taken (pods as the API server returned them), before it is judged: the deploy
   * feature reports the pods' restarts to the session's incidents. Awaited; a throw is logged only.
   */
  onSnapshot?: (snap: Snapshot) => void | Promise<void>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
const FLINK_KINDS = new Set(['FlinkDeployment', 'FlinkSessionJob']);

export function selectorOf(w: Obj): string | undefined {
  const ml = o(o(o(w.spec).selector).matchLabels) as Record<string, string>;
  const parts = Object.entries(ml).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : undefined;
}

/** The JobManager among the targets: a Deployment whose pods expose 8081 (or a port named rest/webui). */
export function findJobManager(workloads: Obj[]): { namespace: string; selector: string; port: number } | undefined {
  const scored = workloads
    .map((w) => {
      const tpl = o(o(w.spec).template);
      const containers = ((o(tpl.spec).containers as unknown[]) ?? []).map(o);
      const ports = containers.flatMap((c) => ((c.ports as unknown[]) ?? []).map(o));
      const rest = ports.find((p) => p.containerPort === 8081 || p.name === 'rest' || p.name === 'webui');
      const labels = o(o(tpl.metadata).labels);
      const name = String(o(w.metadata).name ?? '');
      const score = (rest ? 2 : 0) + (labels.component === 'jobmanager' || /jobmanager/.test(name) ? 1 : 0);
      return { w, rest, score };
    })
    .filter((x) => x.rest && x.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return undefined;
  const selector = selectorOf(best.w);
  if (!selector) return undefined;
  return { namespace: String(o(best.w.metadata).namespace), selector, port: Number(best.rest!.containerPort) };
}

async function read(client: KubeClient, t: RolloutTarget): Promise<Obj | undefined> {
  try {
    return JSON.parse(
      JSON.stringify(
        await client.call({ verb: 'get', kind: t.kind, name: t.name, namespace: t.namespace }, (api) =>
          api.read({ apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name, namespace: t.namespace } }),
        ),
      ),
    ) as Obj;
  } catch (e) {
    if ((e as KubeError).status === 404) return undefined;
    throw e;
  }
}

async function list(client: KubeClient, kind: string, namespace: string, labelSelector?: string): Promise<Obj[]> {
  const res = await client.call({ verb: 'list', kind, namespace }, (api) =>
    api.list('v1', kind, namespace, undefined, undefined, undefined, undefined, labelSelector),
  );
  return JSON.parse(JSON.stringify(res.items)) as Obj[];
}

export async function takeSnapshot(client: KubeClient, targets: RolloutTarget[], elapsedMs: number): Promise<Snapshot> {
  const snap: Snapshot = { workloads: [], jobs: [], pods: [], events: [], flink: [], elapsedMs };
  const namespaces = new Set<string>();
  for (const t of targets) {
    if (!WORKLOAD_KINDS.has(t.kind) && t.kind !== 'Job' && !FLINK_KINDS.has(t.kind)) continue;
    const live = await read(client, t);
    if (!live) continue;
    const ns = t.namespace ?? client.namespace;
    namespaces.add(ns);
    if (WORKLOAD_KINDS.has(t.kind) || t.kind === 'Job') {
      (t.kind === 'Job' ? snap.jobs : snap.workloads).push(live);
      const sel = t.kind === 'Job' ? `job-name=${t.name}` : selectorOf(live);
      if (sel)
        for (const p of await list(client, 'Pod', ns, sel))
          if (!snap.pods.some((q) => o(q.metadata).uid === o(p.metadata).uid)) snap.pods.push(p);
    } else {
      snap.flink.push(live);
      const jm = `app=${t.name},component=jobmanager`;
      if (t.kind === 'FlinkDeployment') snap.pods.push(...(await list(client, 'Pod', ns, jm)));
    }
  }
  for (const ns of namespaces) snap.events.push(...(await list(client, 'Event', ns)));
  return snap;
}

/** Asks the JobManager's REST API for /config through a port-forward; returns the Flink version. */
export async function checkJobManagerRest(
  client: KubeClient,
  target: { namespace: string; selector: string; port: number },
  opts: { signal?: AbortSignal; timeoutMs?: number; log?: (m: string) => void } = {},
): Promise<{ version: string; url: string }> {
  const manager = new PortForwardManager(client, { idleMs: 0, log: opts.log });
  try {
    const lease = await manager.acquire(target, opts.signal);
    try {
      const t = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
      const res = await fetch(`${lease.url}/config`, { signal: opts.signal ? AbortSignal.any([opts.signal, t]) : t });
      if (!res.ok) throw new Error(`GET /config answered ${res.status}`);
      const body = (await res.json()) as { 'flink-version'?: string };
      return { version: body['flink-version'] ?? 'unknown', url: lease.url };
    } finally {
      lease.release();
    }
  } finally {
    manager.dispose();
  }
}

export async function watchRollout(
  client: KubeClient,
  targets: RolloutTarget[],
  opts: WatchOptions = {},
): Promise<RolloutResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const pollMs = opts.pollMs ?? 1_000;
  const namespace = targets.find((t) => t.namespace)?.namespace ?? client.namespace;
  let state: RolloutState | undefined;
  let snap: Snapshot | undefined;
  let restError = '';
  /** When the API server stopped answering (0 while it answers). */
  let apiDown = 0;
  const report = async (sn: Snapshot) => {
    try {
      await opts.onSnapshot?.(sn);
    } catch (e) {
      // Reporting what the watch saw must not end the watch.
      opts.log?.(`Reporting the rollout snapshot failed: ${(e as Error).message}`);
    }
  };
  const podsOf = (st: RolloutState) => {
    const first = st.cause?.pod;
    return [...new Set([...(first ? [first] : []), ...st.pods.map((p) => p.name)])];
  };
  for (;;) {
    if (opts.signal?.aborted) break;
    const elapsed = Date.now() - started;
    try {
      snap = await takeSnapshot(client, targets, elapsed);
      state = evaluate(snap, opts);
      await report(snap);
      if (apiDown) {
        opts.log?.(`API server reachable again after ${Math.round((Date.now() - apiDown) / 1000)} s; watching again`);
        apiDown = 0;
      }
    } catch (e) {
      const err = e as KubeError;
      if (err.reason === 'Cancelled' || opts.signal?.aborted) break;
      // The API server restarting (or a blip) does not end the watch: say so and keep polling
      // until it answers again or the overall time is up.
      if (!isTransient(err)) throw e;
      if (!apiDown) apiDown = Date.now();
      const st = state ?? evaluate({ workloads: [], jobs: [], pods: [], events: [], flink: [], elapsedMs: elapsed });
      const waiting = `The API server does not answer (${err.reason}); still watching, retrying every ${Math.round(pollMs / 1000) || 1} s: ${err.message}`;
      opts.log?.(waiting);
      opts.onUpdate?.(st, waiting);
      if (Date.now() - started >= timeoutMs) {
        return {
          phase: 'timeout',
          state: st,
          message: `The rollout did not finish within ${Math.round(timeoutMs / 1000)} s: the API server stopped answering (${err.message})`,
          pods: podsOf(st),
          namespace,
        };
      }
      try {
        await sleep(pollMs, opts.signal);
      } catch {
        break;
      }
      continue;
    }
    if (state.phase === 'failed') {
      opts.onUpdate?.(state, state.summary);
      return {
        phase: 'failed',
        state,
        message: `The rollout failed: ${state.summary}`,
        pods: podsOf(state),
        namespace,
      };
    }
    if (state.phase === 'available') {
      const jm = opts.checkRest === false ? undefined : findJobManager(snap.workloads);
      if (!jm) {
        opts.onUpdate?.(state, `Ready: ${state.summary}`);
        return {
          phase: 'ready',
          state,
          message: `The cluster is up: ${state.summary}.`,
          pods: podsOf(state),
          namespace,
        };
      }
      opts.onUpdate?.(
        state,
        `Workloads available; checking the JobManager REST API through a port-forward (${state.summary})`,
      );
      try {
        const rest = await checkJobManagerRest(client, jm, { signal: opts.signal, log: opts.log });
        return {
          phase: 'ready',
          state,
          flinkVersion: rest.version,
          restUrl: rest.url,
          message: `The cluster is up: ${state.summary}; the JobManager REST API answers (Flink ${rest.version}).`,
          pods: podsOf(state),
          namespace,
        };
      } catch (e) {
        restError = (e as Error).message;
        opts.log?.(`JobManager REST check: ${restError}`);
      }
    } else {
      opts.onUpdate?.(state, state.summary);
    }
    if (Date.now() - started >= timeoutMs) {
      const why =
        state.phase === 'available'
          ? `the workloads are available but the JobManager REST API does not answer through a port-forward (${restError})`
          : state.summary;
      return {
        phase: 'timeout',
        state,
        message: `The rollout did not finish within ${Math.round(timeoutMs / 1000)} s: ${why}. Look at the events and logs.`,
        pods: podsOf(state),
        namespace,
      };
    }
    try {
      await sleep(pollMs, opts.signal);
    } catch {
      break;
    }
  }
  const st = state ?? evaluate({ workloads: [], jobs: [], pods: [], events: [], flink: [], elapsedMs: 0 });
  return {
    phase: 'cancelled',
    state: st,
    message: `Stopped watching the rollout (the applied objects stay): ${st.summary}.`,
    pods: podsOf(st),
    namespace,
  };
}
