// flink-lint's CI formats (SARIF checked against the SARIF 2.1.0 JSON schema, GitHub annotations),
// the --severity threshold and standard input, run as users run it: dist/cli.js in a child process.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv4 from 'ajv-draft-04';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import { session } from './validate-helpers';
import { ensureBuilt, ROOT } from './cli-helpers';
import { RULES } from '../../src/cli/rules';
import { formatGithub } from '../../src/cli/format';

const CLI = join(ROOT, 'dist', 'cli.js');

function lint(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The published schema's language pattern is not valid as a unicode regexp (a stray "]"): compile
// patterns without the u flag. `uri` formats are not checked by ajv here; the tests check helpUri.
const validateSarif = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(
  sarifSchema,
);
function assertValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 1));
  return log;
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; help: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region: { startLine: number; startColumn: number; endColumn: number };
        };
      }>;
    }>;
  }>;
}

describe('flink-lint formats', () => {
  let dir: string;
  // A warning only: parallelism above the slots the TaskManagers offer.
  const warningOnly = session({
    conf: `jobmanager.rpc.address: flink-jobmanager
    taskmanager.numberOfTaskSlots: 2
    blob.server.port: 6124
    jobmanager.rpc.port: 6123
    taskmanager.rpc.port: 6122
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m
    parallelism.default: 64`,
  });
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'flink-lint-fmt-'));
    mkdirSync(join(dir, 'manifests'));
    writeFileSync(join(dir, 'manifests', 'broken.yaml'), session({ tmLimit: '1Gi' }));
    mkdirSync(join(dir, 'clean'));
    writeFileSync(join(dir, 'clean', 'clean.yaml'), session());
    writeFileSync(join(dir, 'warn.yaml'), warningOnly);
  });

  it('sarif: valid SARIF 2.1.0 with rule metadata, help, docs links and repository-relative locations', () => {
    const r = lint(['--format', 'sarif', 'manifests'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const log = assertValidSarif(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'flink-lint');
    const result = run.results.find((x) => x.ruleId === 'memory-exceeds-limit');
    assert.ok(result, 'the memory finding is reported');
    assert.equal(result.level, 'error');
    const rule = run.tool.driver.rules[result.ruleIndex]!;
    assert.equal(rule.id, 'memory-exceeds-limit');
    assert.match(rule.helpUri, /^https:\/\/nightlies\.apache\.org\/flink\/.*mem_setup/);
    assert.ok(rule.help.text.length > 20);
    const loc = result.locations[0]!.physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: 'manifests/broken.yaml', uriBaseId: 'SRCROOT' });
    const line = session({ tmLimit: '1Gi' }).split('\n')[loc.region.startLine - 1]!;
    assert.equal(line.slice(loc.region.startColumn - 1, loc.region.endColumn - 1), '1Gi');
  });

  it('sarif: an empty run is valid and says the analysis ran (results: [])', () => {
    const r = lint(['--format', 'sarif', 'clean/clean.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const log = assertValidSarif(r.stdout);
    assert.deepEqual(log.runs[0]!.results, []);
    assert.equal(log.runs[0]!.tool.driver.rules.length, Object.keys(RULES).length);
  });

  it('sarif: warnings and infos map to SARIF levels, every rule has a https docs link', () => {
    const r = lint(['--format', 'sarif', 'warn.yaml'], { cwd: dir });
    const log = assertValidSarif(r.stdout);
    const levels = new Set(log.runs[0]!.results.map((x) => x.level));
    assert.ok(levels.has('warning'), r.stdout);
    for (const rule of log.runs[0]!.tool.driver.rules) assert.match(rule.helpUri, /^https:\/\//, rule.id);
  });

  it('github: one workflow annotation per finding, with escaped message and repository-relative file', () => {
    const r = lint(['--format', 'github', 'manifests'], { cwd: dir });
    assert.equal(r.code, 1);
    const w = lint(['--format', 'github', 'warn.yaml'], { cwd: dir });
    assert.equal(w.code, 0);
    const lines = [...w.stdout.trim().split('\n'), ...r.stdout.trim().split('\n')];
    const error = lines.find((l) => l.startsWith('::error '));
    assert.match(
      error ?? '',
      /^::error file=manifests\/broken\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=flink-lint memory-exceeds-limit::.+/,
    );
    assert.ok(
      lines.some((l) => l.startsWith('::warning file=warn.yaml,')),
      r.stdout,
    );
    for (const l of lines.filter((x) => x.startsWith('::'))) assert.doesNotMatch(l, /[\r]/);
    assert.match(lines.at(-1)!, /^\d+ errors?, \d+ warnings?, \d+ infos?$/);
  });

  it('github: escapes what the runner would read as command syntax', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
    const out = formatGithub(
      [{ file: '/w/a,b:c.yaml', range, severity: 'info', code: 'x', message: '50% done\nnext: line\r' }],
      '/w',
    );
    assert.equal(
      out.split('\n')[0],
      '::notice file=a%2Cb%3Ac.yaml,line=1,col=1,endLine=1,endColumn=4,title=flink-lint x::50%25 done%0Anext: line%0D',
    );
  });

  it('--severity sets the lowest severity that fails the run', () => {
    assert.equal(lint(['warn.yaml'], { cwd: dir }).code, 0, 'warnings pass by default');
    assert.equal(lint(['--severity', 'warning', 'warn.yaml'], { cwd: dir }).code, 1);
    assert.equal(lint(['--severity=info', 'warn.yaml'], { cwd: dir }).code, 1);
    assert.equal(lint(['--severity', 'error', 'clean/clean.yaml'], { cwd: dir }).code, 0);
    const bad = lint(['--severity', 'fatal', 'warn.yaml'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown severity "fatal": use one of error, warning, info/);
  });

  it('- reads standard input, named by --stdin-filename', () => {
    const r = lint(['-'], { cwd: dir, input: session({ tmLimit: '1Gi' }) });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^<stdin>:\d+:\d+: error memory-exceeds-limit: /m);
    const named = lint(['--format', 'sarif', '--stdin-filename', 'k8s/flink.yaml', '-'], {
      cwd: dir,
      input: session({ tmLimit: '1Gi' }),
    });
    const log = assertValidSarif(named.stdout);
    assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'k8s/flink.yaml');
    // Standard input and files are one set: the ConfigMap on stdin, the Deployments in a file.
    const docs = session({ tmLimit: '1Gi' }).split('\n---\n');
    writeFileSync(join(dir, 'workloads.yaml'), docs.slice(1).join('\n---\n'));
    const split = lint(['--format', 'json', '-', 'workloads.yaml'], { cwd: dir, input: docs[0] });
    assert.deepEqual(
      (JSON.parse(split.stdout) as Array<{ code: string }>).map((f) => f.code),
      ['memory-exceeds-limit'],
    );
  });

  it('--flink-version is validated and used', () => {
    const bad = lint(['--flink-version', 'latest', 'warn.yaml'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--flink-version "latest" is not a version such as 1\.20/);
    assert.equal(lint(['--flink-version', '1.20', 'warn.yaml'], { cwd: dir }).code, 0);
  });

  it('bad input: clear message on stderr, exit 2, no stack trace', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'xml', 'warn.yaml'], /unknown format "xml": use one of text, json, sarif, github/],
      [[], /no files or folders given \(use - to read standard input\)/],
      [['missing.yaml'], /cannot read missing\.yaml: no such file or folder/],
      [['--bogus', 'warn.yaml'], /unknown option --bogus/],
      [['--format'], /--format needs a value/],
    ];
    mkdirSync(join(dir, 'empty'), { recursive: true });
    cases.push([['empty'], /no \.yaml or \.yml files found in empty/]);
    for (const [args, message] of cases) {
      const r = lint(args, { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('--version prints the package version', () => {
    const r = lint(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
