import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };
const base = `jobmanager.rpc.address: flink-jobmanager
    taskmanager.numberOfTaskSlots: 2
    blob.server.port: 6124
    taskmanager.rpc.port: 6122
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m`;

describe('Flink config keys', () => {
  it('passes the docs configuration', () => {
    assert.deepEqual(run(session({ conf: base }), NO_SCHEMA), []);
  });

  it('flags a key typo with a did-you-mean fix at the exact key', () => {
    const text = session({ conf: base + '\n    taskmanager.numberOfTaskslots: 4' });
    const [f] = only(run(text, NO_SCHEMA), 'flink-config-unknown-key');
    assert.ok(f, 'expected an unknown-key finding');
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), 'taskmanager.numberOfTaskslots');
    assert.match(f.message, /Did you mean taskmanager\.numberOfTaskSlots\?/);
    assert.match(applyFix(text, f), /taskmanager\.numberOfTaskSlots: 4/);
  });

  it('does not flag keys it does not know when they are not near misses', () => {
    const text = session({
      conf:
        base +
        '\n    state.backend.rocksdb.memory.managed: true\n    kubernetes.operator.foo: x\n    my.custom.option: 1',
    });
    assert.deepEqual(codes(run(text, NO_SCHEMA)), []);
  });

  it('flags deprecated keys with the replacement as a fix (1.x)', () => {
    const text = session({
      confKey: 'flink-conf.yaml',
      image: 'flink:1.17',
      conf: base.replace('jobmanager.memory.process.size', 'jobmanager.heap.size'),
    });
    const [f] = only(run(text, NO_SCHEMA), 'flink-config-deprecated-key');
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), 'jobmanager.heap.size');
    assert.match(applyFix(text, f), /jobmanager\.memory\.process\.size: 1600m/);
  });

  it('calls keys removed in 2.0 errors on Flink 2.x', () => {
    const text = session({
      image: 'flink:2.1',
      conf: base.replace('taskmanager.memory.process.size', 'taskmanager.heap.size'),
    });
    const f = only(run(text, NO_SCHEMA), 'flink-config-removed-key');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
  });

  it('reports renames that still work only as infos, and only from the version that deprecates them', () => {
    const text = (img: string) =>
      session({
        image: img,
        confKey: img.endsWith('1.18') ? 'flink-conf.yaml' : 'config.yaml',
        conf: base + '\n    state.checkpoints.dir: file:///flink/cp',
      });
    assert.deepEqual(codes(run(text('flink:1.18'), NO_SCHEMA)), []);
    const f = run(text('flink:1.20'), NO_SCHEMA);
    assert.deepEqual(codes(f), ['flink-config-deprecated-key']);
    assert.equal(f[0].severity, 'info');
  });

  it('checks value types: memory sizes, durations, integers', () => {
    const text = session({
      conf: base.replace('1728m', '1.5g') + '\n    slot.request.timeout: five minutes\n    parallelism.default: two',
    });
    const f = only(run(text, NO_SCHEMA), 'flink-config-invalid-value');
    assert.deepEqual(
      f.map((x) => covered(text, x)),
      ['1.5g', 'five minutes', 'two'],
    );
    assert.ok(f.every((x) => x.severity === 'error'));
  });

  it('reads flink-conf.yaml with Flink\'s loose parser: "key:value" lines are skipped', () => {
    const text = session({
      confKey: 'flink-conf.yaml',
      image: 'flink:1.18',
      conf: base + '\n    parallelism.default:4',
    });
    const [f] = only(run(text, NO_SCHEMA), 'flink-config-syntax');
    assert.equal(covered(text, f), 'parallelism.default:4');
  });

  it('flags duplicate keys: an error in config.yaml, a warning in flink-conf.yaml', () => {
    const dup = base + '\n    taskmanager.numberOfTaskSlots: 4';
    const y = only(run(session({ conf: dup }), NO_SCHEMA), 'flink-config-duplicate-key');
    assert.equal(y[0]?.severity, 'error');
    const l = only(
      run(session({ conf: dup, confKey: 'flink-conf.yaml', image: 'flink:1.18' }), NO_SCHEMA),
      'flink-config-duplicate-key',
    );
    assert.equal(l[0]?.severity, 'warning');
  });

  it('reads nested config.yaml keys', () => {
    const conf =
      base +
      '\n    high-availability:\n      type: kubernetes\n      storageDir: s3://b/ha\n    kubernetes.cluster-id: c1\n    taskmanager:\n      numberOfTaskSlotz: 3';
    const f = run(session({ conf }), NO_SCHEMA);
    assert.deepEqual(
      codes(f).filter((c) => c.startsWith('flink-config')),
      ['flink-config-unknown-key'],
    );
  });

  it('flags flink-conf.yaml on Flink 2.x and config.yaml on Flink 1.18', () => {
    const two = only(
      run(session({ confKey: 'flink-conf.yaml', image: 'flink:2.0' }), NO_SCHEMA),
      'flink-config-file-version',
    );
    assert.equal(two.length, 1);
    assert.equal(two[0].severity, 'error');
    assert.match(two[0].message, /reads only config\.yaml/);
    const old = only(
      run(session({ confKey: 'config.yaml', image: 'flink:1.18' }), NO_SCHEMA),
      'flink-config-file-version',
    );
    assert.equal(old.length, 1);
    assert.deepEqual(
      only(run(session({ confKey: 'flink-conf.yaml', image: 'flink:1.20' }), NO_SCHEMA), 'flink-config-file-version'),
      [],
    );
  });

  it('reads FLINK_PROPERTIES and -D arguments', () => {
    const extra = `
        env:
        - name: FLINK_PROPERTIES
          value: |
            jobmanager.memory.proces.size: 1600m
        - name: OTHER
          value: x`;
    const text = session({ extraJm: extra });
    const [f] = only(run(text, NO_SCHEMA), 'flink-config-unknown-key');
    assert.equal(covered(text, f), 'jobmanager.memory.proces.size');
    const dyn = session().replace('args: ["jobmanager"]', 'args: ["jobmanager", "-Dparallelism.default=x"]');
    const [g] = only(run(dyn, NO_SCHEMA), 'flink-config-invalid-value');
    assert.equal(covered(dyn, g), 'x');
  });
});
