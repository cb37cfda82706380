import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { currentNamespace, kubeconfigFiles, listContexts, loadKubeConfig } from '../../src/kube/config';
import { KubeError } from '../../src/kube/errors';

function kubeconfig(o: {
  current?: string;
  clusters: string[];
  contexts: { name: string; cluster: string; ns?: string }[];
  users?: string[];
}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    o.current ? `current-context: ${o.current}` : '',
    'clusters:',
    ...o.clusters.map(
      (c) =>
        `- name: ${c}\n  cluster:\n    server: https://127.0.0.1:6443/${c}\n    certificate-authority: certs/${c}-ca.crt`,
    ),
    'users:',
    ...(o.users ?? ['u']).map((u) => `- name: ${u}\n  user:\n    token: secret-token-${u}`),
    'contexts:',
    ...o.contexts.map(
      (c) =>
        `- name: ${c.name}\n  context:\n    cluster: ${c.cluster}\n    user: u${c.ns ? `\n    namespace: ${c.ns}` : ''}`,
    ),
  ]
    .filter(Boolean)
    .join('\n');
}

function dir() {
  return mkdtempSync(join(tmpdir(), 'kube-config-'));
}

describe('loadKubeConfig reads the kubeconfig as kubectl does', () => {
  it('merges KUBECONFIG files: the first current-context and the first entry of a name win', () => {
    const d = dir();
    const a = join(d, 'a.yaml');
    const b = join(d, 'b.yaml');
    writeFileSync(
      a,
      kubeconfig({ current: 'one', clusters: ['c1'], contexts: [{ name: 'one', cluster: 'c1', ns: 'flink' }] }),
    );
    writeFileSync(
      b,
      kubeconfig({
        current: 'two',
        clusters: ['c1', 'c2'],
        contexts: [
          { name: 'one', cluster: 'c2', ns: 'other' },
          { name: 'two', cluster: 'c2' },
        ],
      }),
    );
    const kc = loadKubeConfig({ env: { KUBECONFIG: [a, b].join(delimiter) } });
    assert.equal(kc.getCurrentContext(), 'one');
    assert.equal(currentNamespace(kc), 'flink');
    assert.equal(kc.getCurrentCluster()?.server, 'https://127.0.0.1:6443/c1');
    assert.deepEqual(
      kc
        .getContexts()
        .map((c) => c.name)
        .sort(),
      ['one', 'two'],
    );
    // Paths are made absolute relative to the file that holds them.
    assert.equal(kc.getCluster('c1')?.caFile, join(d, 'certs', 'c1-ca.crt'));
  });

  it('skips missing files in KUBECONFIG and takes current-context from a later file when the first has none', () => {
    const d = dir();
    const a = join(d, 'a.yaml');
    writeFileSync(a, kubeconfig({ clusters: ['c1'], contexts: [{ name: 'one', cluster: 'c1' }] }));
    const b = join(d, 'b.yaml');
    writeFileSync(b, kubeconfig({ current: 'one', clusters: [], contexts: [], users: ['v'] }));
    const kc = loadKubeConfig({ env: { KUBECONFIG: [join(d, 'missing.yaml'), a, b].join(delimiter) } });
    assert.equal(kc.getCurrentContext(), 'one');
    assert.equal(currentNamespace(kc), 'default');
  });

  it('falls back to ~/.kube/config and lets the setting override KUBECONFIG', () => {
    const d = dir();
    const home = join(d, 'home');
    const kube = join(home, '.kube');
    mkdirSync(kube, { recursive: true });
    writeFileSync(
      join(kube, 'config'),
      kubeconfig({ current: 'home', clusters: ['c'], contexts: [{ name: 'home', cluster: 'c' }] }),
    );
    assert.deepEqual(kubeconfigFiles({ env: { HOME: home } }), [join(kube, 'config')]);
    assert.equal(loadKubeConfig({ env: { HOME: home } }).getCurrentContext(), 'home');
    const s = join(d, 'setting.yaml');
    writeFileSync(
      s,
      kubeconfig({ current: 'setting', clusters: ['c'], contexts: [{ name: 'setting', cluster: 'c' }] }),
    );
    assert.equal(
      loadKubeConfig({ kubeconfigPath: s, env: { HOME: home, KUBECONFIG: join(kube, 'config') } }).getCurrentContext(),
      'setting',
    );
  });

  it("applies the extension's context and namespace choice without touching the file", () => {
    const d = dir();
    const a = join(d, 'a.yaml');
    writeFileSync(
      a,
      kubeconfig({
        current: 'one',
        clusters: ['c1', 'c2'],
        contexts: [
          { name: 'one', cluster: 'c1', ns: 'x' },
          { name: 'two', cluster: 'c2', ns: 'y' },
        ],
      }),
    );
    const kc = loadKubeConfig({ env: { KUBECONFIG: a }, context: 'two' });
    assert.equal(currentNamespace(kc), 'y');
    assert.equal(kc.getCurrentCluster()?.name, 'c2');
    assert.equal(currentNamespace(loadKubeConfig({ env: { KUBECONFIG: a }, context: 'two', namespace: 'z' })), 'z');
    assert.deepEqual(
      listContexts(kc).map((c) => [c.name, c.namespace, c.current]),
      [
        ['one', 'x', false],
        ['two', 'y', true],
      ],
    );
    assert.equal(JSON.stringify(listContexts(kc)).includes('secret-token'), false);
  });

  it('says what to do when there is no kubeconfig, no such context, or no current context', () => {
    const d = dir();
    assert.throws(
      () => loadKubeConfig({ env: { HOME: d } }),
      (e: unknown) => e instanceof KubeError && e.reason === 'NoKubeconfig' && /KUBECONFIG/.test(e.message),
    );
    const a = join(d, 'a.yaml');
    writeFileSync(a, kubeconfig({ clusters: ['c1'], contexts: [{ name: 'one', cluster: 'c1' }] }));
    assert.throws(
      () => loadKubeConfig({ env: { KUBECONFIG: a } }),
      (e: unknown) => e instanceof KubeError && e.reason === 'NoContext' && /no current-context/.test(e.message),
    );
    assert.throws(
      () => loadKubeConfig({ env: { KUBECONFIG: a }, context: 'nope' }),
      (e: unknown) => e instanceof KubeError && /known contexts: one/.test(e.message),
    );
  });
});
