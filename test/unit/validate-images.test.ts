// Versions that cannot be seen and end-of-life images (issue 11): `flink:latest` or an untagged
// official image gets a warning with a pin quick fix; a 1.9 image configured with heap.size keys
// gets a migration warning instead of silence. Custom images and pinned tags stay quiet.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate, type Finding } from '../../src/core';

const standalone = (image: string, conf: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
data:
  flink-conf.yaml: |
${conf
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flink-taskmanager
spec:
  replicas: 1
  selector:
    matchLabels: {app: flink, component: taskmanager}
  template:
    metadata:
      labels: {app: flink, component: taskmanager}
    spec:
      containers:
        - name: taskmanager
          image: ${image}
          args: ["taskmanager"]
          resources:
            limits: {memory: 2Gi}
          volumeMounts:
            - name: flink-config-volume
              mountPath: /opt/flink/conf
      volumes:
        - name: flink-config-volume
          configMap:
            name: flink-config
`;

const MODERN = 'jobmanager.rpc.address: flink-jobmanager\ntaskmanager.memory.process.size: 1600m';
const LEGACY = 'jobmanager.rpc.address: flink-jobmanager\ntaskmanager.heap.size: 1024m';
const of = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('image versions', () => {
  it('flink:latest and an untagged flink image get a warning with a pin quick fix', () => {
    for (const image of ['flink:latest', 'flink', 'docker.io/library/flink:latest']) {
      const text = standalone(image, MODERN);
      const fs = of(validate([{ path: '/i/a.yaml', text }]), 'flink-image-unpinned');
      assert.equal(fs.length, 1, image);
      assert.equal(fs[0]?.severity, 'warning');
      assert.equal(fs[0]?.range.start.line, lineOf(text, `image: ${image}`));
      assert.match(fs[0]?.message ?? '', /assumed/);
      const repo = image.replace(/:latest$/, '');
      assert.equal(fs[0]?.fixes?.[0]?.edits[0]?.newText, `${repo}:1.20`); // flink-conf.yaml: 1.x
    }
  });

  it('pinned tags, digests and custom images stay quiet', () => {
    for (const image of [
      'flink:1.20',
      'flink:2.1-java17',
      'flink@sha256:0123abcd',
      'registry.example.com/team/jobs:latest',
    ]) {
      const fs = validate([{ path: '/i/a.yaml', text: standalone(image, MODERN) }]);
      assert.deepEqual(of(fs, 'flink-image-unpinned'), [], image);
    }
  });

  it('a FlinkDeployment on flink:latest is pinned to its flinkVersion', () => {
    const text = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  image: flink:latest
  flinkVersion: v2_1
  serviceAccount: flink
  jobManager:
    resource: {memory: "2048m", cpu: 1}
  taskManager:
    resource: {memory: "2048m", cpu: 1}
`;
    const fs = of(validate([{ path: '/i/fd.yaml', text }]), 'flink-image-unpinned');
    assert.equal(fs.length, 1);
    assert.equal(fs[0]?.fixes?.[0]?.edits[0]?.newText, 'flink:2.1');
  });

  it('a 1.9 image configured with heap.size keys gets a migration warning; a current image does not', () => {
    const text = standalone('flink:1.9.3-scala_2.12', LEGACY);
    const fs = of(validate([{ path: '/i/old.yaml', text }]), 'flink-end-of-life-keys');
    assert.equal(fs.length, 1, JSON.stringify(fs));
    assert.equal(fs[0]?.severity, 'warning');
    assert.equal(fs[0]?.range.start.line, lineOf(text, 'taskmanager.heap.size'));
    assert.match(fs[0]?.message ?? '', /taskmanager\.memory\.process\.size/);
    // Under a current image the same key is another rule's business (removed/deprecated key).
    const current = validate([{ path: '/i/new.yaml', text: standalone('flink:1.20', LEGACY) }]);
    assert.deepEqual(of(current, 'flink-end-of-life-keys'), []);
  });
});
