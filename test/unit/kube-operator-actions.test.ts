// The operator changes as previewed: which body each action sends, the nonce rules, and the bad
// input each builder refuses with a message saying what to do instead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeChange,
  newDeploymentFromSnapshot,
  nextNonce,
  OperatorActionError,
  OVERRIDES_KEY,
  parseRescaleInput,
  rescaleChange,
  restoreChange,
  snapshotChange,
  snapshotName,
} from '../../src/kube/operator-actions';

const app = (job: Record<string, unknown> = {}) => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkDeployment',
  metadata: { name: 'orders', namespace: 'streams', labels: { team: 'a' }, uid: 'x', resourceVersion: '7' },
  spec: {
    flinkVersion: 'v1_20',
    job: { jarURI: 'local:///job.jar', parallelism: 1, upgradeMode: 'savepoint', ...job },
  },
  status: { lifecycleState: 'STABLE' },
});
const session = { kind: 'FlinkDeployment', metadata: { name: 'sess', namespace: 'streams' }, spec: {} };
const NOW = Date.UTC(2026, 11, 6, 23, 5, 9);

describe('operator actions: snapshots', () => {
  it('a savepoint through a new FlinkStateSnapshot that references the resource', () => {
    const c = snapshotChange(app(), 'savepoint', { snapshotResource: true, now: NOW });
    assert.equal(c.method, 'create');
    assert.deepEqual(c.body, {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkStateSnapshot',
      metadata: { name: 'orders-sp-20261206230509', namespace: 'streams' },
      spec: {
        jobReference: { kind: 'FlinkDeployment', name: 'orders' },
        savepoint: { disposeOnDelete: false, formatType: 'CANONICAL', alreadyExists: false },
        backoffLimit: 0,
      },
    });
    assert.equal(c.expect.created, 'orders-sp-20261206230509');
  });

  it('a checkpoint of a FlinkSessionJob', () => {
    const job = { ...app(), kind: 'FlinkSessionJob' };
    const c = snapshotChange(job, 'checkpoint', { snapshotResource: true, now: NOW });
    const spec = c.body.spec as Record<string, unknown>;
    assert.deepEqual(spec.jobReference, { kind: 'FlinkSessionJob', name: 'orders' });
    assert.deepEqual(spec.checkpoint, {});
    assert.equal(spec.savepoint, undefined);
  });

  it('without FlinkStateSnapshot: the nonce, always different from the current one', () => {
    const c = snapshotChange(app({ savepointTriggerNonce: NOW + 5 }), 'savepoint', {
      snapshotResource: false,
      now: NOW,
    });
    assert.equal(c.method, 'merge-patch');
    assert.deepEqual(c.body, { spec: { job: { savepointTriggerNonce: NOW + 6 } } });
    const cp = snapshotChange(app(), 'checkpoint', { snapshotResource: false, now: NOW });
    assert.deepEqual(cp.body, { spec: { job: { checkpointTriggerNonce: NOW } } });
    assert.equal(nextNonce(undefined, 5), 5);
    assert.equal(nextNonce(3, 5), 5);
    assert.equal(nextNonce(5, 5), 6);
  });

  it('snapshot names stay valid Kubernetes names for long resource names', () => {
    const n = snapshotName(`${'a'.repeat(70)}`, 'checkpoint', NOW);
    assert.ok(n.length <= 63, n);
    assert.match(n, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(n.endsWith('-cp-20261206230509'));
  });

  it('a session cluster has no job to snapshot: says what to pick instead', () => {
    assert.throws(
      () => snapshotChange(session, 'savepoint', { snapshotResource: true }),
      (e: unknown) =>
        e instanceof OperatorActionError && /session cluster without a job.*FlinkSessionJob/.test(e.message),
    );
  });
});

describe('operator actions: restore', () => {
  it('redeploy: initialSavepointPath and a new savepointRedeployNonce in one merge patch', () => {
    const c = restoreChange(app({ savepointRedeployNonce: 4 }), ' file:///sp/savepoint-1 ', 2);
    assert.deepEqual(c.body, {
      spec: { job: { initialSavepointPath: 'file:///sp/savepoint-1', savepointRedeployNonce: 5 } },
    });
    assert.equal(c.expect.savepointRedeployNonce, 5);
    assert.match(c.title, /Redeploy FlinkDeployment streams\/orders from file:\/\/\/sp\/savepoint-1/);
  });

  it('a snapshot without a path is refused', () => {
    assert.throws(() => restoreChange(app(), ''), /has no path.*COMPLETED/);
  });

  it('a new deployment: a clean copy (no server fields, no nonces) starting from the path', () => {
    const c = newDeploymentFromSnapshot(
      app({ savepointTriggerNonce: 3, state: 'suspended' }),
      'orders-2',
      's3://b/sp-1',
    );
    assert.equal(c.method, 'create');
    assert.deepEqual(c.body.metadata, { name: 'orders-2', namespace: 'streams', labels: { team: 'a' } });
    const job = (c.body.spec as { job: Record<string, unknown> }).job;
    assert.equal(job.initialSavepointPath, 's3://b/sp-1');
    assert.equal(job.state, 'running');
    assert.equal(job.savepointTriggerNonce, undefined);
    assert.equal(c.body.status, undefined);
    assert.equal(c.resource.name, 'orders-2');
    assert.throws(() => newDeploymentFromSnapshot(app(), 'Bad_Name', 's3://b/sp-1'), /not a valid name/);
  });
});

describe('operator actions: rescale', () => {
  it('job.parallelism, or per-vertex overrides in flinkConfiguration', () => {
    assert.deepEqual(rescaleChange(app(), { parallelism: 4 }).body, { spec: { job: { parallelism: 4 } } });
    const v = 'a'.repeat(32);
    const w = 'b'.repeat(32);
    const c = rescaleChange(app(), { overrides: { [v]: 2, [w]: 3 } });
    assert.deepEqual(c.body, { spec: { flinkConfiguration: { [OVERRIDES_KEY]: `${v}:2,${w}:3` } } });
  });

  it('refuses the current parallelism and values below 1', () => {
    assert.throws(() => rescaleChange(app(), { parallelism: 1 }), /already runs with parallelism 1/);
    assert.throws(() => rescaleChange(app(), { parallelism: 0 }), /at least 1/);
  });

  it('parses what the user types, with the reason for bad input', () => {
    assert.deepEqual(parseRescaleInput(' 8 '), { parallelism: 8 });
    const v = 'A'.repeat(32);
    assert.deepEqual(parseRescaleInput(`${v}:2, ${'c'.repeat(32)} : 5`), {
      overrides: { ['a'.repeat(32)]: 2, ['c'.repeat(32)]: 5 },
    });
    assert.throws(() => parseRescaleInput('0'), /from 1 to 32768/);
    assert.throws(() => parseRescaleInput('two'), /whole number/);
    assert.throws(() => parseRescaleInput('source:2'), /not a job vertex id/);
  });
});

describe('operator actions: preview text', () => {
  it('names the context and namespace and carries the exact body', () => {
    const c = rescaleChange(app(), { parallelism: 3 });
    const text = describeChange(c, 'prod-eu');
    assert.match(text, /context: prod-eu, namespace: streams/);
    assert.match(text, /kubectl --context prod-eu -n streams patch flinkdeployment orders --type merge/);
    assert.ok(text.includes(JSON.stringify(c.body, null, 2)));
  });
});
