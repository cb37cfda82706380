// The cluster's schemas combined with the shipped ones (core combineSchemaProviders), the OpenAPI
// fetch against a 127.0.0.1 server this test starts (credentials sent, errors typed, timeouts), and
// the per-(server, context) cache with a fake fetcher.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  bundleFromCrds,
  combineSchemaProviders,
  providerFromBundles,
  shippedSchemas,
  validate,
  type SchemaBundleProvider,
} from '../../src/core';
import { KubeError } from '../../src/kube/errors';
import { fetchOpenApiDocs, OpenApiCache, type ClusterOpenApi } from '../../src/kube/openapi-schemas';
import { covered } from './validate-helpers';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const crdDir = join(CORPUS, 'operator-crds');
const crds = readdirSync(crdDir).flatMap((f) =>
  parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>),
);
// Stands in for what a cluster with the operator serves: the CRDs' schemas, nothing else.
const operatorOnly = providerFromBundles('test:operator', [bundleFromCrds(crds, 'test:operator-bundle')]);

const FLINK_DEPLOYMENT = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    replicas: two
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\nbinaryDataa: {}\n';

describe('combineSchemaProviders', () => {
  const combined = combineSchemaProviders(operatorOnly, shippedSchemas());

  it('validates the kinds only the primary knows (FlinkDeployment from the cluster)', () => {
    const f = validate([{ path: 'fd.yaml', text: FLINK_DEPLOYMENT }], { schemas: combined }).filter(
      (x) => x.code === 'k8s-schema',
    );
    assert.deepEqual(
      f.map((x) => covered(FLINK_DEPLOYMENT, x)),
      ['two'],
    );
    // The shipped schemas carry the operator CRDs too: offline the same error is found.
    assert.deepEqual(
      validate([{ path: 'fd.yaml', text: FLINK_DEPLOYMENT }])
        .filter((x) => x.code === 'k8s-schema')
        .map((x) => covered(FLINK_DEPLOYMENT, x)),
      ['two'],
    );
  });

  it('falls back to the shipped schemas for kinds the primary does not serve', () => {
    assert.equal(operatorOnly.schemaFor('v1', 'ConfigMap'), undefined);
    const f = validate([{ path: 'cm.yaml', text: CONFIGMAP }], { schemas: combined }).filter(
      (x) => x.code === 'k8s-schema',
    );
    assert.deepEqual(
      f.map((x) => covered(CONFIGMAP, x)),
      ['binaryDataa'],
    );
  });

  it('prefers the primary where both know a kind', () => {
    // A "cluster" whose ConfigMap allows any field: its answer wins over the shipped strict one.
    const lax: SchemaBundleProvider = {
      id: 'test:lax',
      schemaFor: (a, k) => (a === 'v1' && k === 'ConfigMap' ? { type: 'object' } : undefined),
    };
    const f = validate([{ path: 'cm.yaml', text: CONFIGMAP }], {
      schemas: combineSchemaProviders(lax, shippedSchemas()),
    });
    assert.deepEqual(
      f.filter((x) => x.code === 'k8s-schema'),
      [],
    );
  });

  it('has an id of both and registers a bundle $id only once', () => {
    assert.equal(combined.id, `test:operator|${shippedSchemas().id}`);
    const twice = combineSchemaProviders(shippedSchemas(), shippedSchemas());
    const ids = twice.bundles!().map((b) => (b as { $id: string }).$id);
    assert.deepEqual(ids, [...new Set(ids)]);
    assert.equal(ids.length, shippedSchemas().bundles!().length);
    // ...so ajv compiles with it (a duplicate $id would make every kind "unknown").
    const f = validate([{ path: 'cm.yaml', text: CONFIGMAP }], { schemas: twice }).filter(
      (x) => x.code === 'k8s-schema',
    );
    assert.equal(f.length, 1);
  });
});

describe('fetchOpenApiDocs against a fake API server on 127.0.0.1', () => {
  const seen: IncomingMessage[] = [];
  let mode: 'ok' | 'forbidden' | 'slow' = 'ok';
  const server: Server = createServer((req, res) => {
    seen.push(req);
    if (mode === 'forbidden') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 403,
          reason: 'Forbidden',
          message: 'forbidden: User "bob" cannot get path "/openapi/v3"',
        }),
      );
      return;
    }
    if (mode === 'slow') return; // never answers
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openapi/v3') {
      res.end(
        JSON.stringify({
          paths: {
            'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=AAA' },
            'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=BBB' },
            'apis/other/v1': { serverRelativeURL: '/x' },
          },
        }),
      );
    } else {
      res.end(JSON.stringify({ components: { schemas: { [String(req.url)]: { type: 'object' } } } }));
    }
  });
  const ready = new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function kubeConfig(): Promise<KubeConfig> {
    await ready;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
      ],
      users: [{ name: 'u', token: 'secret-token-123' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
    return kc;
  }

  it('fetches the index and the wanted group-versions the server has, with the credentials', async () => {
    mode = 'ok';
    seen.length = 0;
    const got = await fetchOpenApiDocs(await kubeConfig());
    assert.deepEqual(got.groupVersions, ['api/v1', 'apis/apps/v1']);
    assert.deepEqual(
      got.docs.map((d) => Object.keys((d.components as { schemas: object }).schemas)),
      [['/openapi/v3/api/v1?hash=AAA'], ['/openapi/v3/apis/apps/v1?hash=BBB']],
    );
    assert.equal(got.context, 'ctx');
    assert.match(got.id, /^cluster:[0-9a-f]{16}$/);
    assert.deepEqual(seen.map((r) => r.url).sort(), [
      '/openapi/v3',
      '/openapi/v3/api/v1?hash=AAA',
      '/openapi/v3/apis/apps/v1?hash=BBB',
    ]);
    assert.ok(seen.every((r) => r.headers.authorization === 'Bearer secret-token-123'));
  });

  it('turns 403 into a Forbidden KubeError without the token', async () => {
    mode = 'forbidden';
    const e = await fetchOpenApiDocs(await kubeConfig()).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof KubeError);
    assert.equal(e.reason, 'Forbidden');
    assert.equal(e.status, 403);
    assert.doesNotMatch(e.message, /secret-token/);
  });

  it('times out, and is cancelled by the signal', async () => {
    mode = 'slow';
    const t0 = Date.now();
    const e = await fetchOpenApiDocs(await kubeConfig(), { timeoutMs: 300 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof KubeError);
    assert.equal(e.reason, 'Timeout');
    assert.ok(Date.now() - t0 < 5000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const c = await fetchOpenApiDocs(await kubeConfig(), { signal: ac.signal, timeoutMs: 10_000 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(c instanceof KubeError);
    assert.equal(c.reason, 'Cancelled');
  });
});

describe('OpenApiCache (fake fetcher)', () => {
  function kc(server: string, context: string): KubeConfig {
    const k = new KubeConfig();
    k.loadFromOptions({
      clusters: [{ name: 'c', server, skipTLSVerify: false }],
      users: [{ name: 'u' }],
      contexts: [{ name: context, cluster: 'c', user: 'u' }],
      currentContext: context,
    });
    return k;
  }
  const result = (k: KubeConfig): ClusterOpenApi => ({
    docs: [],
    id: 'x',
    server: k.getCurrentCluster()!.server,
    context: k.getCurrentContext(),
    groupVersions: [],
    fetchedAt: 0,
  });

  it('fetches once per (server, context) within the TTL, again after it', async () => {
    let now = 0;
    let calls = 0;
    const cache = new OpenApiCache({
      ttlMs: 1000,
      now: () => now,
      fetch: async (k) => {
        calls++;
        return result(k);
      },
    });
    const a = kc('https://a:6443', 'one');
    await Promise.all([cache.get(a), cache.get(a)]);
    assert.equal(calls, 1);
    await cache.get(kc('https://a:6443', 'two'));
    await cache.get(kc('https://b:6443', 'one'));
    assert.equal(calls, 3);
    now = 999;
    await cache.get(a);
    assert.equal(calls, 3);
    now = 1000;
    assert.equal(cache.has(a), false);
    await cache.get(a);
    assert.equal(calls, 4);
    // maxAgeMs (a context switch): an entry older than that is fetched anew, a younger one reused.
    now = 1500;
    await cache.get(a, { maxAgeMs: 600 });
    assert.equal(calls, 4);
    await cache.get(a, { maxAgeMs: 400 });
    assert.equal(calls, 5);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const cache = new OpenApiCache({
      fetch: async (k) => {
        if (fail) throw new KubeError('down', { reason: 'Unreachable' });
        return result(k);
      },
    });
    const a = kc('https://a:6443', 'one');
    await assert.rejects(cache.get(a), /down/);
    fail = false;
    assert.equal((await cache.get(a)).context, 'one');
    assert.equal(cache.fetches, 2);
  });
});
