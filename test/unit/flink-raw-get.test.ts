// The raw GET that log files stream through (src/flink/raw-get.ts), against fake servers (the
// framings and failures Flink does not send: chunked bodies from a proxy, 1xx answers, a connection
// cut short, a head that never ends); the real Flink's files are read in the integration suites.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { FlinkRestError } from '../../src/flink/errors';
import { streamLog } from '../../src/flink/logs';
import { rawGet, type RawResponse } from '../../src/flink/raw-get';

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A fake server that answers every connection with `answer` (raw bytes), then acts as `then` says. */
async function rawServer(answer: (s: Socket, request: string) => void): Promise<URL> {
  const srv = createServer((s) => {
    let req = '';
    s.on('data', (b) => {
      req += b.toString('latin1');
      if (req.includes('\r\n\r\n')) answer(s, req);
    });
    s.on('error', () => undefined);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/logs/x.log?a=1`);
}

/** Reads the whole answer; the body views are copied as the contract asks. */
async function read(url: URL, headers: Record<string, string> = {}): Promise<{ head?: RawResponse; body: string }> {
  let head: RawResponse | undefined;
  const parts: Buffer[] = [];
  await rawGet(url, { headers }, { head: (h) => void (head = h), body: (v) => void parts.push(Buffer.from(v)) });
  return { head, body: Buffer.concat(parts).toString('latin1') };
}

describe('raw GET of a log file', () => {
  it('fake server: reads Content-Length, chunked and close-delimited bodies, across many reads', async () => {
    const big = Buffer.alloc(3 << 20);
    for (let i = 0; i < big.length; i++) big[i] = 97 + (i % 26);
    const http = createHttpServer((req, res) => {
      if (req.url?.startsWith('/chunked')) {
        res.write(big.subarray(0, 1 << 20));
        res.write('x');
        res.end(big.subarray(1 << 20));
      } else res.writeHead(200, { 'content-length': big.length }).end(big);
    });
    servers.push(http as unknown as Server);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const whole = await read(new URL(`${base}/file`));
    assert.equal(whole.head?.headers['content-length'], String(big.length));
    assert.ok(whole.body === big.toString('latin1'), 'the Content-Length body, byte for byte');
    const chunked = await read(new URL(`${base}/chunked`));
    assert.equal(chunked.head?.headers['transfer-encoding'], 'chunked');
    assert.equal(chunked.body.length, big.length + 1);
    assert.ok(chunked.body === `${big.toString('latin1', 0, 1 << 20)}x${big.toString('latin1', 1 << 20)}`);
    // HTTP/1.0 style: no length, the body ends with the connection; a 100 Continue comes first.
    const closing = await rawServer((s) =>
      s.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX-A: 1\r\nX-A: 2\r\n\r\nall of it'),
    );
    const r = await read(closing);
    assert.equal(r.head?.status, 200);
    assert.equal(r.head?.headers['x-a'], '1, 2');
    assert.equal(r.body, 'all of it');
  });

  it('fake server: sends the path, query, host and headers, and refuses a header with a line break', async () => {
    let seen = '';
    const url = await rawServer((s, req) => {
      seen = req;
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    assert.equal((await read(url, { range: 'bytes=5-', authorization: 'Bearer t' })).body, 'ok');
    assert.match(seen, /^GET \/logs\/x\.log\?a=1 HTTP\/1\.1\r\n/);
    assert.match(seen, new RegExp(`\r\nHost: 127\\.0\\.0\\.1:${url.port}\r\n`));
    assert.match(seen, /\r\nrange: bytes=5-\r\n/);
    assert.match(seen, /\r\nauthorization: Bearer t\r\n/);
    await assert.rejects(read(url, { authorization: 'Bearer t\r\nX-Evil: 1' }), /line break/);
  });

  it('fake server: a body cut short, a broken chunk, a head that never ends, and an abort are errors', async () => {
    const short = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'));
    await assert.rejects(read(short), /closed before the end of the body/);
    const badChunk = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'));
    await assert.rejects(read(badChunk), /chunk size/);
    const cutChunk = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc'));
    await assert.rejects(read(cutChunk), /closed before the end of the body/);
    const endless = await rawServer((s) => s.end(`HTTP/1.1 200 OK\r\nX: ${'y'.repeat(70_000)}`));
    await assert.rejects(read(endless), /head larger than 64 KiB/);
    const gzipped = await rawServer((s) =>
      s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'),
    );
    await assert.rejects(read(gzipped), /transfer coding this reader does not decode: gzip,chunked/);
    const notHttp = await rawServer((s) => s.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await assert.rejects(read(notHttp), /not HTTP/);
    const silent = await rawServer(() => undefined);
    const ctrl = new AbortController();
    const pending = rawGet(silent, { signal: ctrl.signal }, { head: () => undefined, body: () => undefined });
    setTimeout(() => ctrl.abort(new Error('stopped by the test')), 50);
    await assert.rejects(pending, /stopped by the test/);
  });

  it('fake server: head() returning false stops after the head, and a throwing body() stops the read', async () => {
    const url = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'));
    let body = '';
    await rawGet(url, {}, { head: () => false, body: (v) => void (body += v.toString()) });
    assert.equal(body, '');
    await assert.rejects(
      rawGet(
        url,
        {},
        {
          head: () => undefined,
          body: () => {
            throw new Error('the consumer failed');
          },
        },
      ),
      /the consumer failed/,
    );
  });

  it('fake server: a log stream in a form this reader cannot read says so, and what to check', async () => {
    const url = await rawServer((s) =>
      s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'),
    );
    const e = await streamLog(
      { baseUrl: `http://127.0.0.1:${url.port}`, owner: { type: 'jobmanager' }, file: { kind: 'main' } },
      0,
      () => assert.fail('no bytes of a coding it cannot read'),
    ).then(
      () => assert.fail('streamLog resolved'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof FlinkRestError);
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /sent JobManager main log in a form this extension cannot read \(.*gzip,chunked\)/);
    assert.match(e.message, /proxy/);
  });
});
