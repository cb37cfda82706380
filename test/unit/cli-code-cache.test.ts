// flink-lint's code cache (src/cli/code-cache.ts): written after a run that linted, read by the next,
// never needed for a right answer; and a one-file run leaves the shipped schemas unparsed.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { session } from './validate-helpers';
import { DIST, ensureBuilt } from './cli-helpers';

function lint(cacheDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(DIST, 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLINK_LINT_CODE_CACHE: cacheDir },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('flink-lint code cache', () => {
  let work: string;
  let broken: string;
  let typo: string;
  before(() => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'flink-lint-cache-test-'));
    broken = join(work, 'broken.yaml');
    writeFileSync(broken, session({ tmLimit: '1Gi' }));
    typo = join(work, 'typo.yaml');
    writeFileSync(
      typo,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  config.yaml: "taskmanager.memory.proces.size: 1g"\n',
    );
  });

  it('a run that lints writes caches for the bundle and the validators it loaded; the next run reuses them', () => {
    const cache = join(work, 'cache-a');
    const first = lint(cache, broken);
    assert.equal(first.code, 1, first.stderr);
    const files = readdirSync(cache).sort();
    assert.ok(
      files.some((f) => f.startsWith('lint.js-')),
      files.join(),
    );
    assert.ok(
      files.some((f) => /^v\d+\.js-/.test(f)),
      `a validator module is cached: ${files.join()}`,
    );
    const written = files.map((f) => statSync(join(cache, f)).mtimeMs);
    const second = lint(cache, broken);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, first.stdout);
    assert.match(second.stdout, /error memory-exceeds-limit/);
    assert.deepEqual(readdirSync(cache).sort(), files);
    assert.deepEqual(
      files.map((f) => statSync(join(cache, f)).mtimeMs),
      written,
      'accepted caches are not rewritten',
    );
  });

  it('--help and usage errors write no cache (they compile too little of the linter)', () => {
    const cache = join(work, 'cache-help');
    assert.equal(lint(cache, '--help').code, 0);
    assert.equal(lint(cache, '--format', 'xml', broken).code, 2);
    assert.deepEqual(readdirSync(cache), []);
  });

  it('a corrupt cache file gives the same findings and is replaced', () => {
    const cache = join(work, 'cache-corrupt');
    const good = lint(cache, broken);
    const bundleCache = readdirSync(cache).find((f) => f.startsWith('lint.js-'))!;
    writeFileSync(join(cache, bundleCache), Buffer.alloc(4096, 7));
    const again = lint(cache, broken);
    assert.equal(again.code, 1, again.stderr);
    assert.equal(again.stdout, good.stdout);
    assert.notDeepEqual(readFileSync(join(cache, bundleCache)), Buffer.alloc(4096, 7));
  });

  it('FLINK_LINT_CODE_CACHE=0 lints without a cache', () => {
    const r = lint('0', broken);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /error memory-exceeds-limit/);
  });

  it('a one-file run reads neither the shipped schemas nor ajv (precompiled validators only)', () => {
    const probe = `require(${JSON.stringify(join(DIST, 'lint.js'))}).main([${JSON.stringify(typo)}]);
      console.error(JSON.stringify(Object.keys(require.cache)));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const loaded = JSON.parse(r.stderr) as string[];
    assert.match(r.stdout, /Did you mean taskmanager\.memory\.process\.size/);
    assert.ok(
      loaded.some((f) => f.endsWith(join('lint-data', 'options.json'))),
      'the option catalog is read from dist/lint-data',
    );
    assert.deepEqual(
      loaded.filter((f) => /kubernetes\.json|flink-operator\.json|ajv/.test(f)),
      [],
    );
  });
});
