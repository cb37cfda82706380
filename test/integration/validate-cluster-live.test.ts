// Validation against what the test bed's API server serves, fetched the way the editor does
// (src/kube/openapi-schemas.ts through the kubeconfig): the documents, the cache, and the operator's
// CRDs, which a connected cluster serves in the version it runs (the extension also ships the released
// ones, generated into schemas/flink-operator.json: both must find the same error, as the server does).
// The CRDs are installed from ../shared/corpus (read in place) when absent, and removed afterwards
// only if this test installed them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterSchemaProvider, combineSchemaProviders, shippedSchemas, validate } from '../../src/core';
import { loadKubeConfig } from '../../src/kube/config';
import { fetchOpenApiDocs, OpenApiCache } from '../../src/kube/openapi-schemas';
import { testbedState } from '../support/testbed';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const CRD_FILES = ['flinkdeployments.flink.apache.org-v1.yml', 'flinksessionjobs.flink.apache.org-v1.yml'].map((f) =>
  join(CORPUS, 'operator-crds', f),
);
const FLINK_GV = 'apis/flink.apache.org/v1beta1';

const BAD_DEPLOYMENT = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    replicas: "two"
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
  job:
    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar
    parallelism: 2
    upgradeMode: stateless
`;

describe('validation with the schemas fetched from the connected cluster', () => {
  const state = testbedState();
  const kc = () => loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
  const home = mkdtempSync(join(tmpdir(), 'validate-live-kubectl-')); // kubectl's discovery cache, not in ~
  let installed = false;

  function kubectl(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(String(state.kubectl), ['--kubeconfig', state.kubeconfig, '--context', state.context, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, HOME: home },
    });
  }

  before(async () => {
    const r = kubectl('get', 'crd', 'flinkdeployments.flink.apache.org', '--ignore-not-found', '-o', 'name');
    assert.equal(r.status, 0, r.stderr);
    if (r.stdout.trim()) return;
    const a = kubectl('apply', '--server-side', ...CRD_FILES.flatMap((f) => ['-f', f]));
    assert.equal(a.status, 0, a.stderr);
    installed = true;
    // (kubectl wait trips over the CRDs' empty status right after apply: poll instead.)
    const deadline = Date.now() + 60_000;
    for (const crd of ['flinkdeployments.flink.apache.org', 'flinksessionjobs.flink.apache.org']) {
      for (;;) {
        const g = kubectl('get', 'crd', crd, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}');
        if (g.stdout.trim() === 'True') break;
        assert.ok(Date.now() < deadline, `${crd} established in time: ${g.stderr}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  });

  after(() => {
    if (installed) {
      const d = kubectl('delete', '--ignore-not-found', '--wait=true', ...CRD_FILES.flatMap((f) => ['-f', f]));
      assert.equal(d.status, 0, d.stderr);
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('fetches the core group-versions through the kubeconfig, and the cache fetches once', async () => {
    const cache = new OpenApiCache();
    const first = await cache.get(kc(), { timeoutMs: 30_000 });
    for (const gv of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/rbac.authorization.k8s.io/v1'])
      assert.ok(first.groupVersions.includes(gv), gv);
    assert.equal(first.docs.length, first.groupVersions.length);
    assert.equal(first.context, state.context);
    assert.equal(first.server, state.apiServerUrl);
    const second = await cache.get(kc());
    assert.equal(second, first);
    assert.equal(cache.fetches, 1);
    // Another context (the read-only user) of the same server is another entry, and may read them too.
    const limited = await cache.get(
      loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.limitedContext }),
    );
    assert.equal(cache.fetches, 2);
    assert.equal(limited.context, state.limitedContext);
    assert.ok(limited.groupVersions.includes('api/v1'));
  });

  it("flags a FlinkDeployment schema error with the cluster's CRD, as the shipped operator schema does", async () => {
    // The API server publishes a new CRD's OpenAPI a moment after Established.
    let docs = await fetchOpenApiDocs(kc(), { timeoutMs: 30_000 });
    const deadline = Date.now() + 60_000;
    while (!docs.groupVersions.includes(FLINK_GV)) {
      assert.ok(Date.now() < deadline, `the API server serves ${FLINK_GV} in /openapi/v3 in time`);
      await new Promise((r) => setTimeout(r, 500));
      docs = await fetchOpenApiDocs(kc(), { timeoutMs: 30_000 });
    }
    const cluster = clusterSchemaProvider(docs.docs, docs.id);
    assert.ok(cluster.schemaFor('flink.apache.org/v1beta1', 'FlinkDeployment'));
    const schemas = combineSchemaProviders(cluster, shippedSchemas());
    const online = validate([{ path: 'fd.yaml', text: BAD_DEPLOYMENT }], { schemas }).filter(
      (f) => f.code === 'k8s-schema',
    );
    assert.equal(online.length, 1, JSON.stringify(online));
    assert.equal(online[0].severity, 'error');
    assert.equal(online[0].range.start.line, 9); // spec.jobManager.replicas
    assert.match(online[0].message, /replicas/);
    const offline = validate([{ path: 'fd.yaml', text: BAD_DEPLOYMENT }]).filter((f) => f.code === 'k8s-schema');
    assert.deepEqual(
      offline.map((f) => [f.range.start.line, f.severity]),
      online.map((f) => [f.range.start.line, f.severity]),
    );
    // The real server agrees (dry run only).
    const r = spawnSync(
      String(state.kubectl),
      [
        '--kubeconfig',
        state.kubeconfig,
        '--context',
        state.context,
        '-n',
        'default',
        'apply',
        '--dry-run=server',
        '-f',
        '-',
      ],
      { input: BAD_DEPLOYMENT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: home } },
    );
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /replicas/);

    // ...and the operator's own examples pass the cluster's schemas untouched.
    const dir = join(CORPUS, 'operator-examples');
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
      const findings = validate([{ path: f, text: readFileSync(join(dir, f), 'utf8') }], { schemas }).filter(
        (x) => x.severity === 'error',
      );
      assert.deepEqual(findings, [], f);
    }
  });
});
