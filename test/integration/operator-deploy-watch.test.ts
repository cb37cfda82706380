// What "Deploy Flink cluster" follows after applying operator resources (operator-watch.ts with
// operatorDeployReady and onEvent), against the real operator: the operator's events arrive as they
// are written, the resource counts as up only once its job RUNS, and after a spec change a status
// left from the previous spec does not count until the operator has acted on the new one.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { operatorResourceStatus } from '../../src/kube/operator-status';
import {
  OPERATOR_API_VERSION,
  operatorDeployReady,
  readOperatorObject,
  waitForOperator,
  type OperatorEvent,
} from '../../src/kube/operator-watch';
import {
  applicationDeployment,
  apply,
  operatorClient,
  operatorTestbed,
  remove,
  suffix,
  waitForFlinkJob,
  waitGone,
} from './operator-helpers';

describe('operator: the deploy follow (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const name = `dw-${suffix()}`;
  const target = { kind: 'FlinkDeployment' as const, name, namespace };
  const spec = () =>
    applicationDeployment(state, name, namespace, `dw-job-${name}`) as {
      spec: Record<string, unknown> & { job: Record<string, unknown> };
    };

  after(async () => {
    await remove(client, 'FlinkDeployment', name, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', name, namespace).catch(() => undefined);
  });

  it("follows a new application to RUNNING and reports the operator's events on the way", async () => {
    await apply(client, spec());
    const events: OperatorEvent[] = [];
    const lines: string[] = [];
    const st = await waitForOperator(client, target, (s) => operatorDeployReady(s, spec().spec), {
      timeoutMs: 180_000,
      onUpdate: (_s, line) => lines.push(line),
      onEvent: (e) => events.push(e),
    });
    assert.equal(st.jobState, 'RUNNING');
    await waitForFlinkJob(state, st.jobId!, ['RUNNING']);
    assert.ok(lines.length >= 2, `progress lines: ${lines.join(' | ')}`);
    assert.ok(
      events.some((e) => e.type === 'Normal' && ['Submit', 'JobStatusChanged'].includes(e.reason)),
      JSON.stringify(events),
    );
    assert.equal(
      new Set(events.map((e) => `${e.time}|${e.reason}|${e.count}|${e.message}`)).size,
      events.length,
      'each event once',
    );
  });

  it('after a spec change the old STABLE status is not taken for the new spec being up', async () => {
    const changed = spec();
    changed.spec.job.parallelism = 2;
    await apply(client, changed);
    const right = operatorResourceStatus(await readOperatorObject(client, target));
    // Read at once: unless the operator was quicker than this read, the status is of the old spec.
    if (right.observedGeneration !== undefined && right.observedGeneration < (right.generation ?? 0))
      assert.equal(operatorDeployReady(right, changed.spec), false);
    const st = await waitForOperator(client, target, (s) => operatorDeployReady(s, changed.spec), {
      timeoutMs: 240_000,
    });
    assert.equal(st.reconciled.parallelism, 2);
    assert.equal(st.jobState, 'RUNNING');
  });
});
