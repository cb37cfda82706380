import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, covered, only, run } from './validate-helpers';

const old = `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: flink-taskmanager
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: flink
        component: taskmanager
    spec:
      containers:
      - name: taskmanager
        image: busybox:1.36
`;

describe('kubernetes rules', () => {
  it('flags removed apiVersions; the fix moves to apps/v1 and adds the selector', () => {
    const [f] = only(run(old), 'removed-api-version');
    assert.equal(f.severity, 'error');
    assert.equal(covered(old, f), 'extensions/v1beta1');
    const fixed = applyFix(old, f);
    assert.match(fixed, /^apiVersion: apps\/v1\n/);
    assert.match(
      fixed,
      /spec:\n {2}selector:\n {4}matchLabels:\n {6}app: "flink"\n {6}component: "taskmanager"\n {2}replicas: 2/,
    );
    assert.deepEqual(run(fixed), []);
  });

  it('reports YAML syntax errors and keeps validating the other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: [1,\n---\n' + old;
    const c = codes(run(text));
    assert.ok(c.includes('yaml-syntax'));
    assert.ok(c.includes('removed-api-version'));
  });

  it('calls unknown kinds info, not errors', () => {
    const f = run('apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [['unknown-kind', 'info']],
    );
  });

  it('flags documents without kind', () => {
    assert.deepEqual(codes(run('metadata:\n  name: x\n')), ['missing-kind']);
  });
});
