// File-set semantics (issue 11): rules that need a partner object the set does not hold stay quiet
// instead of assuming defaults; Flink configuration is checked wherever it is found (a ConfigMap alone,
// a bare config.yaml next to the manifests).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate, type Finding } from '../../src/core';

const CONFIG_MAP = (ns: string, conf: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
  namespace: ${ns}
data:
  flink-conf.yaml: |
${conf
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

const JOBMANAGER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: flink-jobmanager
  namespace: analytics
spec:
  replicas: 1
  selector:
    matchLabels: {app: flink, component: jobmanager}
  template:
    metadata:
      labels: {app: flink, component: jobmanager}
    spec:
      containers:
        - name: jobmanager
          image: flink:1.18
          args: ["jobmanager"]
          resources:
            limits: {memory: 2Gi}
          ports:
            - containerPort: 6125
              name: rpc
          livenessProbe:
            tcpSocket:
              port: 6125
          volumeMounts:
            - name: flink-config-volume
              mountPath: /opt/flink/conf
      volumes:
        - name: flink-config-volume
          configMap:
            name: flink-config
`;

const codes = (fs: Finding[]) => fs.map((f) => `${f.file} ${f.severity} ${f.code}`);
const conf = 'jobmanager.rpc.address: flink-jobmanager\njobmanager.memory.process.size: 1600m';

describe('partners and configuration wherever it is', () => {
  it('a Deployment linted without the ConfigMap it mounts is not judged against assumed defaults', () => {
    const alone = validate([{ path: '/m/jobmanager.yaml', text: JOBMANAGER }]);
    assert.deepEqual(codes(alone), []);
    // With its ConfigMap (no rpc.port set: Flink's 6123 applies) the same port is a mismatch.
    const withPartner = validate([
      { path: '/m/jobmanager.yaml', text: JOBMANAGER },
      { path: '/m/config.yaml', text: CONFIG_MAP('analytics', conf) },
    ]);
    const found = codes(withPartner);
    assert.deepEqual(found, ['/m/jobmanager.yaml warning container-port-mismatch']);
  });

  it('a ConfigMap of the same name in another namespace is not the partner', () => {
    const fs = validate([
      { path: '/m/jobmanager.yaml', text: JOBMANAGER },
      { path: '/m/other.yaml', text: CONFIG_MAP('staging', conf) },
    ]);
    assert.deepEqual(
      codes(fs).filter((c) => c.startsWith('/m/jobmanager.yaml')),
      [],
    );
  });

  it('a ConfigMap linted alone gets the configuration checks (HA without a storage dir)', () => {
    const fs = validate([
      { path: '/m/cm.yaml', text: CONFIG_MAP('analytics', `${conf}\nhigh-availability.type: kubernetes`) },
    ]);
    assert.ok(codes(fs).includes('/m/cm.yaml error ha-storage-dir-missing'), codes(fs).join('\n'));
  });

  it('a bare config.yaml next to the manifests is Flink configuration, not a manifest without kind', () => {
    const text = 'env:\n  java:\n    opts:\n      all: -Xss2m\npipeline:\n  max-parallelism: 128\n';
    const fs = validate([
      { path: '/m/config.yaml', text },
      { path: '/m/jobmanager.yaml', text: JOBMANAGER },
    ]);
    assert.deepEqual(
      codes(fs).filter((c) => c.includes('missing-kind')),
      [],
    );
    // And it is checked as such: a misspelt key there is found.
    const typo = validate([{ path: '/m/config.yaml', text: `${text}taskmanager:\n  numberOfTaskSlot: 2\n` }]);
    assert.ok(codes(typo).includes('/m/config.yaml warning flink-config-unknown-key'), codes(typo).join('\n'));
  });
});
