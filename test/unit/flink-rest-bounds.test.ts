// Bounded REST bodies and credentials in URLs, against small local servers ("fake server"): real
// Flink never sends a gigabyte of JSON or asks for credentials, so these cannot use the test bed.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { FlinkClient } from '../../src/flink/client';
import { FlinkRestError } from '../../src/flink/errors';
import { flinkRequest, type RequestRecord } from '../../src/flink/http';
import { fetchLogTail, listLogFiles, streamLog } from '../../src/flink/logs';
import { redactUrl, redactUrls, splitUrlCredentials } from '../../src/flink/url-credentials';

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A JSON answer that never ends (no Content-Length): counts what the client made it send. */
async function endlessJson(prefix: string): Promise<{ url: string; sent: () => number; closed: () => boolean }> {
  let sent = 0;
  let closed = false;
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  const url = await fakeServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(prefix);
    const pump = () => {
      while (!res.destroyed && sent < 2 * 1024 ** 3) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (closed = true));
    pump();
  });
  return { url, sent: () => sent, closed: () => closed };
}

async function rejection(p: Promise<unknown>): Promise<FlinkRestError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FlinkRestError, `expected a FlinkRestError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('bounded REST bodies (fake server)', () => {
  it('fake server: an endless JSON answer stops at the cap with a FlinkRestError naming it', async () => {
    const s = await endlessJson('{"jobs": [');
    const records: RequestRecord[] = [];
    const client = new FlinkClient({ baseUrl: s.url, onRequest: (r) => records.push(r), timeoutMs: 60_000 });
    const e = await rejection(client.jobsOverview());
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /more than 32 MiB for GET \/jobs\/overview/);
    assert.match(e.message, /Check that the URL is a Flink JobManager REST endpoint/);
    // The connection was closed soon after the cap: far from the 2 GiB the server would send.
    for (let i = 0; i < 100 && !s.closed(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(s.closed(), 'the server saw the connection close');
    assert.ok(s.sent() < 128 * 1024 ** 2, `the server sent ${s.sent()} bytes`);
    assert.equal(records.at(-1)?.error, 'too large');
  });

  it('fake server: a declared Content-Length over the cap fails before reading the body', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
      res.end('['.padEnd(5000, ' '));
    });
    const e = await rejection(flinkRequest({ baseUrl: url, maxBodyBytes: 1000 }, '/overview'));
    assert.match(e.message, /more than 1000 bytes for GET \/overview/);
  });

  it('fake server: a huge error body is cut to a short message', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('x'.repeat(8 * 1024 * 1024));
    });
    const e = await rejection(flinkRequest({ baseUrl: url }, '/overview'));
    assert.equal(e.status, 500);
    assert.ok(e.message.length < 400, e.message);
  });

  it('fake server: listLogFiles caps its JSON and explains a body that is not JSON', async () => {
    const s = await endlessJson('{"logs": [');
    const e = await rejection(listLogFiles(s.url, { type: 'jobmanager' }, { timeoutMs: 60_000 }));
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /more than 32 MiB for the list of log files/);
    assert.ok(s.sent() < 128 * 1024 ** 2, `the server sent ${s.sent()} bytes`);

    const html = await fakeServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    const e2 = await rejection(listLogFiles(html, { type: 'jobmanager' }));
    assert.match(e2.message, /not JSON\. Is this URL a Flink JobManager REST endpoint\?/);
  });
});

describe('credentials in URLs', () => {
  it('splits user info off a URL and redacts it (and secret query values) everywhere', () => {
    assert.deepEqual(splitUrlCredentials('https://alice:s%40cret@flink.example:8443/base'), {
      url: 'https://flink.example:8443/base',
      auth: { type: 'basic', username: 'alice', password: 's@cret' },
    });
    assert.deepEqual(splitUrlCredentials('http://tok3n@h/'), {
      url: 'http://h/',
      auth: { type: 'basic', username: 'tok3n', password: '' },
    });
    assert.deepEqual(splitUrlCredentials(' http://127.0.0.1:8081 '), { url: 'http://127.0.0.1:8081' });
    assert.equal(splitUrlCredentials('http://h/a@b').url, 'http://h/a@b');
    assert.equal(redactUrl('http://u:p@h:1/x?token=abc&x=1'), 'http://***@h:1/x?token=***&x=1');
    assert.equal(redactUrl('http://h/x?X-Amz-Signature=s1'), 'http://h/x?X-Amz-Signature=***');
    assert.equal(redactUrl('http://h/p@q'), 'http://h/p@q');
    assert.equal(
      redactUrls('fetch failed for https://a:b@x.y/z, then http://c@d'),
      'fetch failed for https://***@x.y/z, then http://***@d',
    );
  });

  it('fake server: sends URL credentials as basic auth and never shows them in errors or records', async () => {
    const seen: (string | undefined)[] = [];
    const url = await fakeServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === '/overview')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"flink-version":"1.20.1"}');
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":["Not found: /nope"]}');
    });
    const withCreds = url.replace('http://', 'http://alice:hunter2@');
    const records: RequestRecord[] = [];
    const ok = await flinkRequest<{ 'flink-version': string }>(
      { baseUrl: withCreds, onRequest: (r) => records.push(r) },
      '/overview',
    );
    assert.equal(ok['flink-version'], '1.20.1');
    assert.equal(seen[0], `Basic ${Buffer.from('alice:hunter2').toString('base64')}`);
    const e404 = await rejection(flinkRequest({ baseUrl: withCreds, onRequest: (r) => records.push(r) }, '/nope'));
    // Refused connection: the failure names the host, not the password.
    const dead = await fakeServer(() => undefined);
    const deadPort = new URL(dead).port;
    servers.at(-1)!.close();
    const eDown = await rejection(flinkRequest({ baseUrl: `http://bob:pa55w0rd@127.0.0.1:${deadPort}` }, '/overview'));
    const eLogs = await rejection(listLogFiles(`http://bob:pa55w0rd@127.0.0.1:${deadPort}`, { type: 'jobmanager' }));
    const eTail = await rejection(
      fetchLogTail(
        { baseUrl: `http://bob:pa55w0rd@127.0.0.1:${deadPort}`, owner: { type: 'jobmanager' }, file: { kind: 'main' } },
        100,
      ),
    );
    const eStream = await rejection(
      streamLog(
        { baseUrl: `http://bob:pa55w0rd@127.0.0.1:${deadPort}`, owner: { type: 'jobmanager' }, file: { kind: 'main' } },
        0,
        () => undefined,
      ),
    );
    const shown = [e404, eDown, eLogs, eTail, eStream]
      .flatMap((e) => [e.message, e.url, String((e.cause as Error | undefined)?.message ?? ''), JSON.stringify(e)])
      .concat(records.map((r) => JSON.stringify(r)))
      .join('\n');
    assert.doesNotMatch(shown, /hunter2|pa55w0rd/);
    assert.match(eDown.message, /Cannot reach Flink at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('fake server: log streams send URL credentials as auth too', async () => {
    const seen: (string | undefined)[] = [];
    const url = await fakeServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 6 }).end('hello\n');
    });
    const chunks: Buffer[] = [];
    const r = await streamLog(
      { baseUrl: url.replace('http://', 'http://u:p@'), owner: { type: 'jobmanager' }, file: { kind: 'main' } },
      0,
      (b) => chunks.push(Buffer.from(b)),
    );
    assert.equal(r.bytes, 6);
    assert.equal(Buffer.concat(chunks).toString(), 'hello\n');
    assert.equal(seen[0], `Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
