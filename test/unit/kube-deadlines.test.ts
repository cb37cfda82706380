// Deadlines, aborts and leaks of Kubernetes calls, against a small local HTTP server standing in for
// the API server ("fake API server"): the real one (integration suites) never hangs on demand.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../src/kube/client';
import { listPods } from '../../src/kube/core-api';
import { KubeError } from '../../src/kube/errors';
import { resolveContainer, streamPodLog } from '../../src/kube/pod-logs';
import { SelectorLogs } from '../../src/kube/selector-logs';
import { PortForwardManager } from '../../src/kube/port-forward';

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeApi(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ kc: KubeConfig; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'u', token: 'fake-token-0123456789' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'ns' }],
    currentContext: 'ctx',
  });
  return { kc, seen };
}

const json = (res: ServerResponse, body: unknown) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const hang = () => undefined;

async function rejectsKube(p: Promise<unknown>, reason: string, withinMs: number): Promise<KubeError> {
  const t0 = Date.now();
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected a KubeError, got ${String(e)}`);
    assert.equal(e.reason, reason, e.message);
    assert.ok(Date.now() - t0 < withinMs, `took ${Date.now() - t0} ms`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('Kubernetes calls have deadlines and honour aborts (fake API server)', () => {
  it('fake API server: a pod log request the server never answers times out with a clear error', async () => {
    const { kc } = await fakeApi(hang);
    const e = await rejectsKube(
      streamPodLog(kc, 'ns', 'jm-0', { container: 'flink', openTimeoutMs: 300 }, () => undefined),
      'Timeout',
      10_000,
    );
    assert.match(e.message, /Timed out after 0 s while opening the logs of pod "jm-0" in namespace "ns"/);
  });

  it('fake API server: a follow the server holds open before answering stops on abort and closes its connection', async () => {
    let closed = false;
    const { kc } = await fakeApi((req) => req.socket.on('close', () => (closed = true)));
    const ac = new AbortController();
    const p = streamPodLog(kc, 'ns', 'jm-0', { container: 'flink', follow: true }, () => undefined, ac.signal);
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    assert.equal(await p, 0, 'resolves on abort with nothing read');
    const end = Date.now() + 5_000;
    while (!closed && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(closed, 'the request was stopped, its connection closed (client-node Log kept it open)');
  });

  it('fake API server: a log read without follow has an overall deadline once open', async () => {
    const { kc } = await fakeApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('2026-11-22T10:00:00.000000000Z first line\n'); // then nothing, never the end
    });
    const lines: string[] = [];
    const e = await rejectsKube(
      streamPodLog(kc, 'ns', 'jm-0', { container: 'flink', readTimeoutMs: 500 }, (l) => lines.push(l.text)),
      'Timeout',
      10_000,
    );
    assert.match(e.message, /while reading the logs/);
    assert.deepEqual(lines, ['first line']);
  });

  it('fake API server: the pod read of the container lookup and the pod list stop on abort and deadline', async () => {
    const { kc } = await fakeApi(hang);
    const ac = new AbortController();
    const p = resolveContainer(kc, 'ns', 'jm-0', ac.signal);
    setTimeout(() => ac.abort(), 100);
    await rejectsKube(p, 'Cancelled', 10_000);
    const e = await rejectsKube(listPods(kc, 'ns', { timeoutMs: 300 }), 'Timeout', 10_000);
    assert.match(e.message, /Timed out after 0 s while trying to list pods/);
  });

  it('fake API server: re-watching pods does not pile up abort listeners', async () => {
    let watches = 0;
    const { kc } = await fakeApi((req, res) => {
      if (req.url?.includes('watch=true')) {
        watches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(); // the watch ends at once
        return;
      }
      json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    });
    const ac = new AbortController();
    const noop = () => undefined;
    const logs = new SelectorLogs(
      kc,
      'ns',
      'app=flink',
      { follow: true },
      {
        line: noop,
        podStarted: noop,
        podEnded: noop,
        broken: noop,
        resumed: noop,
        initialDone: noop,
      },
    );
    const run = logs.run(ac.signal);
    for (let i = 0; i < 300 && watches < 6; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(watches >= 6, `only ${watches} watches`);
    const listeners = getEventListeners(ac.signal, 'abort').length;
    ac.abort();
    await run;
    assert.ok(listeners <= 2, `${listeners} abort listeners after ${watches} watches`);
  });

  it('fake API server: a port-forward whose pod lookup fails stops listening', async () => {
    const { kc } = await fakeApi((req, res) => {
      if (req.url === '/api/v1')
        json(res, {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['list', 'get'] }],
        });
      else json(res, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
    });
    const manager = new PortForwardManager(createKubeClient(kc), { idleMs: 60_000 });
    const target = { namespace: 'ns', selector: 'component=jobmanager', port: 8081 };
    await assert.rejects(manager.acquire(target), /No JobManager pod matches "component=jobmanager"/);
    assert.deepEqual(await manager.active(), []);
    manager.dispose();
  });
});

describe('API server URLs in messages', () => {
  it('fake API server: credentials in the kubeconfig server URL never reach a message', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://admin:kub3-s3cret@127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'u', token: 'fake-token-0123456789' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'ns' }],
      currentContext: 'ctx',
    });
    const client = createKubeClient(kc, { timeoutMs: 5_000 });
    assert.equal(client.server, 'http://***@127.0.0.1:1');
    const e = await client
      .call({ verb: 'get', kind: 'Pod', name: 'p', namespace: 'ns' }, (api) =>
        api.read({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } }),
      )
      .catch((x: unknown) => x);
    assert.ok(e instanceof KubeError);
    assert.doesNotMatch(`${e.message} ${JSON.stringify(e.details)}`, /kub3-s3cret/);
    assert.match(new KubeError('request to https://a:b@h/api failed').message, /https:\/\/\*\*\*@h\/api/);
  });
});
