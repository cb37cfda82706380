import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codes, run, session } from './validate-helpers';
import { cpuMs } from '../support/cpu';

const NO_SCHEMA = { schemas: null };

/** config.yaml as a flow mapping with quoted keys: `"k":&a [...]` has no blank before the anchor. */
function aliasBomb(levels: number): string {
  const parts = ['"a0":&a0 ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: 10 }, () => `*a${i - 1}`).join(',');
    parts.push(`"a${i}":&a${i} [${refs}]`);
  }
  return `{${parts.join(',')}}`;
}

describe('Flink config parsing on hostile input', () => {
  it('an alias bomb in a config.yaml flow mapping with quoted keys is not expanded', () => {
    const text = session({ conf: aliasBomb(7) });
    const { out: findings, ms } = cpuMs(() => run(text, NO_SCHEMA));
    assert.ok(ms < 2000, `validation took ${ms.toFixed(0)} ms of CPU`);
    assert.ok(codes(findings).includes('flink-config-alias'), `codes: ${codes(findings).join(', ')}`);
  });

  it('nested config.yaml maps stop at a node budget instead of walking without end', () => {
    // 9 levels of 9 shared nested maps: 9^9 leaves if expanded.
    const parts = ['"m0":&m0 {"k": 1}'];
    for (let i = 1; i <= 9; i++) {
      const refs = Array.from({ length: 9 }, (_, j) => `"c${j}": *m${i - 1}`).join(',');
      parts.push(`"m${i}":&m${i} {${refs}}`);
    }
    const text = session({ conf: `{${parts.join(',')}}` });
    const { out: findings, ms } = cpuMs(() => run(text, NO_SCHEMA));
    assert.ok(ms < 2000, `validation took ${ms.toFixed(0)} ms of CPU`);
    assert.ok(codes(findings).includes('flink-config-alias'));
  });

  for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`a config key named ${key} is reported as unknown, and the other checks still run`, () => {
      const text = session({
        confKey: 'flink-conf.yaml',
        image: 'flink:1.18',
        conf: `${key}: 1\n    taskmanager.numberOfTaskSlots: two`,
      });
      const c = codes(run(text, NO_SCHEMA));
      assert.ok(c.includes('flink-config-invalid-value'), `codes: ${c.join(', ')}`);
    });
  }
});
