// https Flink REST endpoints: the certificate is verified, and a cluster's caFile is trusted for that
// cluster only (issue 17). A local TLS server stands in for the JobManager (test name says so); the
// certificates are made with openssl: a CA, a server certificate for 127.0.0.1 it signs, another CA.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FlinkClient } from '../../src/flink/client';
import { FlinkRestError } from '../../src/flink/errors';
import { listLogFiles, streamLog } from '../../src/flink/logs';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const dir = mkdtempSync(join(tmpdir(), 'flink-https-'));
const f = (n: string) => join(dir, n);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

function ca(name: string): void {
  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    f(`${name}.key`),
    '-out',
    f(`${name}.crt`),
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
  );
}

describe('https Flink REST endpoint (local TLS server standing in for the JobManager)', () => {
  let server: Server;
  let url = '';
  before(async () => {
    ca('ca');
    ca('other-ca');
    writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl('req', ...EC, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=jobmanager');
    openssl(
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      f('server.ext'),
      '-out',
      f('server.crt'),
    );
    server = createServer({ key: readFileSync(f('server.key')), cert: readFileSync(f('server.crt')) }, (req, res) => {
      if (req.url === '/jobmanager/log') {
        res.setHeader('content-type', 'text/plain');
        res.end('jobmanager log line\n');
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (req.url === '/jobmanager/logs') res.end('{"logs":[{"name":"jobmanager.log","size":20}]}');
      else res.end(req.url === '/config' ? '{"flink-version":"1.20.5","refresh-interval":3000}' : '{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = async (client: FlinkClient): Promise<FlinkRestError> => {
    const e = await client.config().then(
      () => assert.fail('the request was accepted'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof FlinkRestError, String(e));
    return e;
  };

  it('refuses a certificate the system does not trust, and says how to trust its CA', async () => {
    const e = await failure(new FlinkClient({ baseUrl: url, timeoutMs: 10_000 }));
    assert.match(
      e.message,
      /does not trust \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
    );
    assert.match(e.message, /"caFile"/);
  });

  it("trusts the cluster's caFile: the answer is read", async () => {
    const client = new FlinkClient({ baseUrl: url, timeoutMs: 10_000, ca: readFileSync(f('ca.crt'), 'utf8') });
    assert.equal((await client.config())['flink-version'], '1.20.5');
  });

  it('refuses the certificate when the caFile holds another CA', async () => {
    const e = await failure(
      new FlinkClient({ baseUrl: url, timeoutMs: 10_000, ca: readFileSync(f('other-ca.crt'), 'utf8') }),
    );
    assert.match(e.message, /caFile configured for it does not sign/);
  });

  it('lists and streams log files over https with the caFile, and names the certificate problem without it', async () => {
    const ca = readFileSync(f('ca.crt'), 'utf8');
    const files = await listLogFiles(url, { type: 'jobmanager' }, { ca });
    assert.deepEqual(
      files.map((x) => x.name),
      ['jobmanager.log'],
    );
    const chunks: Buffer[] = [];
    await streamLog({ baseUrl: url, ca, owner: { type: 'jobmanager' }, file: { kind: 'main' } }, 0, (c) =>
      chunks.push(Buffer.from(c)),
    );
    assert.equal(Buffer.concat(chunks).toString(), 'jobmanager log line\n');
    await assert.rejects(listLogFiles(url, { type: 'jobmanager' }), /does not trust/);
    await assert.rejects(
      streamLog({ baseUrl: url, owner: { type: 'jobmanager' }, file: { kind: 'main' } }, 0, () => undefined),
      /does not trust/,
    );
  });
});
