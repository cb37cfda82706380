// The operator actions (src/kube/operator-actions*.ts) against the real Flink Kubernetes Operator:
// a savepoint triggered through a FlinkStateSnapshot and followed to COMPLETED, a redeploy from
// that snapshot (the new job restored from its path, as the operator and Flink report), a rescale
// (Flink runs every vertex with the new parallelism), a change the operator's validation rejects,
// RBAC denial and an operator that never acts on the change.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KubeError } from '../../src/kube/errors';
import { restoreChange, rescaleChange, snapshotChange, type OperatorChange } from '../../src/kube/operator-actions';
import {
  applyChange,
  followChange,
  OperatorChangeError,
  operatorKindServed,
  readOperatorResource,
} from '../../src/kube/operator-actions-apply';
import { listSnapshots, OPERATOR_API_VERSION, waitForOperator } from '../../src/kube/operator-watch';
import { createKubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import {
  applicationDeployment,
  apply,
  flinkGet,
  forceRemove,
  operatorClient,
  operatorTestbed,
  remove,
  savepointOnDisk,
  suffix,
  waitForFlinkJob,
  waitGone,
} from './operator-helpers';

const samePath = (a: string | undefined, b: string | undefined) =>
  (a ?? '').replace(/^file:\/+/, '/').replace(/\/$/, '') === (b ?? '').replace(/^file:\/+/, '/').replace(/\/$/, '');

describe('operator actions: snapshot, restore, rescale, rejected and denied changes (real operator)', () => {
  const { state, namespace } = operatorTestbed();
  const client = operatorClient(state, namespace);
  const id = suffix();
  const name = `act-${id}`;
  const jobName = `op-act-job-${id}`;
  const ref = { kind: 'FlinkDeployment' as const, name, namespace };
  let firstJobId = '';
  let snapshotPath = '';
  let restoredJobId = '';

  before(async () => {
    await apply(client, applicationDeployment(state, name, namespace, jobName));
    const st = await waitForOperator(client, ref, (s) => s.lifecycleState === 'STABLE' && s.jobState === 'RUNNING', {
      timeoutMs: 180_000,
    });
    firstJobId = st.jobId ?? '';
    await waitForFlinkJob(state, firstJobId, ['RUNNING']);
  });

  after(async () => {
    for (const s of await listSnapshots(client, namespace, name).catch(() => []))
      await remove(client, 'FlinkStateSnapshot', s.name, namespace);
    await remove(client, 'FlinkDeployment', name, namespace);
    await waitGone(client, OPERATOR_API_VERSION, 'FlinkDeployment', name, namespace).catch(() => undefined);
  });

  it('triggers a savepoint through a FlinkStateSnapshot and follows it to COMPLETED', async () => {
    assert.equal(await operatorKindServed(client, 'FlinkStateSnapshot'), true);
    const obj = await readOperatorResource(client, ref);
    const change = snapshotChange(obj, 'savepoint', { snapshotResource: true });
    assert.equal(change.method, 'create');
    const lines: string[] = [];
    const applied = await applyChange(client, change);
    const res = await followChange(client, change, applied, { timeoutMs: 180_000, onUpdate: (l) => lines.push(l) });
    assert.ok(savepointOnDisk(res.path), `savepoint ${res.path} written by Flink`);
    const snaps = await listSnapshots(client, namespace, name);
    const mine = snaps.find((s) => s.name === change.expect.created);
    assert.equal(mine?.state, 'COMPLETED', JSON.stringify(snaps));
    assert.ok(samePath(mine?.path, res.path));
    snapshotPath = res.path!;
  });

  it('restores from that snapshot: a new job restored from its path, as the operator and Flink report', async () => {
    assert.ok(snapshotPath, 'the previous test took a savepoint');
    const obj = await readOperatorResource(client, ref);
    const change = restoreChange(obj, snapshotPath);
    const applied = await applyChange(client, change);
    const res = await followChange(client, change, applied, { timeoutMs: 240_000, previousJobId: firstJobId });
    restoredJobId = res.status?.jobId ?? '';
    assert.ok(restoredJobId && restoredJobId !== firstJobId, `a new job (${restoredJobId})`);
    assert.ok(samePath(res.path, snapshotPath), `the operator reconciled initialSavepointPath ${res.path}`);
    await waitForFlinkJob(state, restoredJobId, ['RUNNING']);
    const cp = await flinkGet<{ latest?: { restored?: { external_path?: string } } }>(
      state,
      `/jobs/${restoredJobId}/checkpoints`,
    );
    assert.ok(
      samePath(cp.latest?.restored?.external_path, snapshotPath),
      `Flink restored from ${cp.latest?.restored?.external_path}`,
    );
  });

  it('rescales to parallelism 2: Flink runs every vertex of the new job with parallelism 2', async () => {
    const obj = await readOperatorResource(client, ref);
    const change = rescaleChange(obj, { parallelism: 2 });
    const applied = await applyChange(client, change);
    const res = await followChange(client, change, applied, { timeoutMs: 240_000 });
    const jobId = res.status?.jobId ?? '';
    assert.ok(jobId, 'the operator reports the job id');
    await waitForFlinkJob(state, jobId, ['RUNNING']);
    const job = await flinkGet<{ vertices: { name: string; parallelism: number }[] }>(state, `/jobs/${jobId}`);
    assert.ok(job.vertices.length > 0);
    for (const v of job.vertices) assert.equal(v.parallelism, 2, `vertex ${v.name}`);
  });

  it("a change the operator's validation rejects is reported with its reason, not after a time-out", async () => {
    const obj = await readOperatorResource(client, ref);
    const bad: OperatorChange = {
      ...rescaleChange(obj, { parallelism: 3 }),
      body: { spec: { job: { parallelism: -1 } } },
      expect: { parallelism: -1 },
    };
    const started = Date.now();
    const applied = await applyChange(client, bad);
    const err = await followChange(client, bad, applied, { timeoutMs: 120_000, noAnswerMs: 90_000 }).then(
      () => assert.fail('a negative parallelism must be rejected'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OperatorChangeError, String(err));
    assert.equal(err.reason, 'Rejected');
    assert.match(err.message, /The operator rejected the change to FlinkDeployment .*: .*parallelism/i);
    assert.match(err.message, /keeps running the last valid spec/);
    assert.ok(Date.now() - started < 90_000);
    // Put the valid value back so the operator reconciles again (and cleanup is quick).
    await applyChange(client, { ...bad, body: { spec: { job: { parallelism: 2 } } } });
  });

  it('a user without RBAC rights to patch gets a Permission denied message naming the resource', async () => {
    const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.limitedContext, namespace });
    const limited = createKubeClient(kc, { timeoutMs: 30_000 });
    const obj = await readOperatorResource(limited, ref);
    const err = await applyChange(limited, rescaleChange(obj, { parallelism: 4 })).then(
      () => assert.fail('the read-only user must not patch'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof KubeError, String(err));
    assert.equal(err.status, 403);
    assert.match(err.message, /Permission denied.*cannot patch flinkdeployments.*RBAC/);
  });
});

describe('operator actions: an operator that does not act on the change (real API server, unwatched namespace)', () => {
  const { state } = operatorTestbed();
  // The test bed's operator watches only its own namespace: resources elsewhere are never reconciled.
  const namespace = state.namespace;
  const client = operatorClient(state, namespace);
  const name = `unwatched-${suffix()}`;

  after(async () => {
    await forceRemove(client, 'FlinkDeployment', name, namespace);
  });

  it('says no operator acted on it within the grace period, and that the change was applied', async () => {
    await apply(client, applicationDeployment(state, name, namespace, `unwatched-${name}`));
    const obj = await readOperatorResource(client, { kind: 'FlinkDeployment', name, namespace });
    const change = rescaleChange(obj, { parallelism: 2 });
    const applied = await applyChange(client, change);
    const err = await followChange(client, change, applied, { noAnswerMs: 3_000, pollMs: 500 }).then(
      () => assert.fail('nothing reconciles this namespace'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OperatorChangeError, String(err));
    assert.equal(err.reason, 'NoAnswer');
    assert.match(
      err.message,
      new RegExp(
        `The change was applied to FlinkDeployment ${namespace}/${name}, but no Flink Kubernetes Operator acted on it`,
      ),
    );
    assert.match(err.message, /Check that the operator runs and watches namespace/);
  });
});
