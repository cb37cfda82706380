// Bad input through the real Flink Kubernetes Operator: a spec it rejects is reported at once with
// the operator's reason and its Warning event, not after a time-out.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { OperatorWatchError, waitForOperator } from '../../src/kube/operator-watch';
import { apply, forceRemove, operatorClient, operatorTestbed, sessionDeployment, suffix } from './operator-helpers';

describe('operator: rejected specs (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const names = [`no-version-${suffix()}`, `invalid-${suffix()}`];

  after(async () => {
    for (const n of names) await forceRemove(client, 'FlinkDeployment', n, namespace);
  });

  async function expectRejection(obj: Record<string, unknown>, name: string): Promise<OperatorWatchError> {
    await apply(client, obj);
    const err = await waitForOperator(
      client,
      { kind: 'FlinkDeployment', name, namespace },
      (s) => s.lifecycleState === 'STABLE',
      { timeoutMs: 120_000, pollMs: 500 },
    ).then(
      () => assert.fail(`${name} must not become STABLE`),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OperatorWatchError, String(err));
    return err;
  }

  it('a FlinkDeployment without flinkVersion: the operator says why, the watch reports it at once', async () => {
    const obj = sessionDeployment(state, names[0]!, namespace) as { spec: Record<string, unknown> };
    delete obj.spec.flinkVersion;
    const started = Date.now();
    const err = await expectRejection(obj, names[0]!);
    // Operator 1.16 writes no status for this, only a Warning event.
    assert.match(err.message, /did not accept it: UnsupportedFlinkVersion: Flink version null is not supported/);
    assert.match(err.message, /Fix the spec and apply it again/);
    assert.ok(Date.now() - started < 60_000, 'reported before the no-status grace period');
  });

  it("a spec the operator's validation rejects: its reason and the ValidationError event", async () => {
    const obj = sessionDeployment(state, names[1]!, namespace) as { spec: { jobManager: Record<string, unknown> } };
    obj.spec.jobManager.replicas = 0;
    const err = await expectRejection(obj, names[1]!);
    // The Warning event may be seen before the status error is: either names the reason.
    assert.match(
      err.message,
      /(rejected the spec|did not accept it: ValidationError): JobManager replicas should not be configured less than one/,
    );
    assert.ok(
      err.events.some((e) => e.type === 'Warning' && e.reason === 'ValidationError'),
      JSON.stringify(err.events),
    );
  });
});
