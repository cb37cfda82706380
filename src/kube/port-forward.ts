// Port-forwards to JobManager pods, managed: opened on demand, shared by everyone who asks for
// the same target, re-pointed at the new pod when the old one is replaced, closed after the last
// user releases it (after an idle grace period). The local end listens on 127.0.0.1 only: the
// Flink REST API can run arbitrary code, so it must never be exposed beyond loopback.
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { PortForward, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import { KubeError } from './errors';

export interface ForwardTarget {
  namespace: string;
  /** Label selector of the pods (e.g. `app=flink,component=jobmanager`). */
  selector: string;
  /** Container port: a number or a port name. */
  port: number | string;
}

export interface ForwardLease {
  /** http://127.0.0.1:<local port> */
  readonly url: string;
  readonly localPort: number;
  /** The pod currently forwarded to (changes when the pod is replaced). */
  podName(): string | undefined;
  release(): void;
}

interface PodLike extends KubernetesObject {
  spec?: { containers?: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

export interface PortForwardManagerOptions {
  /** How long a forward with no users stays open (default 60 s). */
  idleMs?: number;
  /** How often the forwarded pod is checked for deletion (default 5 s). */
  podCheckMs?: number;
  log?: (message: string) => void;
}

export function targetKey(t: ForwardTarget): string {
  return `${t.namespace}|${t.selector}|${t.port}`;
}

/** Picks the pod to forward to: Running and Ready first, then Running, newest first. */
export function pickPod(pods: PodLike[]): PodLike | undefined {
  const ready = (p: PodLike) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const rank = (p: PodLike) =>
    p.metadata?.deletionTimestamp ? 0 : p.status?.phase === 'Running' ? (ready(p) ? 3 : 2) : 1;
  const created = (p: PodLike) => new Date(p.metadata?.creationTimestamp ?? 0).getTime();
  return [...pods]
    .filter((p) => !p.metadata?.deletionTimestamp)
    .sort((a, b) => rank(b) - rank(a) || created(b) - created(a))[0];
}

export function resolvePort(pod: PodLike, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

class Forward {
  users = 0;
  /** acquire() calls still checking the pod: the forward must not close under them. */
  waiting = 0;
  idleTimer: NodeJS.Timeout | undefined;
  pod: { name: string; port: number } | undefined;
  private resolving: Promise<{ name: string; port: number }> | undefined;
  /** Open connections and the pod each one tunnels to. */
  readonly sockets = new Map<Socket, string>();
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: string,
    readonly target: ForwardTarget,
    readonly server: Server,
    readonly localPort: number,
    private readonly client: KubeClient,
    private readonly pf: PortForward,
    private readonly log: (m: string) => void,
    checkMs: number,
  ) {
    server.on('connection', (s) => void this.handle(s));
    // Tunnels to a deleted pod may stay up (or hang) until the pod is checked: look every few seconds.
    this.watchTimer = setInterval(() => void this.checkPod(), checkMs);
    this.watchTimer.unref?.();
  }

  /** If the current pod is gone or going, drop its tunnels so the next connection re-resolves. */
  async checkPod(): Promise<void> {
    const pod = this.pod;
    if (!pod || this.checking) return;
    this.checking = true;
    try {
      const p = (await this.client.call(
        { verb: 'get', kind: 'Pod', name: pod.name, namespace: this.target.namespace },
        (api) =>
          api.read({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: this.target.namespace } }),
      )) as PodLike;
      if (!p.metadata?.deletionTimestamp && p.status?.phase === 'Running') return;
      this.dropPod(pod.name, `pod is ${p.metadata?.deletionTimestamp ? 'terminating' : p.status?.phase}`);
    } catch (e) {
      if ((e as { status?: number }).status === 404) this.dropPod(pod.name, 'pod was deleted');
    } finally {
      this.checking = false;
    }
  }

  private checking = false;

  private dropPod(name: string, reason: string): void {
    if (this.pod?.name === name) this.invalidate(reason);
    for (const [sock, podName] of this.sockets) if (podName === name) sock.destroy();
  }

  invalidate(reason: string): void {
    if (this.pod) this.log(`port-forward ${this.key}: dropping pod ${this.pod.name} (${reason})`);
    this.pod = undefined;
  }

  async resolve(): Promise<{ name: string; port: number }> {
    if (this.pod) return this.pod;
    if (!this.resolving) {
      this.resolving = (async () => {
        const { namespace, selector, port } = this.target;
        const pods = await this.client.call(
          { verb: 'list', kind: 'Pod', namespace },
          async (api) =>
            (await api.list('v1', 'Pod', namespace, undefined, undefined, undefined, undefined, selector))
              .items as PodLike[],
        );
        const pod = pickPod(pods);
        if (!pod?.metadata?.name) {
          throw new KubeError(
            `No JobManager pod matches "${selector}" in namespace "${namespace}". Is the cluster deployed and its JobManager running?`,
            { reason: 'NotFound', kind: 'Pod', namespace },
          );
        }
        const p = resolvePort(pod, port);
        if (p === undefined)
          throw new KubeError(`Pod ${pod.metadata.name} has no container port named "${port}".`, {
            reason: 'NotFound',
            kind: 'Pod',
            name: pod.metadata.name,
            namespace,
          });
        this.pod = { name: pod.metadata.name, port: p };
        this.log(`port-forward ${this.key}: 127.0.0.1:${this.localPort} -> pod ${namespace}/${pod.metadata.name}:${p}`);
        return this.pod;
      })().finally(() => {
        this.resolving = undefined;
      });
    }
    return this.resolving;
  }

  private async handle(socket: Socket): Promise<void> {
    this.sockets.set(socket, '');
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pause();
    // Two tries: the second one after re-resolving the pod (it may have been replaced).
    for (let attempt = 0; attempt < 2 && !socket.destroyed; attempt++) {
      try {
        const pod = await this.resolve();
        if (this.sockets.has(socket)) this.sockets.set(socket, pod.name);
        await this.connect(socket, pod);
        return;
      } catch (e) {
        this.invalidate(`connect failed: ${(e as Error).message ?? e}`);
        if (attempt === 1) {
          this.log(`port-forward ${this.key}: ${(e as Error).message ?? e}`);
          socket.destroy();
        }
      }
    }
  }

  private async connect(socket: Socket, pod: { name: string; port: number }): Promise<void> {
    // The error channel carries the kubelet's message when it cannot reach the port in the pod.
    const errStream = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        // The first frame of each channel is only the port number (stripped to nothing).
        const msg = chunk.toString('utf8').trim();
        if (msg) {
          this.log(`port-forward ${this.key}: ${msg}`);
          socket.destroy();
        }
        cb();
      },
    });
    const ws = (await this.pf.portForward(
      this.target.namespace,
      pod.name,
      [pod.port],
      socket,
      errStream,
      socket,
    )) as unknown as {
      on(ev: 'close', fn: (code: number) => void): void;
      on(ev: 'error', fn: (e: Error) => void): void;
      close(): void;
      readyState: number;
    };
    ws.on('close', (code: number) => {
      // 1000 = normal. Anything else may mean the pod went away: look it up again next time.
      if (code !== 1000 && code !== 1005) this.invalidate(`stream closed with ${code}`);
      socket.end();
    });
    ws.on('error', (e: Error) => {
      this.invalidate(e.message);
      socket.destroy();
    });
    socket.on('close', () => {
      if (ws.readyState <= 1) ws.close();
    });
    socket.resume();
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    for (const s of this.sockets.keys()) s.destroy();
    this.server.close();
  }
}

export class PortForwardManager {
  private readonly forwards = new Map<string, Promise<Forward>>();
  private readonly idleMs: number;
  private readonly podCheckMs: number;
  private readonly log: (m: string) => void;
  private readonly pf: PortForward;

  constructor(
    private readonly client: KubeClient,
    opts: PortForwardManagerOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? 60_000;
    this.podCheckMs = opts.podCheckMs ?? 5_000;
    this.log = opts.log ?? (() => undefined);
    this.pf = new PortForward(client.kc, false);
  }

  /** A local URL forwarding to the target; reuses an open forward. Call release() when done. */
  async acquire(target: ForwardTarget, signal?: AbortSignal): Promise<ForwardLease> {
    const key = targetKey(target);
    let fp = this.forwards.get(key);
    if (!fp) {
      fp = this.open(key, target);
      this.forwards.set(key, fp);
      fp.catch(() => this.forwards.delete(key));
    }
    const fwd = await fp;
    fwd.waiting++;
    try {
      if (signal?.aborted) throw new KubeError('Cancelled.', { reason: 'Cancelled' });
      // Fail early (with the pod error) rather than on the first HTTP request.
      await fwd.resolve();
    } catch (e) {
      // Nobody got this forward: stop listening now rather than keep an unused local port open.
      if (--fwd.waiting === 0 && fwd.users === 0 && this.forwards.get(key) === fp) this.closeKey(key);
      throw e;
    }
    fwd.waiting--;
    fwd.users++;
    if (fwd.idleTimer) {
      clearTimeout(fwd.idleTimer);
      fwd.idleTimer = undefined;
    }
    let released = false;
    return {
      url: `http://127.0.0.1:${fwd.localPort}`,
      localPort: fwd.localPort,
      podName: () => fwd.pod?.name,
      release: () => {
        if (released) return;
        released = true;
        fwd.users--;
        if (fwd.users === 0) {
          fwd.idleTimer = setTimeout(() => this.closeKey(key), this.idleMs);
          fwd.idleTimer.unref?.();
        }
      },
    };
  }

  /** Forget the pod of a target, so the next connection looks it up again (e.g. after errors). */
  async invalidate(target: ForwardTarget): Promise<void> {
    const f = await this.forwards.get(targetKey(target))?.catch(() => undefined);
    f?.invalidate('invalidated');
  }

  /** Open forwards, for status display and tests. */
  async active(): Promise<Array<{ key: string; localPort: number; users: number; pod?: string }>> {
    const all = await Promise.all([...this.forwards.values()].map((p) => p.catch(() => undefined)));
    return all
      .filter((f): f is Forward => !!f)
      .map((f) => ({ key: f.key, localPort: f.localPort, users: f.users, pod: f.pod?.name }));
  }

  dispose(): void {
    for (const key of [...this.forwards.keys()]) this.closeKey(key);
  }

  private closeKey(key: string): void {
    const fp = this.forwards.get(key);
    this.forwards.delete(key);
    void fp?.then(
      (f) => {
        this.log(`port-forward ${key}: closed`);
        f.close();
      },
      () => undefined,
    );
  }

  private async open(key: string, target: ForwardTarget): Promise<Forward> {
    const server = createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    return new Forward(key, target, server, port, this.client, this.pf, this.log, this.podCheckMs);
  }
}
