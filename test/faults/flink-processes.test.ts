// The real Flink processes of the test bed killed (SIGKILL, a crash) and started again:
//   - a TaskManager: the job's restart shows in what the explorer reads (job state, exceptions
//     naming the lost TaskManager), and the job runs again once a TaskManager is back;
//   - the JobManager, while the explorer model and a followed JobManager log are open: the model
//     shows an error node and then the cluster again, the follow reports the break and resumes on
//     the new (rotated) log file: every line once, none from the old file repeated.
// Runs the TaskManager case first: a JobManager restart loses the session cluster's jobs (no HA).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FlinkClient } from '../../src/flink/client';
import { followLog } from '../../src/flink/logs';
import { JobsModel } from '../../src/features/jobs/model';
import type { JobsNode } from '../../src/features/jobs/nodes';
import { startProcess, stopProcess } from '../testbed/faults.mjs';
import { until, waitFor } from '../support/poll';
import { submitStreamingJob, testbedState } from '../support/testbed';
import { restartStopped } from './support';

const state = testbedState();
const flink = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 5_000 });

after(async () => {
  restartStopped();
  // Leave a usable Flink behind: REST up and a TaskManager registered.
  await waitFor(
    'Flink with a TaskManager after the fault tests',
    async () => ((await flink.overview()).taskmanagers >= 1 ? true : undefined),
    120_000,
    500,
  ).catch((e: Error) => console.error(e.message));
});

describe('faults: Flink TaskManager and JobManager killed', () => {
  it('TaskManager killed: the job restart and the lost TaskManager are shown; it runs again when one is back', async () => {
    const jobId = await submitStreamingJob(state, { name: 'faults-tm-kill' });
    const before = (await flink.exceptions(jobId)).entries.length;
    await stopProcess('flink-taskmanager');
    // Flink notices the lost TaskManager (heartbeat RPC failures) and restarts the job.
    const ex = await waitFor(
      'an exception about the lost TaskManager',
      async () => {
        const e = await flink.exceptions(jobId);
        return e.entries.length > before ? e.entries : undefined;
      },
      120_000,
      500,
    );
    const text = ex.map((e) => `${e.name}: ${e.message}`).join('\n');
    assert.match(text, /TaskManager|heartbeat|lost|unreachable|disconnect/i, text);
    const st = await flink.jobStatus(jobId);
    assert.ok(['RESTARTING', 'RUNNING', 'CREATED', 'INITIALIZING'].includes(st), `job state ${st}`);
    startProcess('flink-taskmanager');
    await waitFor(
      'the job RUNNING again on the new TaskManager',
      async () => {
        const j = await flink.job(jobId);
        return j.state === 'RUNNING' && j.vertices.every((v) => v.status === 'RUNNING') ? j : undefined;
      },
      180_000,
      500,
    );
    await flink.cancel(jobId).catch(() => undefined);
  });

  it('JobManager killed with the explorer and a followed log open: both recover, no line twice', async () => {
    const clusterNode = async (model: JobsModel) => {
      const roots = await model.resolveChildren();
      const c = roots.find((n) => n.kind === 'cluster');
      assert.ok(c, JSON.stringify(roots));
      return c;
    };
    const client = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 3_000 });
    const model = new JobsModel({
      source: {
        configured: () => [{ id: 'testbed', name: 'testbed', source: 'settings', url: state.flinkRestUrl }],
        connect: async () => client,
      },
      onDidChange: () => undefined,
    });
    const levelOk = async () => {
      model.refresh();
      const kids = await model.resolveChildren(await clusterNode(model));
      return kids.some((n) => n.kind === 'error') ? undefined : kids;
    };
    const errorOf = (kids: JobsNode[]) =>
      kids.find((n): n is Extract<JobsNode, { kind: 'error' }> => n.kind === 'error');

    // Follow the JobManager's main log through the REST API, as the log viewer does.
    const chunks: Buffer[] = [];
    const events: string[] = [];
    let rotateAt = -1;
    const follow = new AbortController();
    const following = followLog(
      { baseUrl: state.flinkRestUrl, owner: { type: 'jobmanager' }, file: { kind: 'main' } },
      0,
      {
        onData: (b) => chunks.push(Buffer.from(b)),
        onRotate: () => {
          events.push('rotate');
          rotateAt = Buffer.concat(chunks).length;
        },
        onBreak: (e) => events.push(`break: ${e.message}`),
        onResume: () => events.push('resume'),
      },
      { signal: follow.signal, intervalMs: 300, maxBackoffMs: 1_000 },
    );
    try {
      assert.ok(await waitFor('the explorer to show the cluster', levelOk, 30_000, 300));
      await until(() => chunks.length > 0, 'the first log lines', 30_000);
      const oldFile = state.jobManagerLog;
      await stopProcess('flink-jobmanager');

      const down = await waitFor(
        'an error node while the JobManager is down',
        async () => {
          model.refresh();
          return errorOf(await model.resolveChildren(await clusterNode(model)));
        },
        30_000,
        300,
      );
      assert.match(down.message, /Cannot reach Flink at http:\/\/127\.0\.0\.1:\d+ \((ECONNREFUSED|ECONNRESET)\)/);
      await until(() => events.some((e) => e.startsWith('break')), 'the follow to report the break', 30_000);

      startProcess('flink-jobmanager');
      const back = await waitFor('the explorer to show the cluster again', levelOk, 180_000, 500);
      assert.ok(back.length > 0);
      await until(() => events.includes('resume') && rotateAt >= 0, 'the follow to resume on the new file', 60_000);
      // Let it read a little of the new file, then compare with both files on disk.
      await until(() => Buffer.concat(chunks).length > rotateAt + 1_000, 'lines of the new log', 60_000);
      follow.abort();
      await following;

      const got = Buffer.concat(chunks).toString('utf8');
      const beforeRotate = got.slice(0, Buffer.from(got).subarray(0, rotateAt).toString('utf8').length);
      const afterRotate = got.slice(beforeRotate.length);
      // log4j's rollover numbering grows: the file rolled by this restart has the highest index.
      const rolled = readdirSync(dirname(oldFile))
        .filter((f) => f.startsWith(`${basename(oldFile)}.`))
        .map((f) => join(dirname(oldFile), f))
        .sort((a, b) => Number(b.slice(b.lastIndexOf('.') + 1)) - Number(a.slice(a.lastIndexOf('.') + 1)))[0]!;
      assert.ok(existsSync(rolled), 'log4j rolled the old file on restart');
      assert.ok(readFileSync(rolled, 'utf8').startsWith(beforeRotate), 'before the restart: a prefix of the old file');
      assert.ok(readFileSync(oldFile, 'utf8').startsWith(afterRotate), 'after it: a prefix of the new file');
      // The two prefix checks above are the "no line twice, none lost" check (Flink itself logs some
      // identical lines within one millisecond, so counting distinct lines would not be).
      assert.equal(events.filter((e) => e === 'rotate').length, 1, `one rotation: ${events.join(', ')}`);
    } finally {
      follow.abort();
      model.dispose();
    }
  });
});
