// Detecting incidents from two snapshots of a cluster's pods (restart count up, with the reason of
// the last run) and jobs (a move into FAILING/RESTARTING/FAILED), and the bounded session store.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podHealth } from '../../src/core/health/inputs';
import type { PodHealth } from '../../src/core/health/verdict';
import { detectContainerIncidents, detectJobIncidents } from '../../src/core/incidents/detect';
import { IncidentStore, type IncidentCapture } from '../../src/core/incidents/store';

const now = Date.parse('2026-12-06T12:00:00Z');

/** A pod as the API server returns it, through the same podHealth discovery uses. */
function pod(
  name: string,
  restarts: number,
  opts: { uid?: string; component?: string; reason?: string; exitCode?: number; finishedAt?: number } = {},
): PodHealth {
  return podHealth({
    metadata: { name, uid: opts.uid ?? `uid-${name}`, labels: { component: opts.component ?? 'taskmanager' } },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'taskmanager',
          ready: true,
          restartCount: restarts,
          state: { running: {} },
          lastState:
            restarts > 0
              ? {
                  terminated: {
                    reason: opts.reason,
                    exitCode: opts.exitCode ?? 137,
                    finishedAt: new Date(opts.finishedAt ?? now - 20_000).toISOString(),
                  },
                }
              : {},
        },
      ],
    },
  });
}

describe('incident detection from two pod snapshots', () => {
  it('restart count up: one incident with the reason, exit code and end time of the last run', () => {
    const t = detectContainerIncidents([pod('tm-2', 0)], [pod('tm-2', 1, { reason: 'OOMKilled' })], now);
    assert.deepEqual(t, [
      {
        kind: 'container',
        key: 'uid-tm-2/taskmanager/1',
        role: 'taskmanager',
        pod: 'tm-2',
        container: 'taskmanager',
        restartCount: 1,
        reason: 'OOMKilled',
        exitCode: 137,
        at: now - 20_000,
        message: undefined,
      },
    ]);
  });

  it('an error exit without a reason is named by its exit code; a JobManager keeps its role', () => {
    const [t] = detectContainerIncidents(
      [pod('jm', 2, { component: 'jobmanager' })],
      [pod('jm', 3, { component: 'jobmanager', exitCode: 1 })],
      now,
    );
    assert.deepEqual(
      [t?.role, t?.reason, t?.exitCode, t?.key],
      ['jobmanager', 'exit code 1', 1, 'uid-jm/taskmanager/3'],
    );
  });

  it('the next refresh with the same restart count: no duplicate incident', () => {
    const after = [pod('tm-2', 1, { reason: 'OOMKilled' })];
    assert.equal(detectContainerIncidents([pod('tm-2', 0)], after, now).length, 1);
    assert.deepEqual(detectContainerIncidents(after, after, now + 5_000), []);
  });

  it('a pod replaced by a new one (another uid, fresh count) is no incident; a replacement that already restarted is', () => {
    const old = [pod('tm-2', 4, { uid: 'a', reason: 'OOMKilled' })];
    assert.deepEqual(detectContainerIncidents(old, [pod('tm-2', 0, { uid: 'b' })], now), []);
    const t = detectContainerIncidents(old, [pod('tm-2', 1, { uid: 'b', reason: 'Error', exitCode: 2 })], now);
    assert.deepEqual(
      t.map((x) => [x.key, x.reason]),
      [['b/taskmanager/1', 'Error']],
    );
  });

  it('first snapshot of a cluster: only a restart that ended in the last 2 minutes counts', () => {
    assert.equal(
      detectContainerIncidents(undefined, [pod('tm-1', 3, { reason: 'OOMKilled', finishedAt: now - 30_000 })], now)
        .length,
      1,
    );
    assert.deepEqual(
      detectContainerIncidents(undefined, [pod('tm-1', 3, { reason: 'OOMKilled', finishedAt: now - 3_600_000 })], now),
      [],
    );
  });

  it('pods of other roles are not watched', () => {
    assert.deepEqual(
      detectContainerIncidents([pod('x', 0, { component: 'other' })], [pod('x', 5, { component: 'other' })], now),
      [],
    );
  });
});

describe('incident detection from two job snapshots', () => {
  const job = (jid: string, state: string) => ({ jid, name: `job ${jid}`, state });

  it('RUNNING to RESTARTING or FAILED is an incident; FAILING then FAILED is the same one', () => {
    const t = detectJobIncidents(
      [job('a', 'RUNNING'), job('b', 'RUNNING')],
      [job('a', 'RESTARTING'), job('b', 'FAILING')],
      now,
    );
    assert.deepEqual(
      t.map((x) => [x.jobId, x.state, x.previousState]),
      [
        ['a', 'RESTARTING', 'RUNNING'],
        ['b', 'FAILING', 'RUNNING'],
      ],
    );
    assert.deepEqual(detectJobIncidents([job('b', 'FAILING')], [job('b', 'FAILED')], now), []);
  });

  it('no earlier snapshot: old failed jobs are history, not incidents; a new job already FAILED is one', () => {
    assert.deepEqual(detectJobIncidents(undefined, [job('a', 'FAILED')], now), []);
    assert.deepEqual(
      detectJobIncidents([job('a', 'FAILED')], [job('a', 'FAILED'), job('c', 'FAILED')], now).map((x) => x.jobId),
      ['c'],
    );
  });
});

describe('the session store of incidents', () => {
  const cluster = { id: 'k8s:ctx/ns/service/app', name: 'app', namespace: 'ns' };
  const trigger = (n: number) =>
    detectContainerIncidents([pod('tm', n - 1)], [pod('tm', n, { reason: 'OOMKilled' })], now)[0]!;

  it('one incident per trigger: the same restart seen again opens nothing', () => {
    const s = new IncidentStore();
    assert.ok(s.open(cluster, trigger(1), now));
    assert.equal(s.open(cluster, trigger(1), now + 1000), undefined);
    assert.equal(s.list(cluster.id).length, 1);
  });

  it('keeps the newest per cluster, within the count and the byte budget', () => {
    const s = new IncidentStore({ perCluster: 3, bytesPerCluster: 10_000 });
    for (let n = 1; n <= 5; n++) s.open(cluster, trigger(n), now + n);
    assert.deepEqual(
      s.list(cluster.id).map((i) => (i.trigger.kind === 'container' ? i.trigger.restartCount : 0)),
      [5, 4, 3],
    );
    const big: IncidentCapture = { previousLog: { items: ['x'.repeat(6_000)] }, capturedAt: now };
    const [a, b] = s.list(cluster.id);
    s.complete(b!.id, big);
    s.complete(a!.id, big);
    // Two 6 KB captures do not fit in 10 KB: the older one goes, the newest stays.
    assert.deepEqual(
      s.list(cluster.id).map((i) => i.id),
      [a!.id],
    );
    assert.equal(s.get(a!.id)?.capture, big);
  });
});
