// The manifests of the seed articles (extracted into fixtures) and what a Flink expert says about them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/core';
import { applyFix, covered } from './validate-helpers';

const DIR = join(__dirname, '..', 'fixtures', 'manifests', 'seeds');
const load = (name: string) => ({ path: join(DIR, name), text: readFileSync(join(DIR, name), 'utf8') });
const brief = (name: string) => {
  const f = load(name);
  return { f, findings: validate([f]).map((x) => ({ ...x, text: covered(f.text, x) })) };
};

describe('seed manifests', () => {
  it('Hologres article (Flink 1.13 docs cluster): only the missing memory limits', () => {
    const { findings } = brief('hologres-session-cluster-1.13.yaml');
    assert.deepEqual(
      findings.map((x) => [x.code, x.severity, x.text]),
      [
        ['memory-limit-missing', 'warning', 'jobmanager'],
        ['memory-limit-missing', 'warning', 'taskmanager'],
      ],
    );
  });

  it('AKS batch cluster: removed extensions/v1beta1, deprecated heap keys, rpc address naming no Service', () => {
    const { f, findings } = brief('aks-batch-extensions-v1beta1.yaml');
    const got = findings.map((x) => [x.code, x.severity, x.text]);
    assert.deepEqual(got, [
      ['rpc-address-no-service', 'warning', 'flink-jobmanager'],
      ['flink-config-deprecated-key', 'warning', 'jobmanager.heap.size'],
      ['flink-config-deprecated-key', 'warning', 'taskmanager.heap.size'],
      ['removed-api-version', 'error', 'extensions/v1beta1'],
      ['memory-limit-missing', 'warning', 'jobmanager'],
      ['removed-api-version', 'error', 'extensions/v1beta1'],
      ['memory-limit-missing', 'warning', 'taskmanager'],
    ]);
    // Fixing both Deployments leaves no errors.
    let text = f.text;
    for (let i = 0; i < 2; i++) {
      const rm = validate([{ path: f.path, text }]).find((x) => x.code === 'removed-api-version');
      if (rm) text = applyFix(text, rm);
    }
    assert.deepEqual(
      validate([{ path: f.path, text }]).filter((x) => x.severity === 'error'),
      [],
    );
  });

  it('AKS streaming job cluster (-D arguments): clean', () => {
    assert.deepEqual(brief('aks-streaming-job-cluster.yaml').findings, []);
  });

  it('Alibaba TaskManager: RocksDB state on a hostPath, and an image tagged latest', () => {
    const { findings } = brief('alibaba-taskmanager-hostpath.yaml');
    assert.deepEqual(
      findings.map((x) => [x.code, x.severity, x.text]),
      [
        // `<registry>/chagan/flink:latest`: which Flink it holds cannot be seen (issue 11).
        ['flink-image-unpinned', 'warning', 'reg.docker.alibaba-inc.com/chagan/flink:latest'],
        ['hostpath-state-volume', 'warning', 'hostPath'],
      ],
    );
  });

  it('Alibaba TaskManager with the Hologres ConfigMap: the log4j.properties item is missing and no limit', () => {
    const findings = validate([
      load('alibaba-taskmanager-hostpath.yaml'),
      load('hologres-session-cluster-1.13.yaml'),
    ]).filter((x) => x.file.endsWith('alibaba-taskmanager-hostpath.yaml'));
    // Both files define Deployment flink-taskmanager: kubectl would keep the Hologres one (issue 11).
    assert.deepEqual(findings.map((x) => x.code).sort(), [
      'configmap-key-missing',
      'duplicate-object',
      'flink-image-unpinned',
      'hostpath-state-volume',
      'memory-limit-missing',
    ]);
  });

  it('Korean standalone cluster flink-conf.yaml (a bare Flink config file): deprecated heap and HA keys', () => {
    const { findings } = brief('korean-standalone/flink-conf.yaml');
    assert.deepEqual(
      findings.map((x) => [x.code, x.severity, x.text]),
      [
        ['flink-config-deprecated-key', 'warning', 'taskmanager.heap.size'],
        ['flink-config-deprecated-key', 'warning', 'jobmanager.heap.size'],
        ['flink-config-deprecated-key', 'info', 'high-availability'],
        ['flink-config-deprecated-key', 'info', 'state.backend'],
      ],
    );
  });

  it('bare config.yaml files (Flink 1.19+) are read as Flink configuration, other config.yaml files are left alone', () => {
    const flink = validate([
      {
        path: '/conf/config.yaml',
        text: 'taskmanager:\n  numberOfTaskSlots: 2\n  memory:\n    process.size: 1.5g\nhigh-availability:\n  type: kubernetes\n',
      },
    ]);
    assert.deepEqual(flink.map((x) => x.code).sort(), [
      'flink-config-invalid-value',
      'ha-cluster-id-missing',
      'ha-storage-dir-missing',
    ]);
    // Not Flink's: only "this is no Kubernetes object", as kubectl apply would say.
    assert.deepEqual(
      validate([{ path: '/app/config.yaml', text: 'server:\n  port: 8080\n' }]).map((x) => x.code),
      ['missing-kind'],
    );
  });
});
