// Issue 11 file sets: an object defined twice is a finding, and each file is judged against its own copy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codes, only, runMany } from './validate-helpers';

const cm = (ns: string, conf: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flink-config\n  namespace: ${ns}\ndata:\n  config.yaml: |\n${conf}\n`;
const jm = (ns: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: flink-jobmanager, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: flink, component: jobmanager}}
  template:
    metadata: {labels: {app: flink, component: jobmanager}}
    spec:
      containers:
      - name: jobmanager
        image: ${image}
        args: [jobmanager]
        resources: {limits: {memory: 2Gi}}
        volumeMounts: [{name: conf, mountPath: /opt/flink/conf}]
      volumes: [{name: conf, configMap: {name: flink-config}}]
`;
const GOOD = '    jobmanager.rpc.address: flink-jobmanager\n    jobmanager.memory.process.size: 1600m\n';
const HA_NO_DIR = GOOD + '    high-availability.type: kubernetes\n    kubernetes.cluster-id: c1\n';

describe('file sets', () => {
  it('two alternative manifests defining the same ConfigMap: a duplicate warning, and each keeps its own findings', () => {
    const files = {
      '/ws/a-good.yaml': `${cm('prod', GOOD)}---\n${jm('prod', 'flink:1.20')}`,
      '/ws/b-ha.yaml': `${cm('prod', HA_NO_DIR)}---\n${jm('prod', 'flink:1.20')}`,
    };
    const out = runMany(files);
    const good = out.filter((f) => f.file === '/ws/a-good.yaml');
    const ha = out.filter((f) => f.file === '/ws/b-ha.yaml');
    assert.deepEqual(codes(good), ['duplicate-object', 'duplicate-object'], JSON.stringify(good));
    assert.match(only(good, 'duplicate-object')[0]?.message ?? '', /defined again in \/ws\/b-ha\.yaml/);
    assert.ok(codes(ha).includes('ha-storage-dir-missing'), JSON.stringify(codes(ha)));
    assert.ok(!codes(ha).includes('duplicate-object'));
  });

  it('the same names in different namespaces are different objects', () => {
    const out = runMany({
      '/ws/dev.yaml': `${cm('dev', GOOD)}---\n${jm('dev', 'flink:1.20')}`,
      '/ws/prod.yaml': `${cm('prod', GOOD)}---\n${jm('prod', 'flink:1.20')}`,
    });
    assert.deepEqual(only(out, 'duplicate-object'), []);
  });

  it('a file alone and the same file in its folder get the same findings when nothing collides', () => {
    const text = `${cm('prod', HA_NO_DIR)}---\n${jm('prod', 'flink:1.20')}`;
    const alone = runMany({ '/ws/x.yaml': text });
    const inFolder = runMany({ '/ws/x.yaml': text, '/ws/other.yaml': cm('dev', GOOD) }).filter(
      (f) => f.file === '/ws/x.yaml',
    );
    assert.deepEqual(inFolder, alone);
  });
  it('a reference resolves in the same folder before another folder (the issue: no last-wins across folders)', () => {
    // b/ sorts after a/, so "the last definition applied" would be b's 4g ConfigMap for a's JobManager.
    const big = GOOD.replace('1600m', '4096m');
    const out = runMany({
      '/ws/a/cm.yaml': cm('prod', GOOD),
      '/ws/a/jm.yaml': jm('prod', 'flink:1.20'),
      '/ws/b/cm.yaml': cm('prod', big),
      '/ws/b/jm.yaml': jm('prod', 'flink:1.20'),
    });
    assert.deepEqual(
      only(out, 'memory-exceeds-limit').map((f) => f.file),
      ['/ws/b/jm.yaml'],
      JSON.stringify(out),
    );
  });

  it('the same file before the same folder', () => {
    const big = GOOD.replace('1600m', '4096m');
    const out = runMany({
      '/ws/alt-big.yaml': `${cm('prod', big)}---\n${jm('prod', 'flink:1.20').replace('2Gi', '5Gi')}`,
      '/ws/alt-small.yaml': `${cm('prod', GOOD)}---\n${jm('prod', 'flink:1.20')}`,
      '/ws/other.yaml': jm('dev', 'flink:1.20').replace('flink-jobmanager', 'jm-two'),
    });
    assert.deepEqual(only(out, 'memory-exceeds-limit'), [], JSON.stringify(out));
  });

  it('an unset namespace matches, but the nearest definition wins: prod/ binds its own ConfigMap', () => {
    const unset = (conf: string) => cm('x', conf).replace('  namespace: x\n', '');
    const big = GOOD.replace('1600m', '4096m');
    const out = runMany({
      '/ws/a/cm.yaml': unset(big),
      '/ws/prod/cm.yaml': cm('prod', GOOD),
      '/ws/prod/jm.yaml': jm('prod', 'flink:1.20'),
    });
    assert.deepEqual(only(out, 'memory-exceeds-limit'), [], JSON.stringify(out));
    assert.deepEqual(only(out, 'duplicate-object'), []);
  });
});
