// The REST client against the test bed's real Flink (1.20.x or 2.x, whichever the test bed runs):
// reads, savepoint, stop-with-savepoint, cancel, jar upload and run, and real error bodies.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FlinkClient } from '../../src/flink/client';
import { FlinkRestError } from '../../src/flink/errors';
import type { JobStatus } from '../../src/flink/types';
import { testbedState, type TestbedState } from '../support/testbed';
import { cancelQuietly, exampleJar, startStreamingJob, waitForStatus } from './flink-helpers';

let state: TestbedState;
let client: FlinkClient;

before(() => {
  state = testbedState();
  client = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 30_000 });
});

describe('Flink REST client against the test bed', () => {
  it('detects the server version from GET /config', async () => {
    const v = await client.version();
    assert.ok(v, 'flink-version parsed');
    assert.ok(
      state.flinkVersion.startsWith(`${v.major}.${v.minor}`),
      `server ${v.raw} vs test bed ${state.flinkVersion}`,
    );
    const caps = await client.capabilities();
    assert.equal(caps.legacyRootExceptions, v.major < 2);
  });

  it('reads the overview with TaskManagers and slots', async () => {
    const o = await client.overview();
    assert.ok(o.taskmanagers >= 1);
    assert.ok(o['slots-total'] >= 1 && o['slots-available'] <= o['slots-total']);
  });

  it('lists the RUNNING and FINISHED jobs with the right states', async () => {
    const jobs = await client.jobsOverview();
    const byId = new Map(jobs.map((j) => [j.jid, j]));
    assert.equal(byId.get(state.runningJobId)?.state, 'RUNNING');
    assert.equal(byId.get(state.finishedJobId)?.state, 'FINISHED');
    assert.ok(byId.get(state.finishedJobId)!['end-time'] > 0);
    assert.equal(await client.jobStatus(state.runningJobId), 'RUNNING');
  });

  it('loads job details with vertices', async () => {
    const d = await client.job(state.runningJobId);
    assert.equal(d.state, 'RUNNING');
    assert.ok(d.vertices.length >= 1);
    for (const v of d.vertices) {
      assert.ok(v.parallelism >= 1);
      assert.equal(typeof v.name, 'string');
    }
    assert.ok(d.vertices.some((v) => v.status === 'RUNNING'));
  });

  it('loads checkpoints, exceptions and the job configuration', async () => {
    const cp = await client.checkpoints(state.runningJobId);
    assert.ok(cp, 'the test bed job checkpoints');
    assert.equal(typeof cp.counts.completed, 'number');
    assert.ok(Array.isArray(cp.history));
    const ex = await client.exceptions(state.runningJobId);
    assert.ok(Array.isArray(ex.entries));
    const cfg = await client.jobConfig(state.finishedJobId);
    assert.equal(cfg.jid, state.finishedJobId);
  });

  it('loads TaskManagers, their details and log file lists', async () => {
    const tms = await client.taskManagers();
    assert.ok(tms.length >= 1);
    const d = await client.taskManager(tms[0].id);
    assert.equal(d.id, tms[0].id);
    assert.ok(d.slotsNumber >= 1);
    const logs = await client.taskManagerLogs(tms[0].id);
    assert.ok(
      logs.some((l) => l.name.endsWith('.log')),
      `TM log files: ${logs.map((l) => l.name).join(', ')}`,
    );
    assert.ok((await client.jobManagerLogs()).length >= 1);
  });

  it("an unknown job is a FlinkRestError 404 with Flink's errors[]", async () => {
    await assert.rejects(client.job('00000000000000000000000000000000'), (e: unknown) => {
      assert.ok(e instanceof FlinkRestError);
      assert.equal(e.status, 404);
      assert.ok(e.errors.length >= 1);
      assert.match(e.message, /HTTP 404/);
      return true;
    });
  });

  it('triggers a savepoint of the running job and reports its path', { timeout: 120_000 }, async () => {
    const trigger = await client.triggerSavepoint(state.runningJobId);
    const polls: string[] = [];
    const location = await client.waitForSavepoint(state.runningJobId, trigger, {
      intervalMs: 300,
      overallTimeoutMs: 90_000,
      onPoll: (s) => polls.push(s),
    });
    assert.match(location, /savepoint-/);
    assert.equal(polls[polls.length - 1], 'COMPLETED');
    assert.equal(await client.jobStatus(state.runningJobId), 'RUNNING', 'a plain savepoint leaves the job running');
  });

  it('stop-with-savepoint (drain) ends the job FINISHED with a savepoint', { timeout: 180_000 }, async () => {
    const jobId = await startStreamingJob(state, 'stop-with-savepoint-test');
    try {
      const trigger = await client.stopWithSavepoint(jobId, { drain: true });
      const location = await client.waitForSavepoint(jobId, trigger, { intervalMs: 300, overallTimeoutMs: 90_000 });
      assert.match(location, /savepoint-/);
      assert.equal(await waitForStatus(client, jobId, ['FINISHED'] as JobStatus[]), 'FINISHED');
    } finally {
      await cancelQuietly(state, jobId);
    }
  });

  it('cancel ends a job CANCELED', { timeout: 180_000 }, async () => {
    const jobId = await startStreamingJob(state, 'cancel-test');
    try {
      await client.cancel(jobId);
      assert.equal(await waitForStatus(client, jobId, ['CANCELED'] as JobStatus[]), 'CANCELED');
    } finally {
      await cancelQuietly(state, jobId);
    }
  });

  it('uploads a jar, runs it (a batch job that finishes), lists and deletes it', { timeout: 180_000 }, async () => {
    const jar = exampleJar(state);
    const jarId = await client.uploadJar(basename(jar), readFileSync(jar));
    try {
      assert.ok((await client.listJars()).files.some((f) => f.id === jarId));
      const jobId = await client.runJar(jarId, { programArgs: ['batch', 'jar-submit-test'], parallelism: 1 });
      assert.match(jobId, /^[0-9a-f]{32}$/);
      assert.equal(await waitForStatus(client, jobId, ['FINISHED']), 'FINISHED');
      const entry = (await client.jobsOverview()).find((j) => j.jid === jobId);
      assert.equal(entry?.name, 'jar-submit-test');
    } finally {
      await client.deleteJar(jarId);
    }
    assert.ok(!(await client.listJars()).files.some((f) => f.id === jarId), 'deleted');
  });
});
