// Issue 11: the editor, the folder command and flink-lint give the same findings for the same folder.
// Each runs its own entry point: the editor's file selection (editorFileSet over the siblings its
// FolderFiles keeps), the folder command's (folderFileSet over every YAML file it finds) and the built
// CLI in a child process, as users run it.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isValidationInput, validate, type Finding, type SourceFile } from '../../src/core';
import { editorFileSet, folderFileSet } from '../../src/features/validate/editor-set';
import { DIST, ensureBuilt, ROOT } from './cli-helpers';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'file-sets');

function yamlFiles(dir: string): SourceFile[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => ({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') }));
}

const line = (f: { file: string; line: number; column: number; severity: string; code: string; message: string }) =>
  `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`;
const fromFinding = (f: Finding) => line({ ...f, line: f.range.start.line + 1, column: f.range.start.character + 1 });

/** What the editor shows over all files of the folder, each opened in turn. */
function editor(dir: string): string[] {
  const all = yamlFiles(dir);
  // FolderFiles keeps the folder's inputs (not recursive).
  const siblings = all.filter((f) => isValidationInput(f.path, f.text));
  return all
    .flatMap((f) => {
      const set = editorFileSet(f.path, f.text, siblings);
      return set ? validate(set).filter((x) => x.file === f.path) : [];
    })
    .map(fromFinding);
}

function folderCommand(dir: string): string[] {
  return validate(folderFileSet(yamlFiles(dir))).map(fromFinding);
}

function cli(dir: string): string[] {
  const r = spawnSync(process.execPath, [join(DIST, 'cli.js'), '--format', 'json', dir], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 60_000,
  });
  assert.ok(r.status === 0 || r.status === 1, `flink-lint exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Parameters<typeof line>[0][]).map((f) => line({ ...f, file: resolve(ROOT, f.file) }));
}

describe('editor, folder command and flink-lint agree (fixtures in test/fixtures/file-sets)', () => {
  before(() => ensureBuilt());

  for (const [folder, expected] of [
    // Each alternative keeps its own findings; the 1.20 one gets only the duplicate warnings.
    ['alternatives', ['duplicate-object', 'ha-rbac-missing', 'ha-storage-dir-missing']],
    // Cross-file memory error, the bare config.yaml's typo; values.yaml is nobody's input.
    ['split', ['flink-config-unknown-key', 'memory-exceeds-limit']],
  ] as const) {
    it(`${folder}: the same findings from all three`, () => {
      const dir = join(FIXTURES, folder);
      const e = editor(dir).sort();
      const f = folderCommand(dir).sort();
      const c = cli(dir).sort();
      assert.deepEqual([...new Set(f.map((x) => x.split(' ')[2]))].sort(), [...expected]);
      assert.deepEqual(e, f, 'editor vs folder command');
      assert.deepEqual(c, f, 'flink-lint vs folder command');
      console.log(`# ${folder}: ${f.length} findings, identical in editor, folder command and flink-lint`);
    });
  }

  it('a bare config.yaml is validated by the editor too, and values.yaml by none', () => {
    const dir = join(FIXTURES, 'split');
    const files = editor(dir);
    assert.ok(files.some((x) => x.startsWith(join(dir, 'config.yaml')) && x.includes('flink-config-unknown-key')));
    assert.ok(!files.some((x) => x.startsWith(join(dir, 'values.yaml'))));
    assert.ok(!cli(dir).some((x) => x.startsWith(join(dir, 'values.yaml'))));
  });
});
