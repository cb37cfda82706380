// Security findings of issue 18 on the validator side: alias bombs the text pre-check missed, walkers
// without a node budget, and kinds named like Object.prototype members. Each test failed before its fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests, validate, validateSet, type Finding } from '../../src/core';
import { cpuMs } from '../support/cpu';

const timed = (run: () => Finding[]): { out: Finding[]; ms: number } => cpuMs(run);

const codes = (out: Finding[]) => out.map((f) => f.code);

/** Nine levels of nine aliases, every node property right after a quoted key's colon (`"k":&a`, `"j":*a`). */
function quotedKeyBomb(levels: number): string {
  const parts = Array.from(
    { length: levels },
    (_, i) => `"k${i + 1}":&a${i + 1} {${Array.from({ length: 9 }, (_, j) => `"${j}":*a${i}`).join(',')}}`,
  );
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {"k0":&a0 {"a":"lol"}, ${parts.join(', ')}}\n`;
}

describe('security: alias bombs and walkers', () => {
  it('refuses an alias bomb hidden behind quoted flow keys, fast', () => {
    const text = quotedKeyBomb(9);
    assert.ok(text.length < 1000, `${text.length} bytes`);
    const { out, ms } = timed(() => validate([{ path: '/bomb.yaml', text }]));
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    assert.deepEqual(codes(out), ['yaml-alias-limit']);
    assert.equal(out[0]?.severity, 'error');
  });

  it('refuses few aliases of one large anchored node (maxAliasCount alone lets it through)', () => {
    const items = Array.from({ length: 2500 }, (_, i) => `"v${i}"`).join(',');
    const aliases = Array.from({ length: 60 }, (_, i) => `"c${i}":*big`).join(', ');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {"big":&big [${items}], ${aliases}}\n`;
    const out = validate([{ path: '/wide.yaml', text }]);
    assert.deepEqual(codes(out), ['yaml-alias-limit']);
    assert.match(out[0]?.message ?? '', /expand to more than 100,000 nodes/);
  });

  it('refuses an anchor that contains its own alias (a cycle)', () => {
    for (const text of [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &x {"b":*x}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &x\n  b: *x\n',
    ]) {
      const out = validate([{ path: '/cycle.yaml', text }]);
      assert.ok(
        out.some((f) => f.code === 'yaml-alias-limit'),
        JSON.stringify(out),
      );
      assert.ok(!out.some((f) => f.code === 'internal-error'), JSON.stringify(out));
    }
  });

  it('still reads ordinary anchors and aliases, and validates what they expand to', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: jm, labels: &l {app: flink, component: jobmanager}}',
      'spec:',
      '  selector: {matchLabels: *l}',
      '  template:',
      '    metadata: {"labels":*l}',
      '    spec:',
      '      containers: [{name: jm, image: "flink:1.20", args: [jobmanager], portz: 1}]',
      '',
    ].join('\n');
    const [doc] = parseManifests([{ path: '/d.yaml', text }]).docs;
    assert.deepEqual(doc?.object?.metadata, { name: 'jm', labels: { app: 'flink', component: 'jobmanager' } });
    const out = validate([{ path: '/d.yaml', text }]);
    assert.ok(!out.some((f) => f.code === 'yaml-alias-limit'), JSON.stringify(out));
    assert.ok(
      out.some((f) => f.code === 'k8s-schema' && /portz/.test(f.message)),
      JSON.stringify(codes(out)),
    );
  });

  it('the schema walk has a node budget even for a shared-node object handed in directly', () => {
    const set = parseManifests([{ path: '/s.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }]);
    let node: unknown = { a: null };
    for (let i = 0; i < 40; i++) node = { l: node, r: node }; // 2^40 nodes once expanded
    const doc = set.docs[0];
    assert.ok(doc?.object);
    doc.object.data = node;
    const { out, ms } = timed(() => validateSet(set));
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    assert.ok(
      out.some((f) => f.code === 'schema-skipped-size'),
      JSON.stringify(codes(out)),
    );
  });
});

describe('security: kinds named like Object.prototype members', () => {
  for (const kind of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`kind: ${kind} gets an ordinary finding, not an internal error`, () => {
      const text = `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: "flink:1.20"}]\n`;
      const out = validate([{ path: '/k.yaml', text }]);
      assert.ok(!out.some((f) => f.code === 'internal-error'), JSON.stringify(out));
      assert.ok(
        out.some((f) => f.code === 'unknown-kind'),
        JSON.stringify(codes(out)),
      );
    });
  }
});

describe('security: inputs that made the YAML parser slow', () => {
  const cpu = (run: () => void) => {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };

  it('duplicate keys are still errors, found in linear time (40,000 keys took 20 s of CPU)', () => {
    const dup = validate([
      { path: '/d.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nx: yes\nmetadata: {name: a}\nmetadata: {name: b}\n' },
    ]);
    assert.ok(
      dup.some((f) => f.code === 'yaml-syntax' && /unique/.test(f.message)),
      JSON.stringify(dup),
    );
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: "v${i}"`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx: yes\ndata:\n${keys}\n`;
    const ms = cpu(() => validate([{ path: '/k.yaml', text }]));
    assert.ok(ms < 6000, `${ms.toFixed(0)} ms CPU`);
  });

  it('a large document full of errors reports the first one, fast (150,000 tab-indented lines took 4 s)', () => {
    const text = 'a:\n' + '\tb: 1\n'.repeat(150_000);
    let out: Finding[] = [];
    const ms = cpu(() => (out = validate([{ path: '/t.yaml', text }])));
    assert.equal(out.length, 1, JSON.stringify(out.slice(0, 3)));
    assert.equal(out[0]?.code, 'yaml-syntax');
    assert.ok(ms < 1500, `${ms.toFixed(0)} ms CPU`);
  });

  it('absurd bracket nesting and a quarter million empty documents are refused or skipped cheaply', () => {
    let out: Finding[] = [];
    let ms = cpu(
      () => (out = validate([{ path: '/n.yaml', text: 'a: ' + '['.repeat(500_000) + ']'.repeat(500_000) }])),
    );
    assert.deepEqual(codes(out), ['yaml-too-deep']);
    assert.ok(ms < 1500, `${ms.toFixed(0)} ms CPU`);
    ms = cpu(() => (out = validate([{ path: '/e.yaml', text: '---\n'.repeat(262_144) }])));
    assert.deepEqual(out, []);
    assert.ok(ms < 1500, `${ms.toFixed(0)} ms CPU`);
  });
});
