// The real manifests of ../shared/corpus (read in place, never copied): no errors, and only warnings a
// Flink expert agrees with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, type Finding } from '../../src/core';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const files = yamlFiles(CORPUS).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** Every warning allowed on the corpus, and why an expert agrees with it. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  // The docs' Deployments declare no resources at all while sizing Flink's processes (flink.md §4.4).
  'flink-docs/session-cluster-from-flink-docs.yaml': ['memory-limit-missing', 'memory-limit-missing'],
  // Checkpoints, savepoints and HA data on a node-local hostPath (/tmp/flink): fine on minikube only.
  'operator-examples/autoscaling_autoscaling.yaml': ['hostpath-state-volume'],
  'operator-examples/basic-checkpoint-ha.yaml': ['hostpath-state-volume'],
  'operator-examples/basic-reactive.yaml': ['hostpath-state-volume'],
  'operator-examples/snapshot_job-from-savepoint.yaml': ['hostpath-state-volume'],
  // security.ssl.enabled is gone from Flink 2.0's SecurityOptions (the 2.2 jars have no reader for it):
  // on flink:2.2 only the security.ssl.internal/rest.enabled keys turn TLS on.
  'operator-examples/flink-tls-example_basic-secure.yaml': ['flink-config-removed-key'],
};

const rel = (p: string) => p.slice(CORPUS.length + 1);
const summary = (fs: Finding[], sev: string) =>
  fs
    .filter((f) => f.severity === sev)
    .map((f) => f.code)
    .sort();

describe('corpus', () => {
  it('holds the files the tests expect', () => {
    assert.ok(files.length >= 25, `found ${files.length} files under ${CORPUS}`);
  });

  for (const f of files) {
    it(`${rel(f.path)}: no errors, only expected warnings`, () => {
      const findings = validate([f]);
      assert.deepEqual(
        summary(findings, 'error'),
        [],
        JSON.stringify(
          findings.filter((x) => x.severity === 'error'),
          null,
          1,
        ),
      );
      assert.deepEqual(summary(findings, 'warning'), EXPECTED_WARNINGS[rel(f.path)] ?? []);
    });
  }

  it('validated as one set, still no errors', () => {
    const findings = validate(files);
    assert.deepEqual(
      findings.filter((x) => x.severity === 'error'),
      [],
    );
  });
});
