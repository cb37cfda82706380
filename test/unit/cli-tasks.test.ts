// The `flink-lint` task type and the `$flink-lint` problem matcher: the matcher declared in
// package.json reads exactly what the CLI prints, and task definitions become safe CLI arguments.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { cliArgs } from '../../src/features/tasks/definition';
import { session } from './validate-helpers';
import { ensureBuilt, ROOT } from './cli-helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    problemMatchers: Array<{ name: string; pattern: Record<string, string | number> }>;
    taskDefinitions: Array<{ type: string; properties: Record<string, unknown> }>;
  };
};

describe('flink-lint tasks', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'flink-lint-task-'));
    mkdirSync(join(dir, 'k8s', 'with space:colon'), { recursive: true });
    writeFileSync(join(dir, 'k8s', 'with space:colon', 'flink.yaml'), session({ tmLimit: '1Gi' }));
    writeFileSync(
      join(dir, 'k8s', 'legacy.yaml'),
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n',
    );
  });

  it('$flink-lint matches every finding line of the text output with its file, position, severity and code', () => {
    const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'flink-lint');
    assert.ok(matcher);
    const re = new RegExp(String(matcher.pattern.regexp));
    const run = (format: string) =>
      spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', format, '--severity', 'info', 'k8s'], {
        cwd: dir,
        encoding: 'utf8',
      }).stdout;
    const expected = (
      JSON.parse(run('json')) as Array<{
        file: string;
        line: number;
        column: number;
        severity: string;
        code: string;
        message: string;
      }>
    ).map((f) => [
      relative(dir, resolve(dir, f.file)),
      String(f.line),
      String(f.column),
      f.severity,
      f.code,
      f.message,
    ]);
    assert.ok(expected.length >= 2);
    const lines = run('text').trim().split('\n');
    const matched = lines
      .map((l) => re.exec(l))
      .filter((m) => m !== null)
      .map((m) =>
        [1, 2, 3, 4, 5, 6].map(
          (g) => m[Number(matcher.pattern[['', 'file', 'line', 'column', 'severity', 'code', 'message'][g]!])],
        ),
      );
    assert.deepEqual(matched, expected);
    assert.equal(re.exec(lines.at(-1)!), null, 'the summary line is not a problem');
  });

  it('the task definition in package.json declares the properties the provider reads', () => {
    const def = pkg.contributes.taskDefinitions.find((d) => d.type === 'flink-lint');
    assert.deepEqual(Object.keys(def?.properties ?? {}).sort(), ['flinkVersion', 'paths', 'severity']);
  });

  it('task definitions become CLI arguments, paths after -- so none is read as an option', () => {
    assert.deepEqual(cliArgs({}), { args: ['--format', 'text', '--', '.'] });
    assert.deepEqual(cliArgs({ paths: ['-rf', 'k8s'], severity: 'warning', flinkVersion: '1.20' }), {
      args: ['--format', 'text', '--severity', 'warning', '--flink-version', '1.20', '--', '-rf', 'k8s'],
    });
    assert.match((cliArgs({ severity: 'fatal' as 'error' }) as { error: string }).error, /"severity": "fatal"/);
    assert.match((cliArgs({ flinkVersion: 'latest' }) as { error: string }).error, /not a version such as 1\.20/);
    assert.match((cliArgs({ paths: [] }) as { error: string }).error, /non-empty list/);
  });

  it('a path starting with - after -- is linted as a file, not taken as an option', () => {
    writeFileSync(join(dir, '-weird.yaml'), session({ tmLimit: '1Gi' }));
    const built = cliArgs({ paths: ['-weird.yaml'] }) as { args: string[] };
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...built.args], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^-weird\.yaml:\d+:\d+: error memory-exceeds-limit/m);
  });
});
