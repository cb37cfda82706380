// The lines a rotated pod log lost, from Flink's log file: the real API server and kwok serve a pod
// log that begins in the middle of a log (what a kubelet keeps after rotating it), the real Flink's
// REST API serves the whole log as one of the TaskManager's files, and the view ends up with every
// line once, in order.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { PodFeed } from '../../src/features/logs/pod-feed';
import { MARKER_PREFIX, type HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { FlinkClient } from '../../src/flink/client';
import type { FlinkLogTarget } from '../../src/flink/logs';
import { loadKubeConfig } from '../../src/kube/config';
import { testbedState, type TestbedState } from '../support/testbed';
import { until } from '../support/poll';
import { NO_ACTIONS } from '../support/log-actions';
import { untilPodRunning } from '../support/pods';

/** A log4j-like log: a line per ms, and a stack trace every 100 lines. */
function flinkLog(lines: number, startMs: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const t = new Date(startMs + i).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    out.push(`${t} INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor           [] - record ${i}`);
    if (i % 100 === 99)
      out.push('java.lang.IllegalStateException: boom', `\tat org.example.Job.map(Job.java:${i})`, '\t... 12 more');
  }
  return out;
}

/** The lines as a container runtime writes them (kwok reads CRI lines). */
const cri = (lines: readonly string[], startMs: number) =>
  lines.map((l, i) => `${new Date(startMs + i).toISOString().replace('Z', '000000Z')} stdout F ${l}\n`).join('');

describe("a rotated pod log: the lines before its first come from Flink's log file", () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let restFile: FlinkLogTarget;
  const ns = `logs-fill-${Date.now().toString(36)}`;
  const name = `rest-fill-${Date.now().toString(36)}.log`;
  const rolled = `rest-fill-rolled-${Date.now().toString(36)}.log`;
  // A file Flink rolled (log4j's `${log.file}.%i`) after the pod log's first line.
  const rolling = `rest-fill-rolling-${Date.now().toString(36)}.log`;
  const full = flinkLog(20_000, Date.UTC(2026, 11, 7, 10));
  // The pod log begins inside a stack trace, as a rotation may cut it.
  const cutAt = full.indexOf('\tat org.example.Job.map(Job.java:12399)');

  before(async () => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
    core = kc.makeApiClient(CoreV1Api);
    const tm = (await new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 30_000 }).taskManagers())[0];
    assert.ok(tm, 'the test bed has a TaskManager');
    writeFileSync(join(state.flinkLogDir, name), `${full.join('\n')}\n`);
    restFile = { baseUrl: state.flinkRestUrl, owner: { type: 'taskmanager', id: tm.id }, file: { kind: 'file', name } };
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'tm-0' },
        spec: {
          nodeName: String(state.kwokNodeName),
          containers: [{ name: state.podLogs.rotated.containers[0]!, image: 'flink:1.20' }],
        },
      },
    });
    await untilPodRunning(core, ns, 'tm-0');
  });
  after(async () => {
    await core?.deleteNamespace({ name: ns }).catch(() => undefined);
    for (const f of [name, rolled, rolling, `${rolling}.1`, `${rolling}.2`])
      rmSync(join(state.flinkLogDir, f), { force: true });
    writeFileSync(state.podLogs.rotated.file, '');
  });

  /** Opens the pod's log with the tail first; resolves with the spool's lines once the backfill ended. */
  async function view(file: FlinkLogTarget, tailLines: number): Promise<{ lines: string[]; posted: HostMessage[] }> {
    const posted: HostMessage[] = [];
    const feed = new PodFeed(
      kc,
      ns,
      'tm-0',
      { container: state.podLogs.rotated.containers[0], tailLines },
      { backfill: true, restFile: file },
    );
    const session = new LogSession(feed, (m) => posted.push(m), NO_ACTIONS);
    try {
      session.handle({ type: 'ready', follow: false });
      session.start();
      await until(() => posted.some((m) => m.type === 'chunk'), 'the tail', 30_000);
      session.handle({ type: 'tailShown' });
      await until(() => feed.backfilled !== undefined, 'the backfill started', 10_000);
      await feed.backfilled;
      await session.spool.drained();
      const lines = session.spool.read(0, session.spool.size).toString('utf8').split('\n').slice(0, -1);
      return { lines, posted };
    } finally {
      session.dispose();
    }
  }

  const markers = (lines: string[]) => lines.filter((l) => l.startsWith(MARKER_PREFIX));

  it("puts the file's lines from before the pod log's first in front, each line once", async () => {
    writeFileSync(state.podLogs.rotated.file, cri(full.slice(cutAt), Date.UTC(2026, 11, 7, 10)));
    const { lines, posted } = await view(restFile, 500);
    const rest = lines.filter((l) => !l.startsWith(MARKER_PREFIX));
    assert.equal(rest.length, full.length, `${rest.length} lines, the log has ${full.length}`);
    assert.deepEqual(rest, full);
    assert.ok(
      markers(lines).some((l) => /from Flink's log file \(the pod log was rotated\)/.test(l)),
      `a line says where the lines came from: ${markers(lines).join(' | ')}`,
    );
    // The status bar said the file was being read, and then that it was done.
    const earlier = posted.filter((m) => m.type === 'earlier');
    assert.ok(earlier.some((m) => m.reading && m.from === 'file'));
    assert.equal(earlier.at(-1)?.reading, false);
  });

  it("reads the file Flink rolled when it rolled its log after the pod log's first line", async () => {
    // Flink rolled its file 2,000 lines before the end: the current file begins after the pod
    // log's first line, and `.2` (the newer of two rolled files) holds it. `.1` is older still.
    const rolledAt = full.length - 2_000;
    const older = flinkLog(1_000, Date.UTC(2026, 11, 7, 9));
    writeFileSync(join(state.flinkLogDir, `${rolling}.1`), `${older.join('\n')}\n`);
    writeFileSync(join(state.flinkLogDir, `${rolling}.2`), `${full.slice(0, rolledAt).join('\n')}\n`);
    writeFileSync(join(state.flinkLogDir, rolling), `${full.slice(rolledAt).join('\n')}\n`);
    writeFileSync(state.podLogs.rotated.file, cri(full.slice(cutAt), Date.UTC(2026, 11, 7, 10)));
    const { lines, posted } = await view({ ...restFile, file: { kind: 'file', name: rolling } }, 500);
    assert.deepEqual(
      lines.filter((l) => !l.startsWith(MARKER_PREFIX)),
      full,
    );
    assert.ok(
      markers(lines).some((l) => l.includes(`from Flink's log file ${rolling}.2, which it rolled after that line`)),
      `a line names the rolled file: ${markers(lines).join(' | ')}`,
    );
    assert.ok(posted.some((m) => m.type === 'earlier' && m.reading && m.from === 'file'));
  });

  it('adds nothing when the pod log holds the whole log, or the file does not hold its first lines', async () => {
    // Not rotated: the pod log starts where the file does, after lines only stdout has.
    const entry = ['Starting taskexecutor as a console application on host tm-0.'];
    writeFileSync(state.podLogs.rotated.file, cri([...entry, ...full], Date.UTC(2026, 11, 7, 10)));
    const whole = await view(restFile, 500);
    assert.deepEqual(
      whole.lines.filter((l) => !l.startsWith(MARKER_PREFIX)),
      [...entry, ...full],
    );
    assert.deepEqual(markers(whole.lines), []);
    // Flink lists no file larger than the pod log: the file is not read.
    assert.ok(!whole.posted.some((m) => m.type === 'earlier' && m.from === 'file'));
    // A file of other lines (another pattern, or rolled since): nothing is put in front.
    const later = flinkLog(3_000, Date.UTC(2026, 11, 7, 12));
    writeFileSync(state.podLogs.rotated.file, cri(later, Date.UTC(2026, 11, 7, 12)));
    const other = await view(restFile, 500);
    assert.deepEqual(
      other.lines.filter((l) => !l.startsWith(MARKER_PREFIX)),
      later,
    );
    assert.deepEqual(markers(other.lines), []);
    // A file whose first lines are later than the pod log's first by more than a minute does not
    // hold that line: the read stops there, even though these lines come further on. (A file of
    // its own: Flink's REST API keeps a TaskManager file it sent in a cache for a while.)
    writeFileSync(join(state.flinkLogDir, rolled), `${[...later, ...full].join('\n')}\n`);
    writeFileSync(state.podLogs.rotated.file, cri(full.slice(cutAt), Date.UTC(2026, 11, 7, 10)));
    const stopped = await view({ ...restFile, file: { kind: 'file', name: rolled } }, 500);
    assert.deepEqual(
      stopped.lines.filter((l) => !l.startsWith(MARKER_PREFIX)),
      full.slice(cutAt),
    );
  });

  it('says why when Flink cannot be asked, and keeps the pod lines', async () => {
    writeFileSync(state.podLogs.rotated.file, cri(full.slice(cutAt), Date.UTC(2026, 11, 7, 10)));
    // A file Flink does not list: nothing to read, nothing to say.
    const missing = await view({ ...restFile, file: { kind: 'file', name: 'no-such-file.log' } }, 500);
    assert.deepEqual(missing.lines, full.slice(cutAt));
    // Flink not reachable: the pod lines stay, and a line says what failed.
    const { lines } = await view({ ...restFile, baseUrl: 'http://127.0.0.1:1' }, 500);
    assert.deepEqual(
      lines.filter((l) => !l.startsWith(MARKER_PREFIX)),
      full.slice(cutAt),
    );
    assert.ok(
      markers(lines).some((l) =>
        /Flink's log file was not read for lines older than the pod log: .*127\.0\.0\.1:1/.test(l),
      ),
      `a line says why: ${markers(lines).join(' | ')}`,
    );
  });
});
