import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };

describe('memory rules', () => {
  it('passes limits equal to the process sizes', () => {
    assert.deepEqual(run(session(), NO_SCHEMA), []);
  });

  it('flags process.size above the container limit (OOMKilled), at the limit value, with a fix', () => {
    const text = session({ tmLimit: '1Gi' });
    const [f] = only(run(text, NO_SCHEMA), 'memory-exceeds-limit');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), '1Gi');
    assert.match(f.message, /OOMKilled/);
    const fixed = applyFix(text, f);
    assert.deepEqual(only(run(fixed, NO_SCHEMA), 'memory-exceeds-limit'), []);
  });

  it('warns when there is no limit, and the fix inserts one that validates clean', () => {
    const text = session({ jmLimit: '' });
    const [f] = only(run(text, NO_SCHEMA), 'memory-limit-missing');
    assert.equal(f.severity, 'warning');
    const fixed = applyFix(text, f);
    assert.match(fixed, /resources:\n {10}limits:\n {12}memory: 1600Mi/);
    assert.deepEqual(run(fixed, NO_SCHEMA), []);
  });

  it('flags the Kubernetes milli unit trap (1600m is 1.6 bytes)', () => {
    const text = session({ jmLimit: '1600m' });
    const [f] = only(run(text, NO_SCHEMA), 'memory-milli-unit');
    assert.equal(covered(text, f), '1600m');
    assert.deepEqual(run(applyFix(text, f), NO_SCHEMA), []);
  });

  it('flags a config file without any memory setting', () => {
    const conf = 'jobmanager.rpc.address: flink-jobmanager\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122';
    const f = only(run(session({ conf }), NO_SCHEMA), 'memory-not-configured');
    assert.equal(f.length, 2);
    assert.ok(f.every((x) => x.severity === 'error'));
  });

  it('flags process sizes too small for the default components', () => {
    const text = session({
      conf: 'jobmanager.rpc.address: flink-jobmanager\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122\n    jobmanager.memory.process.size: 512m\n    taskmanager.memory.process.size: 1728m',
      jmLimit: '512Mi',
    });
    const [f] = only(run(text, NO_SCHEMA), 'memory-too-small');
    assert.equal(covered(text, f), '512m');
  });

  const BASE = 'jobmanager.rpc.address: flink-jobmanager\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122';

  it('derives the process size from flink.size (not only process.size) for the OOMKilled check', () => {
    // 1280m of Flink memory becomes a 1728 MiB process (metaspace 256m, overhead 192m): 1600Mi is too little.
    const text = session({
      conf: `${BASE}\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.flink.size: 1280m`,
      tmLimit: '1600Mi',
    });
    const [f] = only(run(text, NO_SCHEMA), 'memory-exceeds-limit');
    assert.equal(covered(text, f), '1600Mi');
    assert.match(f.message, /1728Mi \(derived from the total Flink memory\)/);
    assert.match(f.message, /heap 512Mi, direct 256Mi, managed 512Mi, metaspace 256Mi, overhead 192Mi/);
    assert.deepEqual(only(run(applyFix(text, f), NO_SCHEMA), 'memory-exceeds-limit'), []);
    assert.deepEqual(
      only(
        run(
          session({
            conf: `${BASE}\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.flink.size: 1280m`,
            tmLimit: '1728Mi',
          }),
          NO_SCHEMA,
        ),
        'memory-exceeds-limit',
      ),
      [],
    );
  });

  it("suggests Flink's exact smallest process size when it is too small", () => {
    const text = session({
      conf: `${BASE}\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 900m`,
      tmLimit: '900Mi',
    });
    const [f] = only(run(text, NO_SCHEMA), 'memory-too-small');
    assert.equal(covered(text, f), '900m');
    assert.match(f.message, /Use at least 982m\./);
    assert.match(f.message, /exceed configured Total Flink Memory/);
  });

  it('reports settings Flink refuses at startup with its own message (memory-config-invalid)', () => {
    const text = session({
      conf: `${BASE}\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 1728m\n    taskmanager.memory.network.min: 512m\n    taskmanager.memory.network.max: 256m`,
    });
    const [f] = only(run(text, NO_SCHEMA), 'memory-config-invalid');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), '1728m');
    assert.match(f.message, /Flink 1\.20 refuses .*Inconsistently configured taskmanager\.memory\.network\.fraction/);
  });

  it('computes with the version of the image: legacy heap keys count in 1.x, not in 2.x', () => {
    const conf = `${BASE}\n    jobmanager.memory.process.size: 1600m\n    taskmanager.heap.size: 1024m`;
    // Flink 1.20 reads taskmanager.heap.size as the total Flink memory: a 1472 MiB process, within 1728Mi.
    assert.deepEqual(only(run(session({ conf }), NO_SCHEMA), 'memory-exceeds-limit'), []);
    assert.deepEqual(only(run(session({ conf, tmLimit: '1Gi' }), NO_SCHEMA), 'memory-exceeds-limit').length, 1);
    // Flink 2.x ignores it: nothing sizes the TaskManager.
    const [f] = only(run(session({ conf, image: 'flink:2.1' }), NO_SCHEMA), 'memory-not-configured');
    assert.match(f.message, /taskmanager\.heap\.size was removed in Flink 2\.0; this is Flink 2\.1/);
  });

  it("checks operator resource memory against Flink's model of that version", () => {
    const deployment = (memory: string, version: string) => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:${version}
  flinkVersion: v${version.replace('.', '_')}
  serviceAccount: flink
  jobManager:
    resource:
      memory: "${memory}"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
`;
    const text = deployment('512m', '1.20');
    const [f] = only(run(text, NO_SCHEMA), 'memory-too-small');
    assert.equal(covered(text, f), '"512m"');
    assert.match(f.message, /Use at least 577m\./);
    assert.deepEqual(only(run(deployment('577m', '2.1'), NO_SCHEMA), 'memory-too-small'), []);
    assert.equal(only(run(deployment('576m', '2.1'), NO_SCHEMA), 'memory-too-small').length, 1);
  });

  it('checks operator resources: missing memory is rejected by the operator', () => {
    const text = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    resource:
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
      cpu: 1
`;
    const f = run(text, NO_SCHEMA);
    assert.deepEqual(codes(f), ['operator-memory-missing']);
    assert.equal(covered(text, f[0]), 'jobManager');
  });
});
