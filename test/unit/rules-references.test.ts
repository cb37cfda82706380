import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };

describe('reference rules', () => {
  it('flags a ConfigMap volume naming a missing ConfigMap, with a did-you-mean fix', () => {
    const text = session().replace(
      'configMap:\n          name: flink-config\n',
      'configMap:\n          name: flink-confg\n',
    );
    const [f] = only(run(text, NO_SCHEMA), 'configmap-missing');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), 'flink-confg');
    assert.deepEqual(run(applyFix(text, f), NO_SCHEMA), []);
  });

  it('flags volume items naming a key the ConfigMap lacks', () => {
    const text = session().replace(
      '- key: log4j-console.properties\n            path: log4j-console.properties',
      '- key: log4j.properties\n            path: log4j.properties',
    );
    const [f] = only(run(text, NO_SCHEMA), 'configmap-key-missing');
    assert.equal(covered(text, f), 'log4j.properties');
  });

  it('checks secretKeyRef against the Secrets given, and keys of present Secrets', () => {
    const env = `
        env:
        - name: KAFKA_PASSWORD
          valueFrom:
            secretKeyRef:
              name: kafka
              key: passwd`;
    const secret = `---
apiVersion: v1
kind: Secret
metadata:
  name: kafka
stringData:
  password: x
`;
    const text = session({ extraJm: env }) + secret;
    const [f] = only(run(text, NO_SCHEMA), 'secret-key-missing');
    assert.equal(covered(text, f), 'passwd');
    // Without any Secret in the manifests the reference is assumed to be created elsewhere.
    assert.deepEqual(only(run(session({ extraJm: env }), NO_SCHEMA), 'secret-missing'), []);
    const other = text.replace('name: kafka\nstringData', 'name: kafka-creds\nstringData');
    assert.equal(only(run(other, NO_SCHEMA), 'secret-missing').length, 1);
  });

  it('warns about RocksDB state on a hostPath, not about other hostPaths', () => {
    const vol = (mount: string) =>
      session()
        .replace(
          '        - name: flink-config-volume\n          mountPath: /opt/flink/conf/\n',
          `        - name: flink-config-volume\n          mountPath: /opt/flink/conf/\n        - name: data\n          mountPath: ${mount}\n`,
        )
        .replace(
          /(- key: log4j-console.properties\n {12}path: log4j-console.properties\n)(?![\s\S]*- key: log4j-console)/,
          '$1      - name: data\n        hostPath:\n          path: /mnt/data\n',
        );
    const state = vol('/opt/flink/rocksdb');
    const [f] = only(run(state, NO_SCHEMA), 'hostpath-state-volume');
    assert.equal(f?.severity, 'warning');
    assert.equal(covered(state, f), 'hostPath');
    assert.match(f.message, /chown 9999/);
    assert.doesNotMatch(f.message, /pin the pods/); // local RocksDB files are rebuilt from checkpoints
    assert.deepEqual(only(run(vol('/opt/flink/usrlib'), NO_SCHEMA), 'hostpath-state-volume'), []);
    // An init container preparing the directory settles it for local state...
    const init =
      '\n      initContainers:\n      - name: chown\n        image: busybox:1.36\n        command: ["chown", "9999:9999", "/data"]\n        volumeMounts:\n        - name: data\n          mountPath: /data';
    const prepared = (mount: string) => vol(mount).replace(/(\n {6}containers:\n {6}- name: taskmanager)/, init + '$1');
    assert.deepEqual(only(run(prepared('/opt/flink/rocksdb'), NO_SCHEMA), 'hostpath-state-volume'), []);
    // ...but checkpoints on a node-local path are lost when the pod moves.
    const [d] = only(run(prepared('/opt/flink/checkpoints'), NO_SCHEMA), 'hostpath-state-volume');
    assert.match(d.message, /pin the pods/);
  });
});
