// The log viewer's host side against the test bed's real Flink REST API: the JobManager's and a
// TaskManager's log files, and follow picking up the lines a new job makes Flink write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { FlinkFileFeed } from '../../src/features/logs/feeds';
import type { HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { FlinkClient } from '../../src/flink/client';
import { fetchLogTail, listLogFiles, streamLog, type FlinkLogTarget, type LogOwner } from '../../src/flink/logs';
import { testbedState } from '../support/testbed';
import { until } from '../support/poll';
import { NO_ACTIONS } from '../support/log-actions';

type Chunk = Extract<HostMessage, { type: 'chunk' }>;

async function taskManagerId(restUrl: string): Promise<string> {
  const r = await fetch(`${restUrl}/taskmanagers`, { signal: AbortSignal.timeout(10_000) });
  const body = (await r.json()) as { taskmanagers: { id: string }[] };
  assert.ok(body.taskmanagers.length > 0, 'the test bed has a TaskManager');
  return body.taskmanagers[0].id;
}

/** Runs a short batch job from the test bed's jar; Flink logs its id on the JobManager and the TaskManager. */
async function runBatchJob(restUrl: string, jar: string, entryClass: string): Promise<string> {
  const client = new FlinkClient({ baseUrl: restUrl, timeoutMs: 60_000 });
  const jarId = await client.uploadJar(basename(jar), readFileSync(jar));
  try {
    return await client.runJar(jarId, { entryClass, programArgs: ['batch', `logs-it-${Date.now()}`], parallelism: 1 });
  } finally {
    await client.deleteJar(jarId).catch(() => undefined);
  }
}

function openSession(target: FlinkLogTarget) {
  const posted: HostMessage[] = [];
  const session = new LogSession(new FlinkFileFeed(target, 1_000), (m) => posted.push(m), NO_ACTIONS);
  session.handle({ type: 'ready' });
  session.start();
  const chunks = () => posted.filter((m): m is Chunk => m.type === 'chunk');
  return { session, posted, chunks };
}

for (const who of ['jobmanager', 'taskmanager'] as const) {
  describe(`Flink REST logs of the ${who} (real Flink)`, () => {
    it('lists the log directory and reads the main log, its tail and a named file', async () => {
      const state = testbedState();
      const owner: LogOwner =
        who === 'jobmanager'
          ? { type: 'jobmanager' }
          : { type: 'taskmanager', id: await taskManagerId(state.flinkRestUrl) };
      const files = await listLogFiles(state.flinkRestUrl, owner);
      const logFile = files.find(
        (f) => f.name.endsWith('.log') && f.name.includes(who === 'jobmanager' ? 'standalonesession' : 'taskexecutor'),
      );
      assert.ok(logFile, `a .log file in ${JSON.stringify(files)}`);
      assert.ok(logFile.size > 0);

      const main: FlinkLogTarget = { baseUrl: state.flinkRestUrl, owner, file: { kind: 'main' } };
      const chunks: Buffer[] = [];
      const r = await streamLog(main, 0, (b) => chunks.push(Buffer.from(b)));
      const text = Buffer.concat(chunks).toString('utf8');
      assert.equal(r.bytes, Buffer.byteLength(text));
      assert.equal(r.rangeHonoured, false, 'Flink serves log files whole, ignoring Range');
      assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARN|ERROR|DEBUG) /m);

      const tail = await fetchLogTail({ ...main, file: { kind: 'file', name: logFile.name } }, 4096);
      assert.ok(tail.text.length > 0 && tail.text.length <= 4096);
      assert.match(tail.text, /^\d{4}-\d\d-\d\d /);
    });

    it('shows the tail in a session and follows the lines a new job makes Flink write', async () => {
      const state = testbedState();
      const owner: LogOwner =
        who === 'jobmanager'
          ? { type: 'jobmanager' }
          : { type: 'taskmanager', id: await taskManagerId(state.flinkRestUrl) };
      const { session, chunks, posted } = openSession({ baseUrl: state.flinkRestUrl, owner, file: { kind: 'main' } });
      try {
        await until(() => chunks().length > 0, 'the first chunk', 60_000);
        const tail = chunks()[0];
        assert.equal(tail.mode, 'tail');
        assert.ok(tail.end > 0 && tail.text.length > 0);
        await until(() => posted.some((m) => m.type === 'status' && m.state === 'live'), 'live status');

        const jobId = await runBatchJob(
          state.flinkRestUrl,
          String(state.exampleJar),
          String(state.exampleJarEntryClass ?? 'TestbedJobs'),
        );
        await until(
          () => chunks().some((c) => c.mode === 'append' && c.text.includes(jobId)),
          `a line with job id ${jobId}`,
        );
        const appended = chunks().filter((c) => c.mode === 'append');
        assert.equal(appended[0].start, tail.end, 'appends continue where the tail ended');
      } finally {
        session.dispose();
      }
    });
  });
}
