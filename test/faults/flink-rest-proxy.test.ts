// Faults between the extension and a real Flink JobManager: a small proxy on 127.0.0.1 in front of
// the test bed's real Flink REST API passes requests through, or stalls, answers 500, answers HTML,
// cuts the body short, or redirects to another host (127.0.0.2, which records what reaches it).
// Every call must end in a clear FlinkRestError within its timeout, and credentials must never
// reach the other host.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FlinkClient } from '../../src/flink/client';
import { FlinkRestError } from '../../src/flink/errors';
import { JobsModel } from '../../src/features/jobs/model';
import { testbedState } from '../support/testbed';
import { bounded } from './support';

type Mode = 'pass' | 'stall' | 'stall-body' | '500' | 'html' | 'truncate' | 'redirect';

const state = testbedState();
const upstream = new URL(state.flinkRestUrl);
const PASSWORD = 'proxy-fault-secret-9f3c';
let mode: Mode = 'pass';
let proxy: Server;
let other: Server;
let proxyUrl = '';
let otherUrl = '';
const seenByProxy: IncomingHttpHeaders[] = [];
const seenByOther: { url?: string; headers: IncomingHttpHeaders }[] = [];
const sockets = new Set<Socket>();

/** The real Flink's answer to the same request (status, headers and body). */
function fromFlink(path: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: upstream.hostname, port: upstream.port, path, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
    });
    r.on('error', reject);
    r.end();
  });
}

function listen(server: Server, host: string): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)),
  );
}

before(async () => {
  proxy = createServer((req, res) => {
    seenByProxy.push(req.headers);
    const path = req.url ?? '/';
    void (async () => {
      switch (mode) {
        case 'stall':
          return; // never answers
        case 'stall-body': {
          const real = await fromFlink(path);
          res.writeHead(200, { 'content-type': real.type, 'content-length': real.body.length });
          res.write(real.body.subarray(0, Math.floor(real.body.length / 2)));
          return; // the rest never comes
        }
        case '500':
          res.writeHead(500, { 'content-type': 'text/plain' });
          return res.end('upstream exploded');
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html><body><h1>Sign in to the corporate proxy</h1></body></html>');
        case 'truncate': {
          const real = await fromFlink(path);
          res.writeHead(200, { 'content-type': real.type, 'content-length': real.body.length });
          res.write(real.body.subarray(0, Math.floor(real.body.length / 2)), () => res.socket?.destroy());
          return;
        }
        case 'redirect':
          res.writeHead(302, { location: `${otherUrl}${path}` });
          return res.end();
        default: {
          const real = await fromFlink(path);
          res.writeHead(real.status, { 'content-type': real.type });
          return res.end(real.body);
        }
      }
    })().catch(() => res.destroy());
  });
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  other = createServer((req, res) => {
    seenByOther.push({ url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"jobs":[]}');
  });
  proxyUrl = await listen(proxy, '127.0.0.1');
  otherUrl = await listen(other, '127.0.0.2'); // another host, still loopback
});

after(() => {
  for (const s of sockets) s.destroy();
  proxy?.close();
  other?.close();
});

function client(timeoutMs = 2_000): FlinkClient {
  return new FlinkClient({
    baseUrl: proxyUrl,
    auth: { type: 'basic', username: 'flink', password: PASSWORD },
    timeoutMs,
  });
}

async function failure(m: Mode, timeoutMs = 2_000): Promise<{ error: FlinkRestError; ms: number }> {
  mode = m;
  const r = await bounded(timeoutMs + 10_000, () => client(timeoutMs).jobsOverview());
  mode = 'pass';
  assert.ok(r.error, `${m}: the call succeeded (${JSON.stringify(r.value)?.slice(0, 100)})`);
  assert.ok(r.error instanceof FlinkRestError, `${m}: not a FlinkRestError: ${r.error.stack}`);
  assert.doesNotMatch(r.error.message, new RegExp(PASSWORD), 'the password is not in the message');
  assert.doesNotMatch(r.error.message, /\n\s+at /, 'no stack trace in the message');
  return { error: r.error, ms: r.ms };
}

describe('faults: Flink REST through a proxy in front of the real JobManager', () => {
  it('proxy passes through: the real jobs come back, with the credentials sent', async () => {
    const jobs = await client().jobsOverview();
    const direct = JSON.parse((await fromFlink('/jobs/overview')).body.toString('utf8')) as { jobs: { jid: string }[] };
    assert.deepEqual(
      jobs.map((j) => j.jid).sort(),
      direct.jobs.map((j) => j.jid).sort(),
      'the same jobs as asked directly',
    );
    assert.ok(
      seenByProxy.some((h) => h.authorization?.startsWith('Basic ')),
      'basic auth was sent to the proxy',
    );
  });

  it('proxy stalls before answering: a timeout error after the timeout, not a hang', async () => {
    const { error, ms } = await failure('stall', 1_500);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer GET \/jobs\/overview within 1\.5 s/);
    assert.match(error.message, /JobManager is up/);
    assert.ok(ms >= 1_400 && ms < 8_000, `ended after ${ms} ms`);
  });

  it('proxy stalls in the middle of the body: a timeout error, not a hang', async () => {
    const { error, ms } = await failure('stall-body', 1_500);
    assert.equal(error.kind, 'timeout');
    assert.ok(ms < 8_000, `ended after ${ms} ms`);
  });

  it('proxy answers 500 with text: an HTTP error quoting the answer', async () => {
    const { error } = await failure('500');
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 500);
    assert.match(error.message, /failed \(HTTP 500, text\/plain: "upstream exploded"\)/);
  });

  it('proxy answers an HTML page with 200: "not JSON", naming what came back', async () => {
    const { error } = await failure('html');
    assert.equal(error.kind, 'bad-response');
    assert.match(error.message, /not JSON/);
    assert.match(error.message, /text\/html/);
    assert.match(error.message, /Is this URL a Flink JobManager REST endpoint\?/);
  });

  it('proxy cuts the body short and closes: the answer is called incomplete', async () => {
    const { error } = await failure('truncate');
    assert.equal(error.kind, 'bad-response');
    assert.match(error.message, /closed the connection before the whole answer/);
    assert.doesNotMatch(error.message, /Cannot reach/);
  });

  it('proxy redirects to another host: not followed, no request (and no credentials) reaches it', async () => {
    const { error } = await failure('redirect');
    assert.equal(error.status, 302);
    assert.match(error.message, /redirects GET \/jobs\/overview to http:\/\/127\.0\.0\.2:\d+\/jobs\/overview/);
    assert.deepEqual(seenByOther, [], 'the other host saw no request');
  });

  it('the explorer model shows an error node on a proxy 500 and the jobs again once it passes through', async () => {
    mode = '500';
    const c = client();
    const model = new JobsModel({
      source: {
        configured: () => [{ id: 'proxy', name: 'proxy', source: 'settings', url: proxyUrl }],
        connect: async () => c,
      },
      onDidChange: () => undefined,
    });
    try {
      const roots = await bounded(15_000, () => model.resolveChildren());
      const cluster = roots.value?.find((n) => n.kind === 'cluster');
      assert.ok(cluster, `a cluster node: ${JSON.stringify(roots.value)}`);
      const bad = await bounded(15_000, () => model.resolveChildren(cluster));
      assert.ok(
        bad.value?.some((n) => n.kind === 'error' && /HTTP 500/.test(n.message)),
        JSON.stringify(bad.value),
      );
      mode = 'pass';
      model.refresh();
      const good = await bounded(15_000, () => model.resolveChildren(cluster));
      assert.ok(!good.value?.some((n) => n.kind === 'error'), JSON.stringify(good.value));
    } finally {
      mode = 'pass';
      model.dispose();
    }
  });
});
