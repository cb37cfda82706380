// Credentials that stop working against the real kube-apiserver: a ServiceAccount token revoked in
// the middle of a deploy (between the dry-run and the apply), an expired token (signed with the
// test bed's real service-account key, so only its expiry is wrong), and an RBAC permission
// removed in the middle of a deploy. Each ends in one clear message with a next step, without the
// token in it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../../src/kube/config';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { deploy, type DeployQuestions } from '../../src/kube/deploy';
import { readDeployObjects, type DeployObject } from '../../src/kube/manifests';
import { serverSideApply } from '../../src/kube/ssa';
import { until } from '../support/poll';
import { testbedState } from '../support/testbed';
import { kubeClient } from './support';

const state = testbedState();
const NS = `faults-cred-${randomBytes(3).toString('hex')}`;
const SA = 'faults-user';
let admin: KubeClient;
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faults-cred-'));
  admin = kubeClient(state, { namespace: NS });
  const create = (o: Record<string, unknown>) => admin.objects.create(o as never);
  await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SA, namespace: NS } });
  await create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'configmaps', namespace: NS },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'create', 'patch'] }],
  });
  await bind();
});

after(async () => {
  await admin?.objects.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function bind() {
  return admin.objects.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'configmaps', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmaps' },
    subjects: [{ kind: 'ServiceAccount', name: SA, namespace: NS }],
  } as never);
}

async function issueToken(): Promise<string> {
  const core = admin.kc.makeApiClient(CoreV1Api);
  const r = await core.createNamespacedServiceAccountToken({
    name: SA,
    namespace: NS,
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  return r.status!.token;
}

/** A kubeconfig whose user is this token, on the test bed's cluster (its CA). */
function tokenClient(token: string, name: string): KubeClient {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: {
            server: state.apiServerUrl,
            'certificate-authority-data': readFileSync(state.pki.ca).toString('base64'),
          },
        },
      ],
      users: [{ name: SA, user: { token } }],
      contexts: [{ name, context: { cluster: 'c', user: SA, namespace: NS } }],
      'current-context': name,
    }),
    { mode: 0o600 },
  );
  return createKubeClient(loadKubeConfig({ kubeconfigPath: file }), { timeoutMs: 15_000 });
}

function configMap(name: string, value: string): DeployObject[] {
  const text = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { value } });
  return readDeployObjects([{ path: `/ws/${name}.yaml`, text }]).objects;
}

/** Answers yes; at the final confirmation it first runs `fault` (the dry-run has passed by then). */
function yesBut(fault: () => Promise<void>): DeployQuestions {
  return {
    createNamespaces: async () => true,
    forceConflicts: async () => true,
    confirm: async () => {
      await fault();
      return true;
    },
  };
}

/** The status code the API server gives `client` for a dry-run apply of a ConfigMap, 200 when allowed. */
async function probe(client: KubeClient): Promise<number> {
  try {
    await client.call({ verb: 'apply', kind: 'ConfigMap' }, (api) =>
      serverSideApply(api, configMap('probe', 'x')[0]!.object, { dryRun: true }),
    );
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 0;
  }
}

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

describe('faults: credentials revoked, expired or denied in the middle of a flow', () => {
  it('token revoked between dry-run and apply: 401 with "log in again", the token not shown', async () => {
    const token = await issueToken();
    const client = tokenClient(token, 'revoked');
    const ok = await deploy(
      client,
      configMap('before-revoke', 'a'),
      yesBut(async () => undefined),
      {},
    );
    assert.equal(ok.status, 'applied', ok.message);
    const r = await deploy(
      client,
      configMap('after-revoke', 'b'),
      yesBut(async () => {
        // Deleting the ServiceAccount revokes every token bound to it.
        await admin.objects.delete({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SA, namespace: NS } });
        await until(async () => (await probe(client)) === 401, 'the token to be rejected', 30_000, 250);
      }),
      {},
    );
    assert.equal(r.status, 'failed', r.message);
    assert.match(r.message, /Nothing was applied\. Failed: ConfigMap .*after-revoke/);
    assert.match(r.message, /rejected the credentials \(401 Unauthorized\)/);
    assert.match(r.message, /Log in again to refresh your kubeconfig credentials, or switch context/);
    assert.doesNotMatch(r.message, new RegExp(token.slice(-20)));
    assert.equal(r.objectErrors[0]?.error.status, 401);
    await admin.objects.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SA, namespace: NS } });
  });

  it('an expired token (signed by the real service-account key): 401 with a next step', async () => {
    const sa = (await admin.objects.read({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: SA, namespace: NS },
    })) as { metadata: { uid: string } };
    const now = Math.floor(Date.now() / 1000);
    const mint = (exp: number) => {
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
      const claims = b64url(
        JSON.stringify({
          iss: 'https://kubernetes.default.svc.cluster.local',
          aud: ['https://kubernetes.default.svc.cluster.local'],
          sub: `system:serviceaccount:${NS}:${SA}`,
          iat: now - 7200,
          nbf: now - 7200,
          exp,
          'kubernetes.io': { namespace: NS, serviceaccount: { name: SA, uid: sa.metadata.uid } },
        }),
      );
      const signer = createSign('RSA-SHA256');
      signer.update(`${header}.${claims}`);
      const sig = signer.sign(readFileSync(join(String(state.runDir), 'pki', 'sa.key'))).toString('base64url');
      return { token: `${header}.${claims}.${sig}`, sig };
    };
    // The same token valid for another 10 minutes is accepted: only the expiry differs.
    const fresh = tokenClient(mint(now + 600).token, 'fresh');
    await fresh.call({ verb: 'list', kind: 'ConfigMap', namespace: NS }, (api) => api.list('v1', 'ConfigMap', NS));
    const { token, sig } = mint(now - 3600); // expired an hour ago
    const client = tokenClient(token, 'expired');
    await assert.rejects(
      client.call({ verb: 'list', kind: 'ConfigMap', namespace: NS }, (api) => api.list('v1', 'ConfigMap', NS)),
      (e: Error & { status?: number }) => {
        assert.equal(e.status, 401);
        assert.match(e.message, /rejected the credentials \(401 Unauthorized\) while trying to list ConfigMap/);
        assert.match(e.message, /expired\. Log in again/);
        assert.doesNotMatch(e.message, new RegExp(sig.slice(-20)));
        return true;
      },
    );
  });

  it('RBAC permission removed between dry-run and apply: "Permission denied" naming user, verb and resource', async () => {
    const client = tokenClient(await issueToken(), 'rbac');
    assert.equal(await probe(client), 200, 'allowed before');
    const r = await deploy(
      client,
      configMap('after-unbind', 'c'),
      yesBut(async () => {
        await admin.objects.delete({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'configmaps', namespace: NS },
        });
        await until(async () => (await probe(client)) === 403, 'the permission to be gone', 30_000, 250);
      }),
      {},
    );
    assert.equal(r.status, 'failed', r.message);
    assert.match(
      r.message,
      new RegExp(
        `Permission denied .*user "system:serviceaccount:${NS}:${SA}" cannot patch configmaps in namespace "${NS}"`,
      ),
    );
    assert.match(r.message, /Ask a cluster admin for RBAC permission to patch configmaps, or switch to a context/);
    await bind();
  });
});
