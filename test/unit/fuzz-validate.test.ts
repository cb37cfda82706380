// No input may make the validator throw or hang: random bytes, truncated and mutated manifests,
// huge documents, deep nesting, alias bombs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { looksLikeFlinkManifest, parseManifests, validate, type Finding } from '../../src/core';
import { session } from './validate-helpers';
import { cpuMs } from '../support/cpu';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'operator-examples');
const samples = [
  session(),
  session({ confKey: 'flink-conf.yaml', image: 'flink:1.17' }),
  ...readdirSync(CORPUS)
    .slice(0, 8)
    .map((f) => readFileSync(join(CORPUS, f), 'utf8')),
];

function check(text: string, budgetMs = 3000): Finding[] {
  const { out, ms } = cpuMs(() =>
    validate([
      { path: '/f.yaml', text },
      { path: '/g.yaml', text: samples[0] },
    ]),
  );
  assert.ok(Array.isArray(out));
  assert.ok(ms < budgetMs, `took ${ms.toFixed(0)} ms of CPU`);
  for (const f of out) {
    assert.ok(
      f.range.start.line >= 0 && f.range.start.character >= 0 && typeof f.message === 'string' && f.message.length > 0,
    );
    assert.notEqual(f.code, 'internal-error', f.message);
  }
  looksLikeFlinkManifest(text);
  return out;
}

describe('fuzz: the validator never throws or hangs', () => {
  it('random strings and bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        check(s);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        check(Buffer.from(b).toString('latin1'));
      }),
      { numRuns: 300 },
    );
  });

  it('truncated manifests', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), (text, n) => {
        check(text.slice(0, n % (text.length + 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('mutated manifests (characters replaced, lines dropped or repeated)', () => {
    const yamlish = fc.constantFrom(
      ':',
      '-',
      ' ',
      '\n',
      '\t',
      '[',
      '{',
      '}',
      ']',
      '&a',
      '*a',
      '|',
      '>',
      '#',
      '"',
      "'",
      '0',
      'null',
      '<<',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), yamlish), { maxLength: 8 }),
        fc.nat(),
        (text, edits, drop) => {
          let t = text;
          for (const [pos, s] of edits) {
            const i = pos % (t.length + 1);
            t = t.slice(0, i) + s + t.slice(i + 1);
          }
          const lines = t.split('\n');
          const k = drop % lines.length;
          check([...lines.slice(0, k), lines[k], ...lines.slice(k)].join('\n'));
          check([...lines.slice(0, k), ...lines.slice(k + 1)].join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random structures serialised as YAML', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom(
            'apiVersion',
            'kind',
            'metadata',
            'spec',
            'data',
            'containers',
            'template',
            'name',
            'flink-conf.yaml',
            'config.yaml',
            'resources',
            'limits',
            'memory',
            'ports',
            'selector',
            'volumes',
            'env',
            'flinkConfiguration',
            'job',
          ),
          tie('node'),
          { maxKeys: 5 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.constantFrom('v1', 'apps/v1', 'flink.apache.org/v1beta1', 'batch/v1'),
        fc.constantFrom('ConfigMap', 'Deployment', 'Service', 'FlinkDeployment', 'FlinkSessionJob', 'Job'),
        value,
        (apiVersion, kind, spec) => {
          check(JSON.stringify({ apiVersion, kind, metadata: { name: 'x' }, spec, data: spec }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a huge document: a 20,000-key config in a ConfigMap', () => {
    const conf = Array.from({ length: 20_000 }, (_, i) => `    key.number${i}: value${i}`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flink-config\ndata:\n  flink-conf.yaml: |\n${conf}\n`;
    check(text, 5000);
  });

  it('deep nesting (flow and block) yields findings, not a crash', () => {
    check('a: ' + '['.repeat(20_000) + ']'.repeat(20_000), 5000);
    check(Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n'), 5000);
    check('- '.repeat(5000) + 'x', 5000);
  });

  it('alias bombs are refused quickly', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: lol',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
    ].join('\n');
    const out = check(bomb);
    assert.ok(
      out.some((f) => f.code === 'yaml-alias-limit'),
      JSON.stringify(out.map((f) => f.code)),
    );
  });

  it('parseManifests never throws and keeps document offsets inside the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), (text, n) => {
        const t = text.slice(0, n % (text.length + 1));
        for (const d of parseManifests([{ path: 'x', text: t }]).docs)
          assert.ok(d.offsets[0] >= 0 && d.offsets[1] <= t.length);
      }),
      { numRuns: 200 },
    );
  });
});
