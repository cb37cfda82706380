import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../src/kube/client';
import { serverSideApply } from '../../src/kube/ssa';
import { errorLocations, readDeployObjects } from '../../src/kube/manifests';
import { KubeError } from '../../src/kube/errors';

// A 127.0.0.1 server standing in for the API server (fake), recording what the client sends.
interface Seen {
  method?: string;
  url?: string;
  contentType?: string;
  body?: string;
}
let server: Server;
let base = '';
const seen: Seen[] = [];

function read(req: IncomingMessage): Promise<string> {
  return new Promise((r) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => r(b));
  });
}

describe('server-side apply request (fake API server on 127.0.0.1)', () => {
  before(async () => {
    server = createServer(async (req, res) => {
      const body = await read(req);
      seen.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/apis/apps/v1')
        return void res.end(
          JSON.stringify({
            kind: 'APIResourceList',
            groupVersion: 'apps/v1',
            resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['patch'] }],
          }),
        );
      const obj = JSON.parse(body);
      obj.metadata.resourceVersion = '7';
      return void res.end(JSON.stringify(obj));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('sends the object verbatim (unknown fields included) with strict validation, field manager, dry-run and force', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: base, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u', namespace: 'flink' }],
      currentContext: 'x',
    });
    const client = createKubeClient(kc);
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'jm', namespace: 'flink' },
      spec: {
        replicaz: 3,
        template: { spec: { containers: [{ name: 'c', image: 'flink:1.20', imagePullPolicyy: 'x' }] } },
      },
    };
    const out = await serverSideApply(client.objects, obj, { dryRun: true, force: true });
    assert.equal((out.metadata as { resourceVersion?: string }).resourceVersion, '7');
    const patch = seen.find((s) => s.method === 'PATCH')!;
    const url = new URL(patch.url!, base);
    assert.equal(url.pathname, '/apis/apps/v1/namespaces/flink/deployments/jm');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      fieldManager: 'flink-vscode',
      fieldValidation: 'Strict',
      force: 'true',
      dryRun: 'All',
    });
    assert.equal(patch.contentType, 'application/apply-patch+yaml');
    assert.deepEqual(JSON.parse(patch.body!), obj, 'nothing dropped, nothing added');
  });
});

describe('strict validation errors go on the unknown field', () => {
  it('parses the field from a 400 message', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: jm\nspec:\n  replicaz: 3\n';
    const [dep] = readDeployObjects([{ path: '/w/x.yaml', text }]).objects;
    const e = new KubeError(
      'The server rejected Deployment "jm" (400 Bad Request): failed to create typed patch object (flink/jm; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema. Fix the manifest.',
      { status: 400 },
    );
    const [loc] = errorLocations(dep, e);
    assert.equal(loc.range.start.line, 5);
    assert.match(loc.message, /^spec\.replicaz: field not declared in schema/);
  });
});
