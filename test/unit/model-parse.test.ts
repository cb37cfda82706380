import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { looksLikeFlinkManifest, looksLikeKubernetesManifest, parseManifests, validate } from '../../src/core';
import { rangeAt } from '../../src/core/model/parse';
import { parseFlinkMemory, parseQuantity } from '../../src/core/flinkconf/values';
import { imageVersion } from '../../src/core/flinkconf/version';
import { session } from './validate-helpers';

describe('manifest model', () => {
  it('lists documents with kind, apiVersion, name, namespace, source and range', () => {
    const text =
      '# c\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\n---\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n';
    const set = parseManifests([{ path: '/x.yaml', text }]);
    assert.deepEqual(
      set.docs.map((d) => [d.kind, d.apiVersion, d.name, d.namespace, d.index]),
      [
        ['ConfigMap', 'v1', 'a', 'ns', 0],
        ['Deployment', 'apps/v1', 'b', undefined, 1],
      ],
    );
    assert.match(set.docs[1].source, /^apiVersion: apps\/v1\nkind: Deployment/);
    assert.equal(set.docs[1].range.start.line, 8);
    assert.deepEqual(rangeAt(set.docs[1], ['metadata', 'name']), {
      start: { line: 11, character: 8 },
      end: { line: 11, character: 9 },
    });
    assert.deepEqual(rangeAt(set.docs[1], ['metadata', 'name'], 'key'), {
      start: { line: 11, character: 2 },
      end: { line: 11, character: 6 },
    });
  });

  it('reads YAML as Kubernetes does (1.1: yes is a bool, 0644 octal)', () => {
    const [d] = parseManifests([
      { path: 'x', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: yes\nmode: 0644\nt: 2001-12-14\n' },
    ]).docs;
    assert.equal(d.object?.x, true);
    assert.equal(d.object?.mode, 420);
    assert.equal(d.object?.t, '2001-12-14');
  });

  it('maps ranges inside a config.yaml block scalar to the outer file, with CRLF too', () => {
    const text = session({
      conf: 'jobmanager.rpc.address: flink-jobmanager\n    blob.server.port: 6124\n    taskmanager.rpc.port: 6122\n    jobmanager.memory.process.size: 1600m\n    taskmanager.memory.process.size: 1728m\n    parallelism.default: x',
    }).replace(/\n/g, '\r\n');
    const [f] = validate([{ path: 'x', text }], { schemas: null });
    assert.equal(f.code, 'flink-config-invalid-value');
    assert.equal(text.split('\r\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character), 'x');
  });

  it('tells Flink YAML from other YAML cheaply', () => {
    assert.ok(looksLikeFlinkManifest(session()));
    assert.ok(looksLikeFlinkManifest('apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n'));
    assert.ok(!looksLikeFlinkManifest('name: CI\non: push\njobs: {}\n'));
    assert.ok(looksLikeKubernetesManifest('apiVersion: v1\nkind: Service\n'));
    assert.ok(!looksLikeKubernetesManifest('name: CI\non: push\n'));
  });

  it('knows Flink and Kubernetes memory units apart', () => {
    assert.equal(parseFlinkMemory('1600m'), 1600 * 1024 * 1024);
    assert.equal(parseFlinkMemory('2 gb'), 2 * 1024 ** 3);
    assert.equal(parseFlinkMemory('1.5g'), undefined);
    assert.equal(parseQuantity('1600Mi'), 1600 * 1024 * 1024);
    assert.equal(parseQuantity('1600m'), 1.6);
    assert.equal(parseQuantity('2G'), 2e9);
  });

  it('reads Flink versions from image tags', () => {
    assert.deepEqual(imageVersion('apache/flink:1.20.1-scala_2.12'), { major: 1, minor: 20 });
    assert.deepEqual(imageVersion('registry:5000/team/flink:2.1@sha256:abc'), { major: 2, minor: 1 });
    assert.equal(imageVersion('flink:latest'), undefined);
    assert.equal(imageVersion('busybox:1.36'), undefined);
  });

  it('reads every corpus document to the same data as the full YAML 1.1 parser (fast path check)', () => {
    const dir = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'operator-examples');
    const texts = [
      ...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')),
      session(),
      session({ confKey: 'flink-conf.yaml' }),
    ];
    for (const text of texts) {
      const ours = parseManifests([{ path: 'x.yaml', text }]).docs.map((d) => d.object);
      const full = parseAllDocuments(text, { version: '1.1' })
        .map((d) => d.toJS())
        .filter((o) => o && typeof o === 'object');
      assert.deepEqual(ours, full);
    }
  });

  it('gives source ranges for documents read on the fast path (the AST is built on demand)', () => {
    const text = session();
    const set = parseManifests([{ path: 'x.yaml', text }]);
    const dep = set.docs.find((d) => d.kind === 'Deployment')!;
    const r = rangeAt(dep, ['spec', 'template', 'spec', 'containers', 0, 'image']);
    assert.equal(
      text.split('\n')[r.start.line].slice(r.start.character, r.end.character),
      'apache/flink:1.20.1-scala_2.12',
    );
  });
});
