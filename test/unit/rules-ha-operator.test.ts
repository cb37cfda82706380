import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };
const conf =
  'jobmanager.rpc.address: flink-jobmanager\n    taskmanager.numberOfTaskSlots: 2\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 1728m';
const rbac = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: flink-sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: flink-ha
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: flink-ha
subjects:
- kind: ServiceAccount
  name: flink-sa
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: flink-ha
`;
const withSa = (t: string) => t.replace(/(\n {6}volumes:)/g, '\n      serviceAccountName: flink-sa$1');

describe('high availability', () => {
  it('passes Kubernetes HA with storage dir, cluster id and RBAC', () => {
    // The official image needs its S3 plugin enabled for s3:// (rules/plugins.ts).
    const text =
      withSa(
        session({
          conf:
            conf +
            '\n    high-availability.type: kubernetes\n    high-availability.storageDir: s3://b/ha\n    kubernetes.cluster-id: c1',
        }),
      ).replace(
        /(\n {8}args: \["(jobmanager|taskmanager)"\])/g,
        '$1\n        env: [{name: ENABLE_BUILT_IN_PLUGINS, value: flink-s3-fs-presto-1.20.1.jar}]',
      ) + rbac;
    assert.deepEqual(run(text, NO_SCHEMA), []);
  });

  it('flags HA without a storage dir', () => {
    const text =
      withSa(session({ conf: conf + '\n    high-availability.type: kubernetes\n    kubernetes.cluster-id: c1' })) +
      rbac;
    const [f] = only(run(text, NO_SCHEMA), 'ha-storage-dir-missing');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), 'high-availability.type');
  });

  it('flags Kubernetes HA without the RBAC it needs', () => {
    const text = session({
      conf:
        conf +
        '\n    high-availability.type: kubernetes\n    high-availability.storageDir: s3://b/ha\n    kubernetes.cluster-id: c1',
    });
    assert.equal(only(run(text, NO_SCHEMA), 'ha-rbac-missing').length, 2);
    const noVerbs = withSa(text) + rbac.replace('"create", "update", ', '');
    assert.equal(only(run(noVerbs, NO_SCHEMA), 'ha-rbac-missing').length, 2);
  });
});

const fd = (spec: string, name = 'basic-example') => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: ${name}
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
${spec}`;

describe('operator rules', () => {
  it('passes the docs example', () => {
    assert.deepEqual(
      run(
        fd(
          '  job:\n    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar\n    parallelism: 2\n    upgradeMode: stateless\n',
        ),
        NO_SCHEMA,
      ),
      [],
    );
  });

  it('warns on upgradeMode savepoint without checkpoint and savepoint dirs, naming the operator-defaults assumption', () => {
    const text = fd('  job:\n    jarURI: local:///a.jar\n    parallelism: 2\n    upgradeMode: savepoint\n');
    const f = only(run(text, NO_SCHEMA), 'operator-upgrade-mode-dirs');
    assert.equal(f.length, 2);
    assert.equal(covered(text, f[0]), 'savepoint');
    // The operator's default configuration may supply the dirs (the test bed's does): a warning that
    // names that assumption and how to make it certain, not an error.
    for (const x of f) {
      assert.equal(x.severity, 'warning');
      assert.match(x.message, /Assuming the operator's default configuration/);
      assert.match(x.message, /spec\.flinkConfiguration/);
    }
    const ok = fd(
      '  flinkConfiguration:\n    state:\n      savepoints.dir: s3://b/sp\n      checkpoints.dir: s3://b/cp\n  job:\n    jarURI: local:///a.jar\n    parallelism: 2\n    upgradeMode: savepoint\n',
    );
    assert.deepEqual(only(run(ok, NO_SCHEMA), 'operator-upgrade-mode-dirs'), []);
  });

  it('flags an image whose Flink version differs from flinkVersion, with a fix', () => {
    const text = fd('').replace('image: flink:1.20', 'image: flink:1.19');
    const [f] = only(run(text, NO_SCHEMA), 'operator-image-version-mismatch');
    assert.equal(covered(text, f), 'v1_20');
    assert.deepEqual(run(applyFix(text, f), NO_SCHEMA), []);
  });

  it('flags forbidden flinkConfiguration keys, bad names and log config keys', () => {
    const text = fd(
      '  flinkConfiguration:\n    kubernetes.cluster-id: x\n  logConfiguration:\n    log4j.properties: x\n',
      'Basic_Example',
    );
    assert.deepEqual(codes(run(text, NO_SCHEMA)), [
      'operator-forbidden-config-key',
      'operator-invalid-name',
      'operator-log-config-key',
    ]);
  });

  it('flags standby JobManagers without HA', () => {
    const text = fd('').replace('  jobManager:\n', '  jobManager:\n    replicas: 2\n');
    assert.deepEqual(codes(run(text, NO_SCHEMA)), ['jobmanager-replicas-without-ha']);
  });

  it('flags session jobs pointing at an application cluster', () => {
    const app = fd('  job:\n    jarURI: local:///a.jar\n    parallelism: 2\n');
    const job = `---
apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: j
spec:
  deploymentName: basic-example
  job:
    jarURI: https://x/y.jar
    parallelism: 1
`;
    assert.deepEqual(codes(run(app + job, NO_SCHEMA)), ['session-job-application-cluster']);
  });
});
