import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  checkNamespaceName,
  resolveTarget,
  statusText,
  switchContext,
  switchNamespace,
  writeChoiceToKubeconfig,
} from '../../src/kube/target';

const KUBECONFIG = `# my clusters
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster: {server: 'https://127.0.0.1:6443'}
- name: prod
  cluster: {server: 'https://127.0.0.1:7443'}
users:
- name: me
  user: {token: abc}
contexts:
- name: dev
  context: {cluster: dev, user: me, namespace: flink}
- name: prod
  context: {cluster: prod, user: me}
`;

function setup() {
  const d = mkdtempSync(join(tmpdir(), 'kube-target-'));
  const file = join(d, 'config');
  writeFileSync(file, KUBECONFIG);
  return { file, env: { KUBECONFIG: file } };
}

describe('kube target: context/namespace choice and status bar', () => {
  it("defaults to the kubeconfig's context and namespace", () => {
    const { env } = setup();
    const t = resolveTarget({}, { env });
    assert.deepEqual(
      [t.context, t.namespace, t.server, t.overridden],
      ['dev', 'flink', 'https://127.0.0.1:6443', false],
    );
    assert.deepEqual(statusText(t), {
      text: '$(cloud) dev / flink',
      tooltip:
        'Flink deploys go to context "dev" (https://127.0.0.1:6443), namespace "flink". Click to switch context.',
    });
  });

  it('switching context drops the namespace override; switching namespace keeps the context', () => {
    const { env, file } = setup();
    let choice = switchNamespace({}, 'jobs');
    assert.equal(resolveTarget(choice, { env }).namespace, 'jobs');
    choice = switchContext(choice, 'prod');
    const t = resolveTarget(choice, { env });
    assert.deepEqual([t.context, t.namespace, t.overridden], ['prod', 'default', true]);
    assert.match(statusText(t).text, /prod \/ default \*/);
    assert.match(statusText(t).tooltip, /kubeconfig file is unchanged/);
    assert.equal(readFileSync(file, 'utf8'), KUBECONFIG, 'the kubeconfig file is not written by switching');
  });

  it('a remembered context that is gone falls back to the current one', () => {
    const { env } = setup();
    const t = resolveTarget({ context: 'deleted', namespace: 'x' }, { env });
    assert.deepEqual([t.context, t.namespace], ['dev', 'flink']);
  });

  it('no kubeconfig: a warning status, not an exception', () => {
    assert.throws(() => resolveTarget({}, { env: { HOME: mkdtempSync(join(tmpdir(), 'home-')) } }), /No kubeconfig/);
    assert.match(statusText(undefined, 'No kubeconfig found').text, /no kube context/);
  });

  it('writes the choice to the kubeconfig only when asked, keeping comments', () => {
    const { file } = setup();
    const d2 = mkdtempSync(join(tmpdir(), 'kube-target2-'));
    const extra = join(d2, 'extra');
    writeFileSync(extra, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const env = { KUBECONFIG: [file, extra].join(delimiter) };
    assert.equal(writeChoiceToKubeconfig({ context: 'prod', namespace: 'jobs' }, { env }), file);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# my clusters/);
    assert.match(text, /current-context: prod/);
    const t = resolveTarget({}, { env });
    assert.deepEqual([t.context, t.namespace], ['prod', 'jobs']);
  });

  it('checks namespace names', () => {
    assert.equal(checkNamespaceName('flink-jobs'), undefined);
    assert.match(checkNamespaceName('Flink_Jobs') ?? '', /lowercase/);
    assert.match(checkNamespaceName('') ?? '', /Enter/);
  });
});
