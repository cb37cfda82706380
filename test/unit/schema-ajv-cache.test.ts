// Compiled validators are bounded (issue 10: one ajv instance per provider id was kept forever)
// and precompiled validators replace compiling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PROVIDERS,
  MAX_VALIDATORS_PER_PROVIDER,
  registerPrecompiled,
  schemaCacheStats,
  validatorFor,
  type SchemaBundleProvider,
  type ValidateFunction,
} from '../../src/core/schema/ajv';

function provider(id: string): SchemaBundleProvider {
  return {
    id,
    schemaFor: (apiVersion, kind) => ({
      type: 'object',
      properties: { kind: { const: kind }, apiVersion: { const: apiVersion } },
      required: ['kind'],
    }),
  };
}

describe('ajv validator cache', () => {
  it('keeps at most MAX_PROVIDERS providers, dropping the least recently used', () => {
    const first = provider('lru-first');
    validatorFor(first, 'v1', 'A');
    for (let i = 0; i < MAX_PROVIDERS; i++) {
      validatorFor(provider(`lru-${i}`), 'v1', 'A');
      validatorFor(first, 'v1', 'A'); // keeps `first` recent
    }
    validatorFor(provider('lru-last'), 'v1', 'A');
    const { providers } = schemaCacheStats();
    assert.equal(providers.length, MAX_PROVIDERS);
    assert.ok(providers.includes('lru-first'), 'the provider in use stays');
    assert.ok(providers.includes('lru-last'));
    assert.ok(!providers.includes('lru-0'), 'the least recently used provider is gone');
  });

  it('keeps at most MAX_VALIDATORS_PER_PROVIDER validators per provider, and evicted kinds still validate', () => {
    const p = provider('many-kinds');
    const fn0 = validatorFor(p, 'v1', 'Kind0');
    for (let i = 1; i < MAX_VALIDATORS_PER_PROVIDER + 10; i++) validatorFor(p, 'v1', `Kind${i}`);
    assert.equal(schemaCacheStats().validators['many-kinds'], MAX_VALIDATORS_PER_PROVIDER);
    const again = validatorFor(p, 'v1', 'Kind0');
    assert.ok(again, 'recompiled after eviction');
    assert.notEqual(again, fn0, 'a new function: the old one was evicted');
    assert.equal(again({ kind: 'Kind0' }), true);
    assert.equal(again({ kind: 'Other' }), false);
  });

  it('uses a registered precompiled validator instead of compiling, and null for kinds it has no schema for', () => {
    let asked: string[] = [];
    const pre = Object.assign((data: unknown) => (data as { ok?: boolean }).ok === true, {
      errors: null,
    }) as unknown as ValidateFunction;
    registerPrecompiled('pre', (apiVersion, kind) => {
      asked.push(`${apiVersion}/${kind}`);
      return kind === 'Known' ? pre : kind === 'Absent' ? null : undefined;
    });
    const p = provider('pre');
    assert.equal(validatorFor(p, 'v1', 'Known'), pre);
    assert.equal(validatorFor(p, 'v1', 'Absent'), null);
    const compiled = validatorFor(p, 'v1', 'Other');
    assert.ok(compiled && compiled !== pre, 'undefined from the loader falls back to ajv');
    asked = [];
    validatorFor(p, 'v1', 'Known');
    assert.deepEqual(asked, [], 'cached after the first load');
  });
});
