import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedPaths, diffLines, normalizeForDiff, sameObject, toYaml, unifiedDiff } from '../../src/kube/diff';
import { diffOf } from '../../src/kube/deploy';
import type { PlannedObject } from '../../src/kube/apply';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'jm',
    namespace: 'ns',
    resourceVersion: '10',
    generation: 2,
    uid: 'u',
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'x' }],
    labels: { app: 'flink' },
  },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'jobmanager', image: 'flink:1.20' }] } } },
  status: { availableReplicas: 1 },
};

describe('diff of live vs dry-run objects', () => {
  it('ignores bookkeeping (resourceVersion, managedFields, status) but not spec', () => {
    const next = structuredClone(live);
    next.metadata.resourceVersion = '11';
    next.metadata.managedFields = [];
    next.status.availableReplicas = 0;
    assert.equal(sameObject(live, next), true);
    next.spec.template.spec.containers[0].image = 'flink:2.1';
    assert.equal(sameObject(live, next), false);
    assert.deepEqual(changedPaths(live, next), ['spec.template.spec']);
    const n = normalizeForDiff(live)!;
    assert.equal('status' in n, false);
    assert.deepEqual(Object.keys(n.metadata as object).sort(), ['labels', 'name', 'namespace']);
  });

  it('unified diff shows the changed line with context, empty when equal', () => {
    const a = toYaml(normalizeForDiff(live));
    const next = structuredClone(live);
    next.spec.replicas = 3;
    const d = unifiedDiff(a, toYaml(normalizeForDiff(next)), 'Deployment ns/jm');
    assert.match(d, /^--- live\/Deployment ns\/jm\n\+\+\+ new\/Deployment ns\/jm\n/);
    assert.match(d, /\n- {2}replicas: 1\n\+ {2}replicas: 3\n/);
    assert.equal(unifiedDiff(a, a), '');
  });

  it('line diff is minimal for an insertion and a deletion', () => {
    assert.deepEqual(
      diffLines('a\nb\nc\n', 'a\nx\nc\n').map((l) => l.op + l.text),
      [' a', '-b', '+x', ' c'],
    );
    assert.deepEqual(
      diffLines('', 'a\n').map((l) => l.op + l.text),
      ['+a'],
    );
  });

  it('diffOf a planned object compares the live object with the dry-run result', () => {
    const dry = structuredClone(live);
    (dry.metadata as { labels: Record<string, string> }).labels = { app: 'flink', 'flink-vscode/deploy-id': 'x' };
    const d = diffOf({
      live,
      dryRun: dry,
      object: dry,
      kind: 'Deployment',
      name: 'jm',
      namespace: 'ns',
    } as unknown as PlannedObject);
    assert.match(d.unified, /\+ {4}flink-vscode\/deploy-id: x/);
    assert.deepEqual(d.paths, ['metadata.labels.flink-vscode/deploy-id']);
  });

  it('never shows Secret values in the diff', () => {
    const secret = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns' },
      data,
    });
    const d = diffOf({
      live: secret({ password: 'b2xk', user: 'dXNlcg==' }),
      dryRun: secret({ password: 'bmV3', user: 'dXNlcg==' }),
      kind: 'Secret',
      name: 's',
      namespace: 'ns',
    } as unknown as PlannedObject);
    assert.doesNotMatch(d.before + d.after + d.unified, /b2xk|bmV3|dXNlcg==/);
    assert.match(
      d.unified,
      /- {2}password: "\*\*\* \(before\)"\n\+ {2}password: "\*\*\* \(after\)"\n {3}user: "\*\*\*"/,
    );
  });

  it('masks the last-applied-configuration annotation of a Secret, which holds its data in clear', () => {
    const lastApplied = (pw: string) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: pw } });
    const secret = (pw: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        namespace: 'ns',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(pw), team: 'data' },
      },
      data: { password: Buffer.from(pw).toString('base64') },
    });
    const d = diffOf({
      live: secret('0ld-pa55'),
      dryRun: secret('n3w-pa55'),
      kind: 'Secret',
      name: 's',
      namespace: 'ns',
    } as unknown as PlannedObject);
    assert.doesNotMatch(d.before + d.after + d.unified, /0ld-pa55|n3w-pa55/);
    assert.match(d.before, /last-applied-configuration: "\*\*\* \(before\)"/);
    assert.match(d.after, /last-applied-configuration: "\*\*\* \(after\)"/);
    assert.match(d.after, /team: data/);
  });
});
