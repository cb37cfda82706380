// Bad input through the real Flink Kubernetes Operator: a spec its validation rejects is reported
// at once with the operator's reason and its Warning event, not after a time-out.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorWatchError, waitForOperator } from '../../src/kube/operator-watch';
import { apply, operatorClient, operatorTestbed, remove, sessionDeployment, suffix } from './operator-helpers';

describe('operator: rejected specs (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const name = `invalid-${suffix()}`;

  after(async () => {
    await remove(client, 'FlinkDeployment', name, namespace);
  });

  it('a FlinkDeployment without flinkVersion: the operator rejects it and the watch says why', async () => {
    const obj = sessionDeployment(state, name, namespace) as { spec: Record<string, unknown> };
    delete obj.spec.flinkVersion;
    await apply(client, obj);
    const started = Date.now();
    const err = await waitForOperator(
      client,
      { kind: 'FlinkDeployment', name, namespace },
      (s) => s.lifecycleState === 'STABLE',
      { timeoutMs: 120_000, pollMs: 500 },
    ).then(
      () => assert.fail('a spec without flinkVersion must not become STABLE'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OperatorWatchError, String(err));
    assert.match(err.message, /rejected the spec: Flink Version must be defined/);
    assert.match(err.message, /fix the spec and apply it again/);
    assert.ok(
      err.events.some((e) => e.type === 'Warning' && e.reason === 'ValidationError'),
      JSON.stringify(err.events),
    );
    assert.ok(Date.now() - started < 110_000, 'reported before the time-out');
  });
});
