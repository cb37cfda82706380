// Storage that will not survive (issue 11): checkpoints, savepoints or HA data on an emptyDir (or a
// volume without a source) under upgradeMode last-state/savepoint, or in a standalone cluster.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate, type Finding } from '../../src/core';

const operator = (mode: string, volume: string) => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: "2"
    state.checkpoints.dir: file:///flink-data/checkpoints
    state.savepoints.dir: file:///flink-data/savepoints
  jobManager:
    resource: {memory: "2048m", cpu: 1}
  taskManager:
    resource: {memory: "2048m", cpu: 1}
  podTemplate:
    spec:
      containers:
        - name: flink-main-container
          volumeMounts:
            - mountPath: /flink-data
              name: flink-volume
      volumes:
        - name: flink-volume
${volume}
  job:
    jarURI: local:///opt/flink/usrlib/orders.jar
    parallelism: 2
    upgradeMode: ${mode}
`;

const EMPTY_DIR = '          emptyDir: {}';
const NO_SOURCE = '';
const PVC = '          persistentVolumeClaim:\n            claimName: flink-state';
const of = (fs: Finding[]) => fs.filter((f) => f.code === 'ephemeral-state-volume');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('state on storage that does not survive the pod', () => {
  it('an emptyDir holding checkpoints under last-state or savepoint is a warning on the volume', () => {
    for (const mode of ['last-state', 'savepoint']) {
      const text = operator(mode, EMPTY_DIR);
      const fs = of(validate([{ path: '/s/fd.yaml', text }]));
      assert.equal(fs.length, 1, mode);
      assert.equal(fs[0]?.severity, 'warning');
      assert.equal(fs[0]?.range.start.line, lineOf(text, 'emptyDir'));
      assert.match(fs[0]?.message ?? '', new RegExp(`upgradeMode: ${mode}`));
      assert.match(fs[0]?.message ?? '', /PersistentVolumeClaim/);
    }
  });

  it('a volume without a source is an emptyDir too', () => {
    const fs = of(validate([{ path: '/s/fd.yaml', text: operator('last-state', NO_SOURCE) }]));
    assert.equal(fs.length, 1);
    assert.match(fs[0]?.message ?? '', /without a source/);
  });

  it('stateless jobs and persistent volumes stay quiet', () => {
    assert.deepEqual(of(validate([{ path: '/s/fd.yaml', text: operator('stateless', EMPTY_DIR) }])), []);
    assert.deepEqual(of(validate([{ path: '/s/fd.yaml', text: operator('last-state', PVC) }])), []);
  });
});
