// The build's precompiled validators (dist/validators) give exactly the findings ajv compiles at
// run time, and a one-file run never loads ajv's compiler.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../src/core';
import { formatJson } from '../../src/cli/format';
import { DIST, ensureBuilt, ROOT } from './cli-helpers';

const SEEDS = join(ROOT, 'test', 'fixtures', 'manifests', 'seeds');

/** Schema mistakes across kinds (unknown fields, wrong types, missing required fields, bad enums). */
const BROKEN: Record<string, string> = {
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: jm}
spec:
  replicas: "two"
  selectr: {matchLabels: {app: jm}}
  template:
    metadata: {labels: {app: jm}}
    spec:
      containers:
        - name: jm
          image: flink:1.20
          imagePullPolicy: Sometimes
          ports: [{containerPort: "8081"}]
          resources: {limits: {memory: 2Gi}}
`,
  'service.yaml': `apiVersion: v1
kind: Service
metadata: {name: jm}
spec:
  type: Cluster
  selector: {app: jm}
  ports: [{port: 8081, targetPort: 8081, protcol: TCP}]
`,
  'job.yaml': `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  backoffLimit: many
  template:
    spec:
      restartPolicy: Never
      containers: [{image: flink:1.20}]
`,
  'statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: tm}
spec:
  serviceName: tm
  selector: {matchLabels: {app: tm}}
  template:
    metadata: {labels: {app: tm}}
    spec:
      containers: [{name: tm, image: flink:1.20, env: [{value: x}]}]
`,
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  a: {nested: true}
`,
};

describe('flink-lint precompiled validators', () => {
  before(() => {
    ensureBuilt();
  });

  it('are built for every shipped kind', () => {
    const index = JSON.parse(readFileSync(join(DIST, 'validators', 'index.json'), 'utf8')) as {
      kinds: Record<string, string>;
    };
    assert.ok(Object.keys(index.kinds).includes('apps/v1/Deployment'));
    for (const entry of Object.values(index.kinds)) {
      const [file = '', name] = entry.split('#');
      assert.ok(existsSync(join(DIST, 'validators', file)), file);
      // A shared module (kinds with a pod spec) exports one validator per kind under its own name.
      if (name)
        assert.equal(
          typeof (createRequire(__filename)(join(DIST, 'validators', file)) as Record<string, unknown>)[name],
          'function',
        );
    }
    // The pod-spec kinds share one module, so a Job and a Deployment in one file load it once.
    assert.equal(index.kinds['batch/v1/Job']?.split('#')[0], index.kinds['apps/v1/Deployment']?.split('#')[0]);
  });

  it('report the same findings as validators compiled by ajv, file by file over the seed manifests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-lint-pre-'));
    for (const [name, text] of Object.entries(BROKEN)) writeFileSync(join(dir, name), text);
    const files = [
      ...readdirSync(SEEDS)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(SEEDS, f)),
      ...Object.keys(BROKEN).map((f) => join(dir, f)),
    ];
    let schemaFindings = 0;
    for (const file of files) {
      const r = spawnSync(process.execPath, [join(DIST, 'cli.js'), '--format', 'json', file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const expected = validate([{ path: file, text: readFileSync(file, 'utf8') }]);
      schemaFindings += expected.filter((f) => f.code === 'k8s-schema').length;
      assert.equal(r.stdout, formatJson(expected), file);
    }
    assert.ok(schemaFindings >= 8, `the inputs exercise schema findings (${schemaFindings})`);
  });

  it('a Job and a Deployment in one file load their shared validator module once', () => {
    const file = join(SEEDS, 'aks-streaming-job-cluster.yaml');
    assert.match(readFileSync(file, 'utf8'), /kind: Job[\s\S]*kind: Deployment|kind: Deployment[\s\S]*kind: Job/);
    const probe = `const loads = [];
      const load = (p) => { loads.push(require('path').basename(p)); return require(p); };
      require(${JSON.stringify(join(DIST, 'lint.js'))}).main([${JSON.stringify(file)}], { load, linted() {} });
      console.error(JSON.stringify(loads));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const loads = JSON.parse(r.stderr) as string[];
    assert.deepEqual(loads, [...new Set(loads)], 'no module loaded twice');
    const index = JSON.parse(readFileSync(join(DIST, 'validators', 'index.json'), 'utf8')) as {
      kinds: Record<string, string>;
    };
    assert.ok(loads.includes(index.kinds['batch/v1/Job']!.split('#')[0]!), loads.join(', '));
  });

  it('a run loads neither ajv nor its compiler', () => {
    const probe = `process.stdout.write = () => true;
      require(${JSON.stringify(join(DIST, 'lint.js'))}).main([${JSON.stringify(
        join(
          SEEDS,
          readdirSync(SEEDS).find((f) => f.endsWith('.yaml'))!,
        ),
      )}]);
      console.error(JSON.stringify(Object.keys(require.cache)));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const loaded = JSON.parse(r.stderr) as string[];
    assert.ok(
      loaded.some((f) => f.includes(`${join('dist', 'validators')}`)),
      'validators come from dist/validators',
    );
    assert.deepEqual(
      loaded.filter((f) => /ajv/.test(f)),
      [],
    );
  });
});
