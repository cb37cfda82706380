import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../src/kube/client';
import { summarizeErrors } from '../../src/kube/deploy';
import { KubeError, parseConflicts, parseForbidden, toKubeError } from '../../src/kube/errors';

const TOKEN = 'very-secret-bearer-token';

function status(code: number, reason: string, message: string, details?: object) {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });
}

// A real HTTP server on 127.0.0.1 answering like kube-apiserver does, so the errors are the ones
// client-node really throws (ApiException with the body as text, node-fetch FetchError, AbortError).
const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
  '/api/v1': (res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'patch'] }],
      }),
    );
  },
};
let server: Server;
let base = '';
let mode = '';

function client(opts: { timeoutMs?: number; signal?: AbortSignal; server?: string } = {}) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: opts.server ?? base, skipTLSVerify: true }],
    users: [{ name: 'u', token: TOKEN }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'flink' }],
    currentContext: 'ctx',
  });
  return createKubeClient(kc, opts);
}

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flink-config', namespace: 'flink' } };

describe('toKubeError maps what client-node throws into one clear message', () => {
  before(async () => {
    server = createServer((req, res) => {
      const route = routes[req.url ?? ''];
      if (route) return route(res);
      res.setHeader('content-type', 'application/json');
      if (mode === 'slow') return void setTimeout(() => res.end('{}'), 2000);
      const answers: Record<string, [number, string]> = {
        unauthorized: [401, status(401, 'Unauthorized', 'Unauthorized')],
        forbidden: [
          403,
          status(
            403,
            'Forbidden',
            'configmaps "flink-config" is forbidden: User "limited" cannot patch resource "configmaps" in API group "" in the namespace "flink"',
            { name: 'flink-config', kind: 'configmaps' },
          ),
        ],
        invalid: [
          422,
          status(422, 'Invalid', 'ConfigMap "flink-config" is invalid: metadata.name: Invalid value', {
            name: 'flink-config',
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "Flink_Config": a lowercase RFC 1123 subdomain',
                field: 'metadata.name',
              },
            ],
          }),
        ],
        conflict: [
          409,
          status(
            409,
            'Conflict',
            'Apply failed with 2 conflicts: conflict with "kubectl-client-side-apply" using v1: .data.a\nconflict with "helm" using v1: .data.b',
          ),
        ],
        strict: [
          500,
          status(
            500,
            'InternalError',
            'failed to create typed patch object (flink/flink-config; /v1, Kind=ConfigMap): .dataa: field not declared in schema',
          ),
        ],
        unavailable: [503, status(503, 'ServiceUnavailable', 'etcd is down')],
      };
      const [code, body] = answers[mode] ?? [500, 'oops'];
      res.statusCode = code;
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  async function fail(m: string, opts?: Parameters<typeof client>[0]): Promise<KubeError> {
    mode = m;
    const c = client(opts);
    try {
      await c.call({ verb: 'apply', kind: 'ConfigMap', name: 'flink-config', namespace: 'flink' }, (api) =>
        api.patch(cm),
      );
    } catch (e) {
      assert.ok(e instanceof KubeError, `expected a KubeError, got ${String(e)}`);
      assert.equal(e.message.includes(TOKEN), false, 'the token must never appear in messages');
      return e;
    }
    throw new Error('expected a failure');
  }

  it('401: expired credentials, log in again', async () => {
    const e = await fail('unauthorized');
    assert.equal(e.status, 401);
    assert.match(e.message, /rejected the credentials .*expired.*Log in again/);
    assert.match(e.message, /context "ctx"/);
  });

  it('403: the verb and resource from the Status message', async () => {
    const e = await fail('forbidden');
    assert.equal(e.reason, 'Forbidden');
    assert.equal(e.verb, 'patch');
    assert.equal(e.resource, 'configmaps');
    assert.equal(e.namespace, 'flink');
    assert.match(e.message, /user "limited" cannot patch configmaps in namespace "flink"/);
    assert.match(e.message, /RBAC/);
  });

  it('422: names the invalid field', async () => {
    const e = await fail('invalid');
    assert.equal(e.reason, 'Invalid');
    assert.match(e.message, /metadata\.name: Invalid value/);
    assert.equal(e.details?.causes?.[0].field, 'metadata.name');
  });

  it('409 apply conflict: lists managers and fields and offers Force', async () => {
    const e = await fail('conflict');
    assert.equal(e.reason, 'Conflict');
    assert.deepEqual(e.details?.conflicts, [
      { manager: 'kubectl-client-side-apply', fields: ['.data.a'] },
      { manager: 'helm', fields: ['.data.b'] },
    ]);
    assert.match(e.message, /Force/);
  });

  it('strict field validation (the apiserver answers 500 for apply): a manifest error naming the field', async () => {
    const e = await fail('strict');
    assert.equal(e.reason, 'Invalid');
    assert.match(e.message, /\.dataa: field not declared in schema\. Fix the field name/);
    assert.deepEqual(
      e.details?.causes?.map((c) => c.field),
      ['dataa'],
    );
    assert.doesNotMatch(e.message, /Retry/);
  });

  it('5xx: server failure with retry advice', async () => {
    const e = await fail('unavailable');
    assert.equal(e.status, 503);
    assert.match(e.message, /etcd is down.*Retry/);
  });

  it('request timeout and cancellation are told apart', async () => {
    const t = await fail('slow', { timeoutMs: 200 });
    assert.equal(t.reason, 'Timeout');
    assert.match(t.message, /Timed out/);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const c = await fail('slow', { signal: ac.signal });
    assert.equal(c.reason, 'Cancelled');
  });

  it('connection refused: cannot reach the API server', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const e = await fail('x', { server: `http://127.0.0.1:${port}` });
    assert.equal(e.reason, 'Unreachable');
    assert.match(e.message, /Cannot reach the API server .*ECONNREFUSED/);
  });

  it('TLS failures name the certificate problem (synthetic error object)', () => {
    const e = toKubeError(
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      { verb: 'get', kind: 'Pod', context: 'prod' },
    );
    assert.equal(e.reason, 'Tls');
    assert.match(e.message, /certificate-authority/);
  });

  it('parses Forbidden and conflict messages', () => {
    assert.deepEqual(
      parseForbidden(
        'deployments.apps "x" is forbidden: User "system:serviceaccount:a:b" cannot create resource "deployments" in API group "apps" in the namespace "ns"',
      ),
      { user: 'system:serviceaccount:a:b', verb: 'create', resource: 'deployments', group: 'apps', namespace: 'ns' },
    );
    assert.deepEqual(
      parseForbidden(
        'namespaces is forbidden: User "limited" cannot list resource "namespaces" in API group "" at the cluster scope',
      ),
      { user: 'limited', verb: 'list', resource: 'namespaces', group: undefined, namespace: undefined },
    );
    assert.deepEqual(
      parseConflicts('Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas'),
      [{ manager: 'kubectl', fields: ['.spec.replicas'] }],
    );
  });

  it('merges RBAC denials of one user into one sentence', () => {
    const mk = (resource: string) =>
      new KubeError('x', {
        reason: 'Forbidden',
        verb: 'patch',
        resource,
        namespace: 'flink',
        details: { user: 'viewer', context: 'ro' },
      });
    assert.equal(
      summarizeErrors([mk('configmaps'), mk('deployments.apps'), mk('configmaps'), new KubeError('Other problem.')]),
      'Permission denied in context "ro": user "viewer" cannot patch configmaps, patch deployments.apps in namespace "flink". Ask a cluster admin for these RBAC permissions, or switch to a context that has them. Other problem.',
    );
  });
});
