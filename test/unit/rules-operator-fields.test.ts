// Issue 11, per-field operator versions: fields and enum values the target operator release's CRD lacks,
// with the release that added them (from the released CRDs, scripts/gen-operator-fields.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args';
import { covered, only, run } from './validate-helpers';
import FIELDS from '../../src/core/validate/rules/operator-fields.json';

const CODE = 'operator-field-version';
const fd = (flinkVersion: string, job = '', extra = '') => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: orders
spec:
  image: flink:1.20
  flinkVersion: ${flinkVersion}
  serviceAccount: flink
  jobManager:
    resource: {memory: 2048m, cpu: 1}
  taskManager:
    resource: {memory: 2048m, cpu: 1}
${extra}  job:
    jarURI: local:///opt/flink/usrlib/orders.jar
    parallelism: 2
    upgradeMode: stateless
${job}`;
const opts = (operatorVersion?: string) => ({ schemas: null, ...(operatorVersion ? { operatorVersion } : {}) });

describe('operator field versions', () => {
  it('the data comes from several released CRDs and records when fields appeared', () => {
    assert.ok(FIELDS.releases.length >= 3, FIELDS.releases.join(', '));
    assert.equal(FIELDS.added.FlinkDeployment['job.checkpointTriggerNonce'], '1.7.0');
    assert.equal(FIELDS.added.FlinkDeployment['flinkVersion=v1_20'], '1.10.0');
  });

  it('a field added after the target release: a warning at the key naming the release that added it', () => {
    const text = fd('v1_16', '    checkpointTriggerNonce: 1\n');
    const [f, ...rest] = only(run(text, opts('1.3')), CODE);
    assert.ok(f, 'no finding');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), 'checkpointTriggerNonce');
    assert.match(f.message, /added after operator 1\.3\.0 and is there in 1\.7\.0/);
    assert.match(f.message, /Upgrade the operator and its CRDs to 1\.7\.0 or later/);
    assert.deepEqual(only(run(text, opts('1.7')), CODE), []);
    assert.deepEqual(only(run(text, opts()), CODE), [], 'no target version: nothing to compare with');
  });

  it('an enum value (flinkVersion v1_20) the target CRD lacks: a warning at the value', () => {
    const text = fd('v1_20');
    const [f] = only(run(text, opts('1.7.0')), CODE);
    assert.equal(covered(text, f!), 'v1_20');
    assert.match(f!.message, /flinkVersion v1_20 is not in the FlinkDeployment CRD of operator 1\.7\.0/);
    assert.deepEqual(only(run(text, opts('1.10')), CODE), []);
    // Between two releases checked (1.7.0 without it, 1.10.0 with it) the data cannot tell: quiet.
    assert.deepEqual(only(run(text, opts('1.8')), CODE), []);
  });

  it('pod template fields are Kubernetes, not the operator: not judged', () => {
    const pod =
      '  podTemplate:\n    spec:\n      containers:\n      - name: flink-main-container\n        resources:\n          claims: [{name: gpu}]\n';
    assert.deepEqual(only(run(fd('v1_16', '', pod), opts('1.3')), CODE), []);
  });

  it('flink-lint --operator-version passes the target; a malformed one is a usage error', () => {
    const a = parseArgs(['--operator-version', '1.10', 'x.yaml']);
    assert.ok(typeof a === 'object' && a.operatorVersion === '1.10');
    assert.throws(() => parseArgs(['--operator-version', 'latest', 'x.yaml']), /not a version such as 1\.10/);
  });
});
