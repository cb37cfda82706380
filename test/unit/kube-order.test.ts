import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyTiers,
  deployIdFrom,
  errorLocations,
  fieldPath,
  labelObject,
  rankOf,
  readDeployObjects,
  sortForApply,
  sortForDelete,
  DEPLOY_ID_LABEL,
  MANAGED_BY_LABEL,
} from '../../src/kube/manifests';
import { describeResults, type ApplyResult, type PlannedObject } from '../../src/kube/apply';
import { KubeError } from '../../src/kube/errors';

const doc = (kind: string, name: string, apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;

describe('deploy objects: reading, labels and dependency order', () => {
  it('orders Namespace, RBAC, config, storage, Services, workloads, custom resources (file order within a rank)', () => {
    const text = [
      doc('FlinkSessionJob', 'job', 'flink.apache.org/v1beta1'),
      doc('FlinkDeployment', 'fd', 'flink.apache.org/v1beta1'),
      doc('Deployment', 'taskmanager', 'apps/v1'),
      doc('Service', 'jm-rest'),
      doc('Deployment', 'jobmanager', 'apps/v1'),
      doc('ConfigMap', 'flink-config'),
      doc('PersistentVolumeClaim', 'state'),
      doc('RoleBinding', 'rb', 'rbac.authorization.k8s.io/v1'),
      doc('Role', 'r', 'rbac.authorization.k8s.io/v1'),
      doc('ServiceAccount', 'flink'),
      doc('Secret', 'creds'),
      doc('Ingress', 'web', 'networking.k8s.io/v1'),
      doc('Namespace', 'flink'),
    ].join('---\n');
    const { objects, problems } = readDeployObjects([{ path: '/w/cluster.yaml', text }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      sortForApply(objects).map((o) => o.name),
      [
        'flink',
        'r',
        'flink',
        'rb',
        'flink-config',
        'creds',
        'state',
        'jm-rest',
        'taskmanager',
        'jobmanager',
        'web',
        'fd',
        'job',
      ],
    );
    assert.deepEqual(
      sortForApply(objects)
        .map((o) => o.kind)
        .slice(0, 3),
      ['Namespace', 'Role', 'ServiceAccount'].sort((a, b) => rankOf(a, 'v1') - rankOf(b, 'v1')),
    );
    const tiers = applyTiers(objects).map((t) => t.map((o) => o.name));
    assert.deepEqual(tiers[0], ['flink']);
    assert.deepEqual(
      tiers.find((t) => t.includes('taskmanager')),
      ['taskmanager', 'jobmanager'],
    );
    assert.deepEqual(
      sortForDelete(objects)
        .map((o) => o.name)
        .slice(0, 2),
      ['job', 'fd'],
    );
    assert.equal(sortForDelete(objects).at(-1)?.kind, 'Namespace');
  });

  it('unknown built-ins go with workloads, unknown custom resources last', () => {
    assert.ok(rankOf('PodDisruptionBudget', 'policy/v1') > rankOf('Service', 'v1'));
    assert.ok(rankOf('PodDisruptionBudget', 'policy/v1') < rankOf('Certificate', 'cert-manager.io/v1'));
    assert.ok(rankOf('Deployment', 'apps/v1') < rankOf('Certificate', 'cert-manager.io/v1'));
  });

  it('keeps source ranges and reports documents that are not objects', () => {
    const text = `${doc('ConfigMap', 'a')}---\nfoo: bar\n---\n${doc('ConfigMap', 'b')}`;
    const { objects, problems } = readDeployObjects([{ path: '/w/x.yaml', text }]);
    // Each range covers its document's lines (whether it starts at the '---' marker or after it).
    const covers = (r: { start: { line: number }; end: { line: number } }, line: number) =>
      r.start.line <= line && line <= r.end.line;
    assert.deepEqual(
      objects.map((o) => o.name),
      ['a', 'b'],
    );
    assert.ok(covers(objects[0].range, 1) && !covers(objects[0].range, 5));
    assert.ok(covers(objects[1].range, 8) && !covers(objects[1].range, 5));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /no apiVersion, kind, metadata\.name/);
    assert.ok(covers(problems[0].range, 5) && !covers(problems[0].range, 8));
  });

  it("labels objects for delete without overriding the user's managed-by", () => {
    const { objects } = readDeployObjects([
      {
        path: '/w/x.yaml',
        text: `${doc('ConfigMap', 'a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels:\n    app.kubernetes.io/managed-by: helm\n`,
      },
    ]);
    for (const o of objects) labelObject(o, 'session-cluster');
    assert.deepEqual(objects[0].object.metadata?.labels, {
      [MANAGED_BY_LABEL]: 'flink-vscode',
      [DEPLOY_ID_LABEL]: 'session-cluster',
    });
    assert.equal(objects[1].object.metadata?.labels?.[MANAGED_BY_LABEL], 'helm');
    assert.equal(deployIdFrom('My Session_Cluster.yaml'), 'my-session-cluster');
    assert.equal(deployIdFrom('x'.repeat(80)).length, 63);
    assert.equal(deployIdFrom('***'), 'flink');
  });

  it('describes results: applied, failed with cause, not applied', () => {
    const o = (kind: string, name: string) => ({ kind, name, namespace: 'ns' }) as PlannedObject;
    const results: ApplyResult[] = [
      { obj: o('ConfigMap', 'cfg'), outcome: 'created' },
      {
        obj: o('Deployment', 'jm'),
        outcome: 'failed',
        error: Object.assign(new Error('denied'), { name: 'KubeError' }) as never,
      },
      { obj: o('FlinkDeployment', 'fd'), outcome: 'not-applied' },
    ];
    assert.equal(
      describeResults(results),
      'Applied: ConfigMap ns/cfg. Failed: Deployment ns/jm: denied Not applied: FlinkDeployment ns/fd.',
    );
  });

  it("places server errors on the invalid field's line, else on the object's name", () => {
    assert.deepEqual(fieldPath('spec.template.spec.containers[0].name'), [
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'name',
    ]);
    const text = `${doc('ConfigMap', 'a')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: jm\nspec:\n  replicas: -1\n  template:\n    spec:\n      containers:\n        - name: Bad_Name\n`;
    const [, dep] = readDeployObjects([{ path: '/w/x.yaml', text }]).objects;
    const invalid = new KubeError('invalid', {
      status: 422,
      reason: 'Invalid',
      details: {
        causes: [
          { field: 'spec.replicas', message: 'must be greater than or equal to 0' },
          { field: 'spec.template.spec.containers[0].name', message: 'Invalid value' },
        ],
      },
    });
    const locs = errorLocations(dep, invalid);
    assert.deepEqual(
      locs.map((l) => l.range.start.line),
      [10, 14],
    );
    assert.match(locs[0].message, /^spec\.replicas: must be greater than or equal to 0/);
    const denied = errorLocations(dep, new KubeError('Permission denied', { status: 403 }));
    assert.deepEqual(
      denied.map((l) => [l.range.start.line, l.message]),
      [[8, 'Permission denied']],
    );
  });
});
