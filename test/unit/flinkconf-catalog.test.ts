// The generated option catalog: matches what scripts/gen-flink-catalog.mjs makes, covers every key the
// corpus manifests use, and drives the config-key findings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../src/core';
import { catalog } from '../../src/core/flinkconf/catalog';
import { checkKey } from '../../src/core/flinkconf/catalog/check';
import { parseVersion } from '../../src/core/flinkconf/version';
import { applyFix, codes, run, session } from './validate-helpers';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const OPERATOR = join(ROOT, '..', 'shared', 'flink-kubernetes-operator', 'docs', 'layouts', 'shortcodes', 'generated');
const CACHE = process.env.FLINK_CATALOG_CACHE ?? join(homedir(), '.cache', 'flink-vscode', 'catalog');
const committed = JSON.parse(readFileSync(join(ROOT, 'src', 'core', 'flinkconf', 'catalog', 'options.json'), 'utf8'));
const v = (s: string) => parseVersion(s);

describe('Flink option catalog', () => {
  it('is what the generator makes (full regeneration from cached jars, else the recorded input checksums)', () => {
    // The script names each cached extraction for the extractor's content (see rawFile there).
    const extractor = readFileSync(join(ROOT, 'tools', 'flink-catalog', 'ConfigExtractor.java'), 'utf8');
    const tag = createHash('sha256').update(extractor).digest('hex').slice(0, 12);
    const rawOf = (r: string) => join(CACHE, 'raw', `${r}-${tag}.jsonl`);
    const cached = Object.values(committed.releases as string[]).every((r) => existsSync(rawOf(r)));
    if (cached) {
      // Re-runs the merge from the cached extractions; exits 1 when the committed file differs.
      const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-flink-catalog.mjs'), '--check'], {
        encoding: 'utf8',
      });
      assert.match(out, /committed catalog matches/);
      for (const r of committed.releases as string[]) {
        const sum = createHash('sha256')
          .update(readFileSync(rawOf(r), 'utf8'))
          .digest('hex');
        assert.equal(sum, committed.inputs[`flink/${r}`], `extraction of ${r} differs from the recorded one`);
      }
    } else {
      process.stdout.write(`# no jar cache at ${CACHE}: checking recorded input checksums only\n`);
    }
    // The operator tables are read in place: their checksums must match the ones the catalog was made from.
    for (const f of readdirSync(OPERATOR).filter((n) => committed.inputs[`operator/${n}`])) {
      const sum = createHash('sha256')
        .update(readFileSync(join(OPERATOR, f), 'utf8'))
        .digest('hex');
      assert.equal(sum, committed.inputs[`operator/${f}`], `${f} changed: regenerate the catalog`);
    }
  });

  it('covers every supported version with several hundred options each, within 300 KB', () => {
    assert.deepEqual(committed.versions, ['1.17', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3']);
    for (const [ver, n] of Object.entries(committed.counts as Record<string, number>))
      assert.ok(n > 700, `${ver}: only ${n} options`);
    const size = readFileSync(join(ROOT, 'src', 'core', 'flinkconf', 'catalog', 'options.json')).length;
    assert.ok(size < 300 * 1024, `${size} bytes`);
  });

  it('knows every Flink config key the corpus manifests use', () => {
    const keys = new Set<string>();
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : /\.ya?ml$/.test(e.name) ? [join(d, e.name)] : [],
      );
    const files = walk(CORPUS).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    for (const f of files) {
      for (const m of f.text.matchAll(/^\s+([a-z][\w.-]*\.[\w.-]+):\s/gm)) keys.add(m[1] ?? '');
    }
    const findings = validate(files);
    assert.deepEqual(
      findings.filter((x) => x.code === 'flink-config-unknown-key').map((x) => x.message),
      [],
    );
    // Keys under flinkConfiguration / config.yaml look like this; each must be in the catalog or a family.
    const flinkish = [...keys].filter((k) =>
      /^(taskmanager|jobmanager|state|execution|high-availability|kubernetes\.operator|job\.autoscaler|restart-strategy|metrics|parallelism|rest|blob|security)\./.test(
        k,
      ),
    );
    assert.ok(flinkish.length >= 10, `only ${flinkish.length} keys found`);
    // Nested maps: a parent (`security.ssl:` above `enabled:`) or a child (`metrics.window` under `job.autoscaler:`).
    const missing = flinkish.filter(
      (k) =>
        !catalog().find(k) &&
        !catalog()
          .keys()
          .some((x) => x.startsWith(k + '.') || x.endsWith('.' + k)),
    );
    assert.deepEqual(missing, []);
  });

  it('flags a swapped key/value pair and a typo anywhere in a Flink namespace', () => {
    const text = session({
      conf: 'execution.checkpointing.filesystem: storage\n    restart-strategy.fixed-delay.atempts: 3',
    });
    const f = run(text, { schemas: null }).filter((x) => x.code === 'flink-config-unknown-key');
    assert.equal(f.length, 2, JSON.stringify(f.map((x) => x.message)));
    assert.match(f[0]?.message ?? '', /swapped: did you mean execution\.checkpointing\.storage: filesystem\?/);
    assert.match(f[1]?.message ?? '', /restart-strategy\.fixed-delay\.attempts/);
  });

  it('knows the version range of a key: added, removed, deprecated with replacement', () => {
    assert.deepEqual(checkKey('execution.checkpointing.dir', 's3://b/c', v('1.20')), []);
    assert.equal(checkKey('execution.checkpointing.dir', 's3://b/c', v('1.17'))[0]?.code, 'flink-config-not-yet-key');
    const removed = checkKey('jobmanager.heap.size', '1g', v('2.0'));
    assert.equal(removed[0]?.code, 'flink-config-removed-key');
    assert.match(removed[0]?.message ?? '', /removed in Flink 2\.0/);
    const dep = checkKey('state.checkpoints.dir', 's3://b/c', v('1.20'));
    assert.equal(dep[0]?.code, 'flink-config-deprecated-key');
    assert.equal(dep[0]?.replacement, 'execution.checkpointing.dir');
  });

  it('checks value types and enum values, case-insensitively as Flink does', () => {
    assert.deepEqual(checkKey('kubernetes.rest-service.exposed.type', 'nodeport', v('1.20')), []);
    assert.match(checkKey('kubernetes.rest-service.exposed.type', 'Ingress', v('1.20'))[0]?.message ?? '', /ClusterIP/);
    assert.equal(checkKey('web.timeout', 'soon', v('2.0'))[0]?.code, 'flink-config-invalid-value');
    assert.equal(checkKey('metrics.reporter.prom.factory.class', 'x.Y', v('2.0')).length, 0);
    assert.equal(checkKey('job.autoscaler.enabled', 'maybe', v('2.0'))[0]?.code, 'flink-config-invalid-value');
  });

  it('does not call a key of the job or of a plugin unknown', () => {
    for (const k of [
      'my.custom.option',
      's3.access-key',
      'fs.oss.endpoint',
      'table.exec.some-planner-option',
      'kubernetes.operator.x',
    ])
      assert.deepEqual(checkKey(k, '1', v('2.0')), [], k);
    assert.deepEqual(
      codes(run(session({ conf: 'my.custom.option: 1' }), { schemas: null })).filter((c) =>
        c.startsWith('flink-config'),
      ),
      [],
    );
  });
});

describe('deprecated key quick fix', () => {
  it('converts the value where the unit changed (taskmanager.heap.mb: 1024 -> process.size: 1024m)', () => {
    const text = session({
      confKey: 'flink-conf.yaml',
      image: 'flink:1.17',
      conf: 'jobmanager.rpc.address: flink-jobmanager\n    taskmanager.heap.mb: 1024',
    });
    const f = run(text, { schemas: null }).find((x) => x.code === 'flink-config-deprecated-key');
    assert.ok(f, 'expected a deprecation finding');
    assert.match(applyFix(text, f), /^ {4}taskmanager\.memory\.process\.size: 1024m$/m);
  });
});
