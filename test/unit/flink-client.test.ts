// The REST client against small misbehaving HTTP servers on 127.0.0.1 ("fake server"): the real
// Flink is exercised in test/integration/flink-*.test.ts; these cover what real Flink rarely does
// on demand (500s, bad JSON, slowness, refused connections) and the request shapes we send.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlinkClient } from '../../src/flink/client';
import { FlinkOperationError, FlinkRestError } from '../../src/flink/errors';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeServer(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

async function rejectsWith(p: Promise<unknown>, check: (e: FlinkRestError) => void): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FlinkRestError, `expected FlinkRestError, got ${String(e)}`);
    check(e);
    return;
  }
  assert.fail('expected a rejection');
}

describe('Flink REST client (fake server)', () => {
  it('fake server: detects the version from GET /config once and reads /overview', async () => {
    const { url, seen } = await fakeServer((req, res) => {
      if (req.url === '/config')
        return json(res, 200, { 'refresh-interval': 3000, 'flink-version': '2.1.0', features: { 'web-submit': true } });
      if (req.url === '/overview')
        return json(res, 200, {
          taskmanagers: 2,
          'slots-total': 8,
          'slots-available': 5,
          'jobs-running': 1,
          'jobs-finished': 3,
          'jobs-cancelled': 0,
          'jobs-failed': 0,
        });
      json(res, 404, { errors: ['Not found: ' + req.url] });
    });
    const c = new FlinkClient({ baseUrl: url });
    const v = await c.version();
    assert.deepEqual([v?.major, v?.minor, v?.patch], [2, 1, 0]);
    assert.equal((await c.capabilities()).legacyRootExceptions, false);
    assert.equal((await c.overview())['slots-available'], 5);
    await c.version();
    assert.equal(seen.filter((s) => s.url === '/config').length, 1, '/config is read once');
  });

  it('fake server: a 500 with {"errors":[...]} becomes a FlinkRestError with url, status and errors', async () => {
    const { url } = await fakeServer((_req, res) =>
      json(res, 500, {
        errors: [
          'Internal server error.',
          '<Exception on server side:\njava.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\nEnd of exception on server side>',
        ],
      }),
    );
    const c = new FlinkClient({ baseUrl: url });
    await rejectsWith(c.overview(), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 500);
      assert.equal(e.url, `${url}/overview`);
      assert.equal(e.errors.length, 2);
      assert.match(e.message, /HTTP 500/);
      assert.match(e.message, /boom/);
    });
  });

  it('fake server: a RestHandlerException 404 shows its message without the class name', async () => {
    const { url } = await fakeServer((_req, res) =>
      json(res, 404, {
        errors: [
          'org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat org.apache...',
        ],
      }),
    );
    await rejectsWith(new FlinkClient({ baseUrl: url }).job('0123'), (e) => {
      assert.equal(e.status, 404);
      assert.match(e.message, /: Job could not be found\.$/);
      assert.doesNotMatch(e.message, /RestHandlerException/);
    });
  });

  it('fake server: a 200 with bad JSON gives a clear bad-response error', async () => {
    const { url } = await fakeServer((_req, res) => json(res, 200, '{"jobs": [ {"jid": '));
    await rejectsWith(new FlinkClient({ baseUrl: url }).jobsOverview(), (e) => {
      assert.equal(e.kind, 'bad-response');
      assert.equal(e.status, 200);
      assert.match(e.message, /not JSON/);
      assert.match(e.message, /Flink JobManager REST endpoint/);
    });
  });

  it('fake server: an HTML error page (proxy 502) is reported with its status and a snippet', async () => {
    const { url } = await fakeServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    });
    await rejectsWith(new FlinkClient({ baseUrl: url }).overview(), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 502);
      assert.deepEqual(e.errors, []);
      assert.match(e.message, /HTTP 502, text\/html: "<html><body>Bad Gateway/);
    });
  });

  it('fake server: a slow response ends in a timeout error within the timeout', async () => {
    const { url } = await fakeServer((_req, res) => {
      setTimeout(() => {
        if (!res.destroyed) json(res, 200, {});
      }, 3000);
    });
    const started = Date.now();
    await rejectsWith(new FlinkClient({ baseUrl: url, timeoutMs: 300 }).overview(), (e) => {
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer GET \/overview within 0\.3 s/);
    });
    assert.ok(Date.now() - started < 2000, 'gave up near the timeout');
  });

  it('fake server: a body that stalls after the headers also times out', async () => {
    const { url } = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jobs":');
    });
    await rejectsWith(new FlinkClient({ baseUrl: url, timeoutMs: 300 }).jobsOverview(), (e) =>
      assert.equal(e.kind, 'timeout'),
    );
  });

  it('connection refused is an "unreachable" error naming the endpoint', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await rejectsWith(new FlinkClient({ baseUrl: `http://127.0.0.1:${port}` }).overview(), (e) => {
      assert.equal(e.kind, 'unreachable');
      assert.equal(e.status, 0);
      assert.match(e.message, new RegExp(`Cannot reach Flink at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    });
  });

  it("fake server: the caller's AbortSignal cancels a request", async () => {
    const { url } = await fakeServer(() => {
      /* never answers */
    });
    const ac = new AbortController();
    const p = new FlinkClient({ baseUrl: url, timeoutMs: 5000 }).overview({ signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await rejectsWith(p, (e) => assert.equal(e.kind, 'aborted'));
  });

  it('fake server: bearer and basic credentials are sent as Authorization headers', async () => {
    const { url, seen } = await fakeServer((_req, res) => json(res, 200, { jobs: [] }));
    await new FlinkClient({ baseUrl: url, auth: { type: 'bearer', token: 't0k' } }).jobsOverview();
    await new FlinkClient({ baseUrl: url, auth: { type: 'basic', username: 'flink', password: 'p:w' } }).jobsOverview();
    await new FlinkClient({ baseUrl: url }).jobsOverview();
    assert.equal(seen[0].headers.authorization, 'Bearer t0k');
    assert.equal(seen[1].headers.authorization, `Basic ${Buffer.from('flink:p:w').toString('base64')}`);
    assert.equal(seen[2].headers.authorization, undefined);
  });

  it('fake server: a redirect is not followed (credentials stay put) and names the new address', async () => {
    const { url, seen } = await fakeServer((_req, res) => {
      res.writeHead(301, { location: 'https://flink.example.test/overview' });
      res.end();
    });
    await rejectsWith(new FlinkClient({ baseUrl: url, auth: { type: 'bearer', token: 't' } }).overview(), (e) => {
      assert.equal(e.status, 301);
      assert.match(e.message, /redirects GET \/overview to https:\/\/flink\.example\.test\/overview: use that address/);
    });
    assert.equal(seen.length, 1);
  });

  it('fake server: a path prefix in the base URL is kept (ingress/proxy setups)', async () => {
    const { url, seen } = await fakeServer((_req, res) => json(res, 200, { jobs: [] }));
    await new FlinkClient({ baseUrl: `${url}/flink/my-cluster/` }).jobsOverview();
    assert.equal(seen[0].url, '/flink/my-cluster/jobs/overview');
  });

  it('fake server: onRequest records method, status and bytes of each call', async () => {
    const { url } = await fakeServer((_req, res) => json(res, 200, '{"jobs":[]}'));
    const records: Array<{ method: string; status: number; bytes: number }> = [];
    await new FlinkClient({ baseUrl: url, onRequest: (r) => records.push(r) }).jobsOverview();
    assert.deepEqual(
      records.map((r) => [r.method, r.status, r.bytes]),
      [['GET', 200, 11]],
    );
  });
});

describe('Flink REST client request shapes (fake server)', () => {
  it('fake server: cancel is PATCH /jobs/:id?mode=cancel and accepts an empty 202', async () => {
    const { url, seen } = await fakeServer((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    await new FlinkClient({ baseUrl: url }).cancel('abc');
    assert.deepEqual([seen[0].method, seen[0].url], ['PATCH', '/jobs/abc?mode=cancel']);
  });

  it('fake server: savepoint trigger then poll until COMPLETED returns the location', async () => {
    let polls = 0;
    const { url, seen } = await fakeServer((req, res) => {
      if (req.url === '/config') return json(res, 200, { 'flink-version': '1.20.1', 'refresh-interval': 3000 });
      if (req.method === 'POST') return json(res, 202, { 'request-id': 'trig1' });
      polls++;
      if (polls < 3) return json(res, 200, { status: { id: 'IN_PROGRESS' } });
      json(res, 200, { status: { id: 'COMPLETED' }, operation: { location: 'file:/tmp/sp/savepoint-abc' } });
    });
    const c = new FlinkClient({ baseUrl: url });
    const trig = await c.triggerSavepoint('job1', { targetDirectory: '/tmp/sp' });
    assert.equal(trig, 'trig1');
    const post = seen.find((s) => s.method === 'POST');
    assert.deepEqual(JSON.parse(post!.body), { 'cancel-job': false, 'target-directory': '/tmp/sp' });
    const statuses: string[] = [];
    assert.equal(
      await c.waitForSavepoint('job1', trig, { intervalMs: 10, onPoll: (s) => statuses.push(s) }),
      'file:/tmp/sp/savepoint-abc',
    );
    assert.deepEqual(statuses, ['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
  });

  it('fake server: a COMPLETED savepoint with a failure-cause throws FlinkOperationError', async () => {
    const { url } = await fakeServer((_req, res) =>
      json(res, 200, {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: 'java.util.concurrent.CompletionException',
            'stack-trace': 'java.util.concurrent.CompletionException: Checkpoint Coordinator is suspending.\n\tat x',
          },
        },
      }),
    );
    await assert.rejects(
      new FlinkClient({ baseUrl: url }).waitForSavepoint('j', 't', { intervalMs: 10 }),
      (e: unknown) => {
        assert.ok(e instanceof FlinkOperationError);
        assert.match(e.message, /Savepoint failed: .*Checkpoint Coordinator is suspending/);
        return true;
      },
    );
  });

  it('fake server: stop-with-savepoint sends drain and the camelCase targetDirectory; formatType only to 1.15+', async () => {
    const { url, seen } = await fakeServer((req, res) => {
      if (req.url === '/config') return json(res, 200, { 'flink-version': '1.14.6', 'refresh-interval': 3000 });
      json(res, 202, { 'request-id': 'r' });
    });
    await new FlinkClient({ baseUrl: url }).stopWithSavepoint('j', {
      drain: true,
      targetDirectory: '/sp',
      formatType: 'NATIVE',
    });
    assert.deepEqual(JSON.parse(seen.find((s) => s.method === 'POST')!.body), { drain: true, targetDirectory: '/sp' });
  });

  it('fake server: jar upload is one multipart .jar file; run sends programArgsList (never the 2.0-removed programArgs)', async () => {
    const { url, seen } = await fakeServer((req, res) => {
      if (req.url === '/jars/upload')
        return json(res, 200, { filename: '/tmp/flink-web/flink-web-upload/1f2e_WordCount.jar', status: 'success' });
      json(res, 200, { jobid: 'feedbeef' });
    });
    const c = new FlinkClient({ baseUrl: url });
    const jarId = await c.uploadJar('WordCount.jar', new Uint8Array([0x50, 0x4b, 3, 4]));
    assert.equal(jarId, '1f2e_WordCount.jar');
    assert.match(String(seen[0].headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.match(seen[0].body, /name="jarfile"; filename="WordCount.jar"/);
    const jobId = await c.runJar(jarId, {
      entryClass: 'a.B',
      programArgs: ['--input', 'a b'],
      parallelism: 2,
      savepointPath: '/sp/1',
      allowNonRestoredState: true,
    });
    assert.equal(jobId, 'feedbeef');
    assert.equal(seen[1].url, '/jars/1f2e_WordCount.jar/run');
    assert.deepEqual(JSON.parse(seen[1].body), {
      entryClass: 'a.B',
      programArgsList: ['--input', 'a b'],
      parallelism: 2,
      savepointPath: '/sp/1',
      allowNonRestoredState: true,
    });
  });

  it('fake server: checkpoints of a job without checkpointing is undefined, other 404s still throw', async () => {
    const { url } = await fakeServer((req, res) => {
      if (req.url === '/jobs/nocp/checkpoints')
        return json(res, 404, { errors: ['Checkpointing has not been enabled.'] });
      json(res, 404, { errors: ['org.apache.flink.runtime.rest.NotFoundException: Job 1 not found'] });
    });
    const c = new FlinkClient({ baseUrl: url });
    assert.equal(await c.checkpoints('nocp'), undefined);
    await rejectsWith(c.checkpoints('other'), (e) => assert.equal(e.status, 404));
  });

  it('fake server: exceptions read the 2.x exceptionHistory and the 1.x root-exception shapes alike', async () => {
    const entry = {
      exceptionName: 'java.lang.RuntimeException',
      stacktrace: 'java.lang.RuntimeException: kaputt\n\tat a.b',
      timestamp: 5,
      taskName: 'Map (1/2)',
      endpoint: '127.0.0.1:1234',
      taskManagerId: 'tm1',
      failureLabels: {},
      concurrentExceptions: [],
    };
    const { url } = await fakeServer((req, res) => {
      if (req.url?.startsWith('/jobs/v2/'))
        return json(res, 200, { exceptionHistory: { truncated: false, entries: [entry] } });
      json(res, 200, {
        'root-exception': 'java.lang.IllegalStateException: old style\n\tat c.d',
        timestamp: 7,
        truncated: false,
        'all-exceptions': [],
        exceptionHistory: { truncated: false, entries: [] },
      });
    });
    const c = new FlinkClient({ baseUrl: url });
    const v2 = await c.exceptions('v2');
    assert.deepEqual(
      v2.entries.map((e) => [e.name, e.message, e.taskName, e.endpoint]),
      [['java.lang.RuntimeException', 'kaputt', 'Map (1/2)', '127.0.0.1:1234']],
    );
    const v1 = await c.exceptions('v1');
    assert.deepEqual(
      v1.entries.map((e) => [e.name, e.message, e.timestamp]),
      [['java.lang.IllegalStateException', 'old style', 7]],
    );
  });
});
