// The drawn import structure (docs/architecture.md) is current, and it has no arrow between
// feature folders nor from a lower layer up to the features.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('import structure', () => {
  it('has no arrow between feature folders or from core, kube, flink up', async () => {
    const { importEdges } = (await import('../../scripts/import-graph.mjs')) as { importEdges: () => string[] };
    const edges = importEdges();
    assert.ok(edges.length > 10, `only ${edges.length} edges found`);
    const bad = edges.filter((e) => {
      const [from, to] = e.split(' --> ') as [string, string];
      const feature = (p: string) => p.startsWith('features/') && p !== 'features/shared';
      if (feature(from) && feature(to)) return true;
      if (from === 'features/shared' && feature(to)) return true;
      return ['core', 'kube', 'flink', 'cli'].includes(from) && (to.startsWith('features') || to === 'extension');
    });
    assert.deepEqual(bad, []);
  });

  it('docs/architecture.md is the current drawing', async () => {
    const { document } = (await import('../../scripts/import-graph.mjs')) as { document: () => string };
    const committed = readFileSync(join(__dirname, '../../docs/architecture.md'), 'utf8');
    assert.equal(committed, document(), 'run `node scripts/import-graph.mjs --write`');
  });
});
