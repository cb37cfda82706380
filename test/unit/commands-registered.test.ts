// Every command goes through the one wrapper (src/features/shared/commands.ts): no other file calls
// vscode.commands.registerCommand, and every command contributed in package.json is registered
// through the wrapper by id. (The VS Code suite checks the same at run time, in a real VS Code.)
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '../..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('command registration', () => {
  const sources = files(src).map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));

  it('only the wrapper calls registerCommand', () => {
    const callers = sources.filter((s) => /\bregisterCommand\s*\(/.test(s.text)).map((s) => s.file);
    assert.deepEqual(callers, ['src/features/shared/commands.ts']);
  });

  it('every contributed command id is registered through the wrapper', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 10, `only ${contributed.length} commands contributed`);
    // Ids appear as string literals in a register call (or a constant assigned the id and used there).
    const all = sources.map((s) => s.text).join('\n');
    const constants = new Map([...all.matchAll(/const (\w+) = '(flink\.\w+)'/g)].map((m) => [m[1]!, m[2]!]));
    const registered = new Set<string>();
    for (const m of all.matchAll(/\b(?:commands\.register|reg)\(\s*(?:'([\w.]+)'|(\w+))/g)) {
      const id = m[1] ?? constants.get(m[2] ?? '');
      if (id) registered.add(id);
    }
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered through the wrapper: ${missing.join(', ')}`);
  });
});
