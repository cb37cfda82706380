// flink-lint, run as users run it: the built dist/cli.js in a child process.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { session } from './validate-helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('flink-lint CLI', () => {
  let dir: string;
  before(() => {
    if (!existsSync(CLI))
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'flink-lint-'));
    mkdirSync(join(dir, 'clean', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'clean', 'nested', 'cluster.yml'), session());
    writeFileSync(join(dir, 'clean', 'README.md'), '# not yaml');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'cluster.yaml'), session({ tmLimit: '1Gi' }));
    // Cross-file: the ConfigMap in one file, the Deployments in another.
    mkdirSync(join(dir, 'split'));
    const docs = session({ tmLimit: '1Gi' }).split('\n---\n');
    writeFileSync(join(dir, 'split', 'config.yaml'), docs[0]!);
    writeFileSync(join(dir, 'split', 'workloads.yaml'), docs.slice(1).join('\n---\n'));
  });

  it('exits 0 with a summary for a clean folder (searched recursively for .yml/.yaml)', () => {
    const r = lint(join(dir, 'clean'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0 errors, 0 warnings, 0 infos');
  });

  it('exits 1 and prints file:line:col for errors', () => {
    const r = lint(join(dir, 'broken'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /broken\/cluster\.yaml:\d+:\d+: error memory-exceeds-limit: /);
  });

  it('prints JSON with 1-based positions', () => {
    const r = lint('--format', 'json', join(dir, 'broken', 'cluster.yaml'));
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const f = out.find((x) => x.code === 'memory-exceeds-limit')!;
    assert.deepEqual(Object.keys(f).sort(), [
      'code',
      'column',
      'endColumn',
      'endLine',
      'file',
      'line',
      'message',
      'severity',
    ]);
    const lines = session({ tmLimit: '1Gi' }).split('\n');
    assert.equal(lines[(f.line as number) - 1]!.slice((f.column as number) - 1, (f.endColumn as number) - 1), '1Gi');
  });

  it('validates all files as one set (references across files resolve)', () => {
    // The process size is in config.yaml, the too small limit in workloads.yaml: only together is it an error.
    const both = lint('--format=json', join(dir, 'split'));
    assert.equal(both.code, 1);
    const found = JSON.parse(both.stdout) as Array<{ code: string; file: string }>;
    assert.deepEqual(
      found.map((f) => [f.code, f.file.endsWith('workloads.yaml')]),
      [['memory-exceeds-limit', true]],
    );
    assert.equal(lint(join(dir, 'split', 'workloads.yaml')).code, 0);
  });

  it('exits 2 with a message on stderr for usage errors and unreadable files', () => {
    const none = lint();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no files or folders given/);
    const fmt = lint('--format', 'xml', dir);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /unknown format "xml"/);
    const missing = lint(join(dir, 'nope.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.yaml: no such file or folder/);
    assert.equal(missing.stdout, '');
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.yaml');
      writeFileSync(locked, 'a: 1');
      chmodSync(locked, 0o000);
      assert.equal(lint(locked).code, 2);
    }
  });

  it('prints usage for --help', () => {
    const r = lint('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: flink-lint/);
  });
});
