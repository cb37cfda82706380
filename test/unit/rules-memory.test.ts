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
