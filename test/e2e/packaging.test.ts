// The .vscodeignore allowlist ships everything the packaged extension loads, and nothing else:
// every file package.json points at, the webview assets, and no sources, maps or tests.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

function packagedFiles(): string[] {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
    { cwd: root, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.equal(r.status, 0, `vsce ls failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Every local file the manifest refers to: main, icons, snippets, JSON schemas. */
function referencedByManifest(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const refs = new Set<string>([pkg.main]);
  const visit = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    else if (
      typeof v === 'string' &&
      (key === 'icon' || key === 'path' || key === 'url' || key === 'light' || key === 'dark') &&
      !v.startsWith('$(') &&
      !/^[a-z]+:/.test(v)
    )
      refs.add(v);
  };
  visit(pkg.contributes);
  return [...refs].map((p) => p.replace(/^\.\//, ''));
}

describe('packaging (.vscodeignore allowlist)', () => {
  const files = packagedFiles();

  it('ships every file package.json refers to', () => {
    const missing = referencedByManifest().filter((f) => !files.includes(f));
    assert.deepEqual(missing, [], `referenced by package.json but not packaged: ${missing.join(', ')}`);
  });

  it('ships the built webview scripts and styles', () => {
    const built = existsSync(join(root, 'dist', 'media'))
      ? readdirSync(join(root, 'dist', 'media'))
          .filter((f) => f.endsWith('.js'))
          .map((f) => `dist/media/${f}`)
      : [];
    const styles = readdirSync(join(root, 'media'))
      .filter((f) => f.endsWith('.css'))
      .map((f) => `media/${f}`);
    const missing = [...built, ...styles].filter((f) => !files.includes(f));
    assert.deepEqual(missing, []);
  });

  it('ships every bundle the extension loads at run time, the lazily loaded ones too', () => {
    // client-node is a bundle of its own, loaded on first kube use: nothing else fails if it is lost.
    const bundles = [
      'dist/extension.js',
      'dist/client-node.js',
      'dist/lint.js',
      'dist/cli.js',
      'dist/log-search-worker.js',
      'dist/undici.js',
    ];
    // And whatever the built extension loads by relative path (lazy bundles, data read on first use).
    const ext = readFileSync(join(root, 'dist', 'extension.js'), 'utf8');
    for (const m of ext.matchAll(/(?:require|import)\("\.\/([\w./-]+\.(?:js|json))"\)/g)) bundles.push(`dist/${m[1]}`);
    assert.ok(bundles.includes('dist/lint-data/options.json'), 'the extension reads the catalog from dist/lint-data');
    const data = existsSync(join(root, 'dist', 'lint-data'))
      ? readdirSync(join(root, 'dist', 'lint-data')).map((f) => `dist/lint-data/${f}`)
      : [];
    assert.ok(data.length > 0, 'dist/lint-data is built');
    const missing = [...bundles, ...data].filter((f) => !files.includes(f));
    assert.deepEqual(missing, []);
  });

  it('ships no sources, source maps, tests or dependencies', () => {
    const unwanted = files.filter(
      (f) =>
        /^(src|test|out|node_modules|scripts|bench|\.testbed|test-results)\//.test(f) ||
        f.endsWith('.map') ||
        f.endsWith('.ts'),
    );
    assert.deepEqual(unwanted, []);
  });
});
