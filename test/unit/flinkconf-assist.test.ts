// Completion and hover content for Flink configuration in each place it is written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { complete, hover, versionOfText } from '../../src/core/flinkconf/catalog/assist';
import { spotAt } from '../../src/core/flinkconf/catalog/region';
import { parseVersion } from '../../src/core/flinkconf/version';

/** Splits a document at the `|` cursor marker. */
function at(doc: string): { lines: string[]; line: number; character: number } {
  const lines = doc.split('\n');
  const line = lines.findIndex((l) => l.includes('|^'));
  const character = (lines[line] ?? '').indexOf('|^');
  lines[line] = (lines[line] ?? '').replace('|^', '');
  return { lines, line, character };
}
const V120 = parseVersion('1.20');
const labels = (doc: string, file = 'm.yaml', v = V120) => {
  const c = at(doc);
  return complete(c.lines, c.line, c.character, file, v).map((s) => s.label);
};

const CM = (block: string, key = 'config.yaml') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
data:
  ${key}: |
${block}
  log4j-console.properties: |
    rootLogger.level = INFO
`;

describe('Flink config completion and hover', () => {
  it('completes keys by segment in a ConfigMap config.yaml block (flat)', () => {
    const l = labels(CM('    taskmanager.numberOfTaskSlots: 2\n    taskmanager.memory.pro|^'));
    assert.ok(l.includes('process.size'), l.join(','));
    assert.ok(!l.includes('taskmanager.numberOfTaskSlots'));
    const top = labels(CM('    taskm|^'));
    assert.ok(top.includes('taskmanager.'), top.slice(0, 20).join(','));
  });

  it('completes under nested maps of config.yaml and flinkConfiguration', () => {
    assert.ok(labels(CM('    taskmanager:\n      memory:\n        |^')).includes('process.size'));
    const op = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
spec:
  flinkVersion: v1_20
  flinkConfiguration:
    job.autoscaler:
      |^
`;
    assert.ok(labels(op).includes('enabled'));
  });

  it('completes in FLINK_PROPERTIES and in plain flink-conf.yaml files, not in other blocks', () => {
    const env = `spec:
  containers:
    - name: jm
      env:
        - name: FLINK_PROPERTIES
          value: |
            jobmanager.rpc.address: jm
            parallelism.|^
`;
    assert.ok(labels(env).includes('default'));
    assert.ok(labels('rest.port: 8081\nrest.bind-p|^', '/x/flink-conf.yaml').includes('bind-port'));
    assert.deepEqual(labels(CM('    x', 'log4j.properties').replace('    x', '    rootLogger|^')), []);
    assert.deepEqual(labels('metadata:\n  name: taskm|^'), []);
  });

  it('completes values by type: enum constants, booleans, memory sizes, the default first', () => {
    const c = at(CM('    kubernetes.rest-service.exposed.type: |^'));
    const s = complete(c.lines, c.line, c.character, 'm.yaml', V120);
    assert.deepEqual(
      s.map((x) => x.label),
      ['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless_ClusterIP'],
    );
    assert.equal(s[0]?.preselect, true);
    assert.deepEqual(labels(CM('    execution.checkpointing.unaligned.enabled: |^')).sort(), ['false', 'true']);
    assert.ok(labels(CM('    taskmanager.memory.process.size: 2|^')).includes('2g'));
  });

  it('only offers keys the version reads', () => {
    const v117 = parseVersion('1.17');
    assert.ok(!labels(CM('    execution.checkpointing.d|^'), 'm.yaml', v117).includes('dir'));
    assert.ok(labels(CM('    execution.checkpointing.d|^'), 'm.yaml', V120).includes('dir'));
  });

  it('hover shows description, type, default, versions, replacement and the docs link', () => {
    const c = at(CM('    state.checkpoi|^nts.dir: s3://b/c'));
    const h = hover(c.lines, c.line, c.character, 'm.yaml', V120);
    assert.ok(h);
    assert.match(h.markdown, /\*\*state\.checkpoints\.dir\*\*/);
    assert.match(h.markdown, /use `execution\.checkpointing\.dir`/);
    assert.match(h.markdown, /flink-docs-release-1\.20/);
    const n = at(CM('    taskmanager:\n      numberOf|^TaskSlots: 2'));
    const hn = hover(n.lines, n.line, n.character, 'm.yaml', V120);
    assert.match(hn?.markdown ?? '', /Default: `1`/);
    assert.match(hn?.markdown ?? '', /Type: `int`/);
  });

  it('says which version it assumed when the document does not tell', () => {
    assert.deepEqual(versionOfText('image: apache/flink:1.19.1-scala_2.12').version, parseVersion('1.19'));
    assert.deepEqual(versionOfText('spec:\n  flinkVersion: v2_1\n  image: my/job:3').version, parseVersion('2.1'));
    const g = versionOfText('image: my-company/job:latest', '2.0');
    assert.equal(g.guessed, true);
    const c = at(CM('    parallelism.def|^ault: 2'));
    assert.match(hover(c.lines, c.line, c.character, 'm.yaml', g.version, true)?.markdown ?? '', /Assumed Flink 2\.0/);
  });

  it('finds nothing outside Flink configuration, even in YAML that does not parse', () => {
    assert.equal(spotAt(['a: [', '  b: |^'.replace('|^', '')], 1, 5), undefined);
    assert.ok(spotAt(['spec:', '  flinkConfiguration: {', '    x'], 2, 5));
  });
});

describe('completion and hover on any input', () => {
  it('never throw and stay fast on random text at random positions', async () => {
    const fc = (await import('fast-check')).default;
    const parts = [
      'config.yaml: |',
      'flinkConfiguration:',
      '  ',
      '- name: FLINK_PROPERTIES',
      'value: |',
      'task',
      ': ',
      '.',
      '"',
      '#',
      '\n',
      'x',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 60 }), fc.nat(), fc.nat(), (ps, l, c) => {
        const lines = ps.join('').split('\n');
        const line = l % lines.length;
        const character = c % ((lines[line] ?? '').length + 1);
        const t0 = performance.now();
        complete(lines, line, character, 'config.yaml', V120);
        hover(lines, line, character, 'flink-conf.yaml', undefined);
        return performance.now() - t0 < 200;
      }),
      { numRuns: 500 },
    );
  });
});
