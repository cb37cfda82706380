import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };

describe('network rules', () => {
  it('flags a Deployment selector that does not match its template labels', () => {
    const text = session().replace(
      '    matchLabels:\n      app: flink\n      component: taskmanager',
      '    matchLabels:\n      app: flink\n      component: tm',
    );
    const [f] = only(run(text, NO_SCHEMA), 'selector-mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), 'component');
  });

  it('flags a Service whose selector matches no pod template', () => {
    const text = session().replace(
      '  selector:\n    app: flink\n    component: jobmanager\n---',
      '  selector:\n    app: flink\n    component: job-manager\n---',
    );
    const [f] = only(run(text, NO_SCHEMA), 'service-selects-nothing');
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), 'selector');
  });

  it('flags jobmanager.rpc.address naming no Service, with a fix to the JobManager Service', () => {
    const text = session({ svcName: 'flink-jm' });
    const [f] = only(run(text, NO_SCHEMA), 'rpc-address-no-service');
    assert.equal(covered(text, f), 'flink-jobmanager');
    assert.deepEqual(run(applyFix(text, f), NO_SCHEMA), []);
  });

  it('flags a containerPort that differs from the configured Flink port', () => {
    const text = session().replace(
      '- containerPort: 6124\n          name: blob-server',
      '- containerPort: 6130\n          name: blob-server',
    );
    const f = run(text, NO_SCHEMA);
    assert.ok(codes(f).includes('container-port-mismatch'), JSON.stringify(codes(f)));
    assert.equal(covered(text, only(f, 'container-port-mismatch')[0]), '6130');
  });

  it('flags a random blob port behind a named containerPort', () => {
    const text = session({
      conf: 'jobmanager.rpc.address: flink-jobmanager\n    taskmanager.rpc.port: 6122\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 1728m',
    });
    const f = only(run(text, NO_SCHEMA), 'flink-port-random');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /blob\.server\.port is not set/);
  });

  it('flags Service ports that reach nothing and unknown named targetPorts', () => {
    const text = session().replace(
      '  - name: webui\n    port: 8081\n  selector',
      '  - name: webui\n    port: 8081\n  - name: other\n    port: 9999\n  - name: named\n    port: 80\n    targetPort: web-ui\n  selector',
    );
    const f = run(text, NO_SCHEMA);
    assert.equal(covered(text, only(f, 'service-port-not-listening')[0]), '9999');
    const named = only(f, 'service-target-port-name')[0];
    assert.equal(covered(text, named), 'web-ui');
    assert.match(named.message, /Did you mean "webui"/);
  });

  it('flags a liveness probe on a port Flink does not listen on', () => {
    const text = session().replace('tcpSocket:\n            port: 6122', 'tcpSocket:\n            port: 6121');
    const [f] = only(run(text, NO_SCHEMA), 'probe-port-mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(covered(text, f), '6121');
  });

  it('warns when parallelism.default exceeds TaskManager slots', () => {
    const text = session({
      tmReplicas: 1,
      conf: 'jobmanager.rpc.address: flink-jobmanager\n    taskmanager.numberOfTaskSlots: 2\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 1728m\n    parallelism.default: 4',
    });
    const [f] = only(run(text, NO_SCHEMA), 'parallelism-exceeds-slots');
    assert.equal(covered(text, f), '4');
    assert.match(f.message, /2 slots \(1 × 2\)/);
  });
});
