// Validation against the schemas a real cluster serves (the test bed's kube-apiserver /openapi/v3),
// as the deploy feature plugs them in through clusterSchemaProvider: they must agree with the shipped
// schemas on the kinds Flink manifests use, and with the server itself on what it rejects.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { before, describe, it } from 'node:test';
import { clusterSchemaProvider, validate } from '../../src/core';
import { testbedState, type TestbedState } from '../support/testbed';
import { session } from '../unit/validate-helpers';

function get(state: TestbedState, path: string): Promise<Record<string, unknown>> {
  const pki = state.pki as { ca: string; adminCert: string; adminKey: string };
  const url = new URL(path, String(state.apiServerUrl));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: readFileSync(pki.ca), cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey), timeout: 20_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

describe('validation with the schemas the cluster serves', () => {
  let state: TestbedState;
  let schemas: ReturnType<typeof clusterSchemaProvider>;
  before(async () => {
    state = testbedState();
    const index = (await get(state, '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
    const wanted = ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/rbac.authorization.k8s.io/v1'];
    const docs = await Promise.all(wanted.map((p) => get(state, index.paths[p].serverRelativeURL)));
    schemas = clusterSchemaProvider(docs, `testbed:${wanted.map((p) => index.paths[p].serverRelativeURL).join(',')}`);
  });

  it('finds nothing in a correct session cluster', () => {
    assert.deepEqual(validate([{ path: 'ok.yaml', text: session() }], { schemas }), []);
  });

  it('flags what the API server rejects, and the server agrees', () => {
    const text = session().replace(
      '      - name: taskmanager\n',
      '      - name: taskmanager\n        imagePullPolicie: Always\n',
    );
    const f = validate([{ path: 'bad.yaml', text }], { schemas }).filter((x) => x.code === 'k8s-schema');
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.match(f[0].message, /Unknown field "imagePullPolicie".*Did you mean "imagePullPolicy"/);
    // The real server rejects the same document (strict field validation, dry run only).
    const kubectl = String(state.kubectl);
    const home = mkdtempSync(join(tmpdir(), 'validate-kubectl-')); // kubectl's discovery cache, not in ~
    const r = spawnSync(
      kubectl,
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
      { input: text, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: home } },
    );
    rmSync(home, { recursive: true, force: true });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /imagePullPolicie/);
  });
});
