// Issue 11: schema findings the API server would not make, and the shipped operator schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shippedKinds } from '../../src/core';
import { codes, only, run } from './validate-helpers';

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: taskmanager}
spec:
  serviceName: taskmanager
  selector: {matchLabels: {app: tm}}
  template:
    metadata: {labels: {app: tm}}
    spec:
      containers: [{name: tm, image: "flink:1.20", args: [taskmanager]}]
  volumeClaimTemplates:
  - metadata: {name: rocksdb}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 10Gi}}
`;

const FD = (extra: string) => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: orders}
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager: {resource: {memory: 2048m, cpu: 1}}
  taskManager: {resource: {memory: 2048m, cpu: 1}${extra}}
  job: {jarURI: "local:///opt/flink/usrlib/orders.jar", parallelism: 2, upgradeMode: stateless}
`;

describe('shipped schemas: no findings the API server would not make', () => {
  it('StatefulSet volumeClaimTemplates need no apiVersion/kind', () => {
    assert.deepEqual(codes(run(STS), 'error'), []);
  });

  it('a PersistentVolumeClaim object still needs apiVersion/kind, and the StatefulSet kind its own', () => {
    const out = run(
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {selector: {}, template: {}, servicName: x}\n',
    );
    assert.ok(
      only(out, 'k8s-schema').some((f) => /servicName/.test(f.message)),
      JSON.stringify(out),
    );
  });

  it('RoleBinding roleRef.apiGroup may be left out (the API server defaults it)', () => {
    const rb = (kind: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: flink}\nroleRef: {kind: ClusterRole, name: edit}\nsubjects: [{kind: ServiceAccount, name: flink, namespace: default}]\n`;
    assert.deepEqual(codes(run(rb('RoleBinding')), 'error'), []);
    assert.deepEqual(codes(run(rb('ClusterRoleBinding')), 'error'), []);
    // roleRef.name is not defaulted: still an error.
    const noName = rb('RoleBinding').replace(', name: edit', '');
    assert.ok(only(run(noName), 'k8s-schema').some((f) => /"name"/.test(f.message)));
  });
});

describe('shipped operator schema (generated from the operator CRDs)', () => {
  it('ships the four operator kinds', () => {
    for (const k of ['FlinkDeployment', 'FlinkSessionJob', 'FlinkStateSnapshot', 'FlinkBlueGreenDeployment'])
      assert.ok(shippedKinds().includes(`flink.apache.org/v1beta1/${k}`), k);
  });

  it('checks a FlinkDeployment offline: a clean one passes, a misspelt field is an error', () => {
    assert.deepEqual(codes(run(FD('')), 'error'), []);
    const out = only(run(FD(', replicaz: 2')), 'k8s-schema');
    assert.equal(out.length, 1);
    assert.match(out[0]?.message ?? '', /Unknown field "replicaz" in \/spec\/taskManager.*Did you mean "replicas"/);
  });

  it('checks enum values of the CRD (upgradeMode)', () => {
    const out = only(run(FD('').replace('upgradeMode: stateless', 'upgradeMode: laststate')), 'k8s-schema');
    assert.ok(
      out.some((f) => /upgradeMode|must be one of/.test(f.message)),
      JSON.stringify(out),
    );
  });
});

describe('operator CRD versions', () => {
  it('flink.apache.org/v1alpha1 is an error with a fix to v1beta1', () => {
    const text = FD('').replace('v1beta1', 'v1alpha1');
    const out = only(run(text), 'operator-api-version-removed');
    assert.equal(out.length, 1);
    assert.equal(out[0]?.severity, 'error');
    assert.equal(out[0]?.fixes?.[0]?.edits[0]?.newText, 'flink.apache.org/v1beta1');
    assert.deepEqual(codes(run(FD('')), 'error'), []);
  });
});

describe('templates and overlays are recognised, not validated', () => {
  it('a Helm template gets one info and no cascade of errors', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "flink.fullname" . }}-jobmanager\nspec:\n  replicas: {{ .Values.jobmanager.replicas }}\n  template:\n    spec:\n      containers:\n        - name: jobmanager\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          resources:\n{{ toYaml .Values.jobmanager.resources | indent 12 }}\n`;
    const out = run(text, {}, '/chart/templates/jobmanager.yaml');
    assert.deepEqual(codes(out), ['template-skipped']);
    assert.equal(out[0]?.severity, 'info');
    assert.match(out[0]?.message ?? '', /helm template .* flink-lint -/);
  });

  it('a kustomization.yaml gets one info', () => {
    const out = run(
      'resources:\n  - ../../base\npatches:\n  - path: tm.yaml\n',
      {},
      '/overlays/prod/kustomization.yaml',
    );
    assert.deepEqual(codes(out), ['template-skipped']);
  });

  it('braces in ordinary values are not taken for templates', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  json: \'{{"a": 1}}\'\n  log: "%d{yyyy} {{x}}"\n';
    assert.deepEqual(codes(run(text)), []);
  });
});
