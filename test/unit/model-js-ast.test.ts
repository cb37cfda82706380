// Differential: the AST built from js-yaml's events (src/core/model/js-ast.ts) against `yaml`'s own,
// over the shared corpus, scaffold-like manifests written in every YAML style, and mutated corpus
// documents. Every key range, scalar range and style, flow flag and collection start must agree.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDocument, stringify, Scalar } from 'yaml';
import jsyaml from 'js-yaml';
import { K8S_JS_SCHEMA, K8S_PARSE } from '../../src/core/model/parse';
import { compareAsts } from './js-ast-compare';
import { session } from './validate-helpers';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const chunks = (readdirSync(CORPUS, { recursive: true }) as string[])
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((f) => readFileSync(join(CORPUS, f), 'utf8').split(/^---[ \t]*$/m))
  .filter((c) => c.trim());

function check(text: string, totals: { compared: number; docs: number; fell: number }): void {
  const r = compareAsts(text);
  if (!r) {
    totals.fell++;
    return;
  }
  totals.docs++;
  totals.compared += r.compared;
  assert.deepEqual(r.diffs, [], `differs from yaml on:\n${text}`);
}

describe('js-yaml AST against yaml (differential)', () => {
  it('agrees on every node of the corpus manifests', () => {
    const t = { compared: 0, docs: 0, fell: 0 };
    for (const c of chunks) check(c, t);
    console.log(`js-ast corpus: ${t.docs} documents, ${t.compared} nodes compared, ${t.fell} left to yaml`);
    assert.ok(chunks.length > 20 && t.docs === chunks.length, `${t.fell} of ${chunks.length} fell back`);
    assert.ok(t.compared > 10_000);
  });

  it('agrees on generated manifests in every scalar and collection style', () => {
    const t = { compared: 0, docs: 0, fell: 0 };
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9._-]{0,12}$/);
    const scalar = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('1.20', '2048m', 'a: b', '# not a comment', 'x\ny', ' lead', 'trail ', 'it\'s "q"'),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
      arr: fc.array(tie('v'), { maxLength: 4 }),
      obj: fc.dictionary(key, tie('v'), { maxKeys: 5 }),
    })).obj;
    const style = fc.record({
      defaultStringType: fc.constantFrom(
        Scalar.PLAIN,
        Scalar.QUOTE_DOUBLE,
        Scalar.QUOTE_SINGLE,
        Scalar.BLOCK_LITERAL,
        Scalar.BLOCK_FOLDED,
      ),
      collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
      comment: fc.boolean(),
      anchor: fc.boolean(),
    });
    fc.assert(
      fc.property(value, style, (obj, { comment, anchor, ...opts }) => {
        let text = stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: obj }, { version: '1.1', ...opts });
        // Comments after values and on lines of their own, where YAML allows them.
        if (comment) text = text.replace(/^(\s*[\w.-]+:) (\w+)$/gm, '$1 $2 # note\n# line');
        // Anchors (without aliases, which stay with `yaml`) on values and on nested collections.
        let n = 0;
        if (anchor) text = text.replace(/^(\s*[\w.-]+:)( \w+)?$/gm, (_, k: string, v = '') => `${k} &a${n++}${v}`);
        if (parseDocument(text, { version: '1.1', uniqueKeys: false }).errors.length) return;
        check(text, t);
      }),
      { numRuns: 500, seed: 1206 },
    );
    console.log(`js-ast generated: ${t.docs} documents, ${t.compared} nodes compared, ${t.fell} left to yaml`);
    assert.ok(t.docs > 400 && t.compared > 15_000);
  });

  it('agrees on mutated corpus and scaffold documents wherever both parsers read them', () => {
    const t = { compared: 0, docs: 0, fell: 0 };
    const samples = [session(), session({ confKey: 'flink-conf.yaml' }), ...chunks.filter((c) => c.length < 20_000)];
    const edit = fc.constantFrom(':', '-', ' ', '\n', '[', '{', '}', ']', '|', '>', '#', '"', "'", ',', '? ', '\n  ');
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), edit), { maxLength: 4 }), (text, edits) => {
        for (const [pos, s] of edits) {
          const i = pos % (text.length + 1);
          text = text.slice(0, i) + s + text.slice(i + 1);
        }
        if (parseDocument(text, { version: '1.1', uniqueKeys: false }).errors.length) return;
        check(text, t);
      }),
      { numRuns: 300, seed: 612 },
    );
    console.log(`js-ast mutated: ${t.docs} documents, ${t.compared} nodes compared, ${t.fell} left to yaml`);
    assert.ok(t.docs > 150);
  });

  it("reads YAML 1.1 scalars to the same values as yaml's 1.1 schema (the fast path's values)", () => {
    // Kubernetes reads YAML 1.1: these are where 1.1 and 1.2 part, and what the fast path must get right.
    const words = [
      ...['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'true', 'False'],
      ...['0644', '-0755', '0_7', '08', '0b1010', '0x1F', '0x_1f', '1_000', '+12', '1:20', '190:20:30', '1:20.5'],
      ...['.inf', '-.Inf', '.nan', '.NaN', '1e3', '1.5E-3', '6.8523015e+5', '1.', '.5', '~', 'null', 'Null', 'NULL'],
      ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '0o17', '1.20', 'yes please', 'on-off', '12:60', '0.'],
    ];
    const scalar = fc.constantFrom(...words);
    const doc = fc.array(fc.tuple(fc.constantFrom(...words, 'key', 'k2'), scalar, fc.boolean()), {
      minLength: 1,
      maxLength: 8,
    });
    let compared = 0;
    fc.assert(
      fc.property(doc, (pairs) => {
        const text = pairs.map(([k, v, inList], i) => (inList ? `l${i}:\n  - ${v}\n` : `${k}${i}: ${v}\n`)).join('');
        const ours = jsyaml.load(text, { schema: K8S_JS_SCHEMA });
        const theirs = parseDocument(text, K8S_PARSE).toJS();
        assert.deepEqual(ours, theirs, text);
        compared += pairs.length;
      }),
      { numRuns: 300, seed: 11 },
    );
    // Keys, too: `yes:` is the key "true" in both.
    // (Null keys differ: "" in `yaml`, "null" in js-yaml; parse.ts sends them to `yaml`.)
    for (const w of words.filter((x) => !/^(~|null)$/i.test(x)))
      assert.deepEqual(
        jsyaml.load(`${w}: x`, { schema: K8S_JS_SCHEMA }),
        parseDocument(`${w}: x`, K8S_PARSE).toJS(),
        w,
      );
    console.log(`js-ast YAML 1.1 scalars: ${compared + words.length} values compared`);
  });
});
