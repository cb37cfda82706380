// Shared by the flink-lint tests: the built CLI (scripts/test.mjs builds before the suites run).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

/** Builds dist/ when a file the CLI needs is missing (a single test file run by hand). */
export function ensureBuilt(): void {
  const needed = ['cli.js', 'lint.js', 'ajv-compiler.js', join('validators', 'index.json')];
  if (needed.every((f) => existsSync(join(DIST, f)))) return;
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, `build failed: ${b.stderr}`);
}
