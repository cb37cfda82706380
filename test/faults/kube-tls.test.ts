// TLS to the real kube-apiserver, compared with the real kubectl of the same release: for each
// kubeconfig variant (the test bed's CA, another CA made here with openssl, no CA,
// insecure-skip-tls-verify with and without a CA) the extension's client must connect exactly
// when kubectl does, and a refusal must say what to fix.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../../src/kube/config';
import { createKubeClient } from '../../src/kube/client';
import { KubeError } from '../../src/kube/errors';
import { testbedState } from '../support/testbed';
import { bounded } from './support';

const exec = promisify(execFile);
const state = testbedState();
let dir = '';
let otherCa = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faults-tls-'));
  // Another CA: the apiserver's serving certificate is not signed by it.
  await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'other-ca.key'),
    '-out',
    join(dir, 'other-ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=some-other-ca',
  ]);
  otherCa = readFileSync(join(dir, 'other-ca.crt')).toString('base64');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Variant = { name: string; cluster: Record<string, unknown> };

function kubeconfig(v: Variant): string {
  const b64 = (p: string) => readFileSync(p).toString('base64');
  const file = join(dir, `${v.name}.kubeconfig`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: state.apiServerUrl, ...v.cluster } }],
      users: [
        {
          name: 'admin',
          user: {
            'client-certificate-data': b64(state.pki.adminCert),
            'client-key-data': b64(state.pki.adminKey),
          },
        },
      ],
      contexts: [{ name: v.name, context: { cluster: 'c', user: 'admin', namespace: 'default' } }],
      'current-context': v.name,
    }),
    { mode: 0o600 },
  );
  return file;
}

async function kubectl(file: string): Promise<{ ok: boolean; text: string }> {
  try {
    const r = await exec(state.kubectl, ['--kubeconfig', file, 'get', 'namespace', 'default', '-o', 'name'], {
      timeout: 30_000,
      env: { ...process.env, HOME: dir },
    });
    return { ok: true, text: r.stdout };
  } catch (e) {
    return { ok: false, text: String((e as { stderr?: string }).stderr ?? e) };
  }
}

async function ours(file: string): Promise<{ ok: boolean; error?: KubeError }> {
  const r = await bounded(40_000, async () => {
    const client = createKubeClient(loadKubeConfig({ kubeconfigPath: file }), { timeoutMs: 15_000 });
    return client.call({ verb: 'get', kind: 'Namespace', name: 'default' }, (api) =>
      api.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }),
    );
  });
  if (r.error) {
    assert.ok(r.error instanceof KubeError, `not a KubeError: ${r.error.stack}`);
    return { ok: false, error: r.error };
  }
  return { ok: true };
}

const testbedCa = () => readFileSync(state.pki.ca).toString('base64');

describe('faults: TLS to the kube-apiserver, as kubectl does it', () => {
  const cases: Array<Variant & { expect: 'ok' | 'refused'; why: RegExp | undefined }> = [
    { name: 'testbed-ca', cluster: {}, expect: 'ok', why: undefined },
    {
      name: 'other-ca',
      cluster: {},
      expect: 'refused',
      why: /TLS connection to the API server .* failed .*not trusted.*certificate-authority/,
    },
    { name: 'no-ca', cluster: {}, expect: 'refused', why: /TLS connection to the API server .* failed/ },
    { name: 'insecure-skip', cluster: { 'insecure-skip-tls-verify': true }, expect: 'ok', why: undefined },
    {
      name: 'insecure-skip-and-other-ca',
      cluster: { 'insecure-skip-tls-verify': true },
      expect: 'refused',
      why: /insecure-skip-tls-verify.*certificate authority/,
    },
    {
      name: 'insecure-skip-and-testbed-ca',
      cluster: { 'insecure-skip-tls-verify': true },
      expect: 'refused',
      why: /insecure-skip-tls-verify.*certificate authority/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.expect}, the same as kubectl`, async () => {
      const ca = c.name.endsWith('testbed-ca') ? testbedCa() : c.name.endsWith('other-ca') ? otherCa : undefined;
      const file = kubeconfig({
        name: c.name,
        cluster: { ...c.cluster, ...(ca ? { 'certificate-authority-data': ca } : {}) },
      });
      const [k, o] = await Promise.all([kubectl(file), ours(file)]);
      assert.equal(k.ok, c.expect === 'ok', `kubectl: ${k.text}`);
      assert.equal(o.ok, k.ok, `ours vs kubectl (${k.text.trim()}): ${o.error?.message}`);
      if (c.why) assert.match(o.error?.message ?? '', c.why);
      if (o.error) assert.doesNotMatch(o.error.message, /\n\s+at /, 'no stack trace');
    });
  }
});
