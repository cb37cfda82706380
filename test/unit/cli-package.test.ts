// flink-lint as published: `npm pack`, installed from the tarball with the registry out of reach
// (offline, empty cache), run from other folders, and the CI snippets of docs/ci.md run unchanged
// against it, with FLINK_LINT pointing at the packed file.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { session } from './validate-helpers';
import { ensureBuilt, ROOT } from './cli-helpers';

/** Packed size and unpacked file count the package must stay under (today ~300 kB, 24 files). */
const MAX_PACKED_BYTES = 1_000_000;
const MAX_FILES = 40;

const work = mkdtempSync(join(tmpdir(), 'flink-lint-pkg-'));
// The registry is never reached: an empty cache and offline mode make any download fail.
const npmEnv = {
  ...process.env,
  NPM_CONFIG_CACHE: join(work, 'npm-cache'),
  NPM_CONFIG_OFFLINE: 'true',
  NPM_CONFIG_AUDIT: 'false',
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** The ```yaml block that follows a heading of docs/ci.md. */
function snippet(heading: string): Record<string, unknown> {
  const md = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const after = md.slice(md.indexOf(`## ${heading}`));
  const m = /```yaml\n([\s\S]*?)```/.exec(after);
  assert.ok(m?.[1], `docs/ci.md has a yaml block under "${heading}"`);
  return parse(m[1]) as Record<string, unknown>;
}

/** A checkout with manifests in k8s/, as the snippets expect. */
function checkout(name: string, manifest: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'k8s'), { recursive: true });
  writeFileSync(join(dir, 'k8s', 'flink.yaml'), manifest);
  return dir;
}

/** Runs a script line as GitHub Actions' and GitLab's bash does (`-eo pipefail`). */
function sh(line: string, cwd: string, vars: Record<string, string>) {
  return run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', line], cwd, { ...npmEnv, ...vars });
}

describe('flink-lint package', () => {
  let tarball: string;
  let packed: { size: number; entryCount: number; files: Array<{ path: string }> };

  before(() => {
    ensureBuilt();
    const p = run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
    assert.equal(p.code, 0, p.stderr);
    const info = (JSON.parse(p.stdout) as Array<typeof packed & { filename: string }>)[0]!;
    packed = info;
    tarball = join(work, info.filename);
  });

  it('is small, ships the CLI with its validators and nothing of the extension, and has no dependencies', () => {
    const paths = packed.files.map((f) => f.path);
    assert.ok(packed.size < MAX_PACKED_BYTES, `packed size ${packed.size}`);
    assert.ok(packed.entryCount <= MAX_FILES, `${packed.entryCount} files`);
    for (const p of ['dist/cli.js', 'dist/lint.js', 'dist/validators/index.json', 'docs/ci.md', 'LICENSE'])
      assert.ok(paths.includes(p), p);
    assert.deepEqual(
      paths.filter((p) => /extension|\.map$|^src\/|^test\/|node_modules/.test(p)),
      [],
    );
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.dependencies ?? {}, {}, 'the bundles need no runtime dependency');
    assert.deepEqual(manifest.bin, { 'flink-lint': './dist/cli.js' });
  });

  it('installs offline from the tarball, one package in node_modules, and its bin runs from another folder', () => {
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
    const i = run('npm', ['install', tarball], project);
    assert.equal(i.code, 0, i.stderr);
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.')),
      ['flink-kubernetes-vscode'],
    );
    const elsewhere = checkout('elsewhere', session({ tmLimit: '1Gi' }));
    const r = run(join(project, 'node_modules', '.bin', 'flink-lint'), ['k8s'], elsewhere);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^k8s\/flink\.yaml:\d+:\d+: error memory-exceeds-limit: /m);
  });

  it('runs with npx from any folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-lint-npx-'));
    const r = run('npx', ['--yes', '--package', tarball, 'flink-lint', '--version'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it("docs/ci.md's GitHub Actions steps run unchanged: annotations and a SARIF file", () => {
    const workflow = snippet('GitHub Actions') as {
      jobs: Record<string, { env: Record<string, string>; steps: Array<{ run?: string; uses?: string }> }>;
    };
    const job = Object.values(workflow.jobs)[0]!;
    assert.match(job.env.FLINK_LINT ?? '', /^flink-kubernetes-vscode@\d/);
    const vars = { ...job.env, FLINK_LINT: tarball };
    const runs = job.steps.filter((s) => s.run).map((s) => s.run!);
    assert.equal(runs.length, 2);
    assert.ok(job.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif')));

    // Clean manifests: every step passes, the SARIF run is empty.
    const clean = checkout('gha-clean', session());
    for (const line of runs) assert.equal(sh(line, clean, vars).code, 0, line);
    const empty = JSON.parse(readFileSync(join(clean, 'flink-lint.sarif'), 'utf8')) as {
      runs: Array<{ results: unknown[] }>;
    };
    assert.deepEqual(empty.runs[0]!.results, []);

    // A broken manifest: the lint step fails with an annotation, the SARIF step still succeeds.
    const broken = checkout('gha-broken', session({ tmLimit: '1Gi' }));
    const lintStep = sh(runs[0]!, broken, vars);
    assert.equal(lintStep.code, 1);
    assert.match(lintStep.stdout, /^::error file=k8s\/flink\.yaml,line=\d+,.*title=flink-lint memory-exceeds-limit::/m);
    assert.equal(sh(runs[1]!, broken, vars).code, 0);
    const sarif = JSON.parse(readFileSync(join(broken, 'flink-lint.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => r.ruleId),
      ['memory-exceeds-limit'],
    );

    // Exit 2 is not swallowed by `|| test $? -eq 1`.
    const missing = join(work, 'gha-missing');
    mkdirSync(missing);
    assert.equal(sh(runs[1]!, missing, vars).code, 1);
  });

  it("docs/ci.md's GitLab CI script runs unchanged", () => {
    const pipeline = snippet('GitLab CI') as Record<string, { variables: Record<string, string>; script: string[] }>;
    const job = Object.values(pipeline)[0]!;
    const vars = { ...job.variables, FLINK_LINT: tarball };
    const broken = checkout('gitlab-broken', session({ tmLimit: '1Gi' }));
    assert.equal(sh(job.script[0]!, broken, vars).code, 0);
    const report = JSON.parse(readFileSync(join(broken, 'flink-lint.json'), 'utf8')) as Array<{ code: string }>;
    assert.deepEqual(
      report.map((f) => f.code),
      ['memory-exceeds-limit'],
    );
    assert.equal(sh(job.script[1]!, broken, vars).code, 1);
    const clean = checkout('gitlab-clean', session());
    for (const line of job.script) assert.equal(sh(line, clean, vars).code, 0, line);
  });
});
