// The tail first, the earlier lines behind it: a Flink TaskManager's log read through its pod (the
// real API server, kwok serving the real TaskManager log as the pod's container log), and the
// TaskManager of the real Flink found by its pod (a hostNetwork pod has the TaskManager's IP).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { PodFeed } from '../../src/features/logs/pod-feed';
import { findFlinkPod } from '../../src/features/logs/flink-pod';
import type { HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { FlinkClient } from '../../src/flink/client';
import { loadKubeConfig } from '../../src/kube/config';
import { streamPodLog } from '../../src/kube/pod-logs';
import { testbedState, type TestbedState } from '../support/testbed';
import { until } from '../support/poll';
import { NO_ACTIONS } from '../support/log-actions';
import { untilPodRunning } from '../support/pods';

type Chunk = Extract<HostMessage, { type: 'chunk' }>;

describe('a Flink log through its pod: the tail in one request, then the earlier lines', () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const ns = `logs-tail-${Date.now().toString(36)}`;

  before(async () => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'tm-0', labels: { app: 'flink', component: 'taskmanager' } },
        // hostNetwork: kwok gives the pod the node's IP, 127.0.0.1, the real TaskManager's address.
        spec: {
          nodeName: String(state.kwokNodeName),
          hostNetwork: true,
          containers: [{ name: 'taskmanager', image: 'flink:1.20' }],
        },
      },
    });
    await untilPodRunning(core, ns, 'tm-0');
  });
  after(async () => {
    await core?.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it("finds the real TaskManager's pod by its resource id and RPC address", async () => {
    const client = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 30_000 });
    const tm = (await client.taskManagers())[0];
    assert.ok(tm, 'the test bed has a TaskManager');
    const ref = await findFlinkPod(
      kc,
      { namespace: ns, jobManagerSelector: 'component=jobmanager' },
      { type: 'taskmanager', id: tm.id },
      async () => tm.path,
    );
    assert.deepEqual(ref, { pod: 'tm-0', container: 'taskmanager' });
    // A pod named by the id (native Kubernetes), or by the host name in the RPC path only: found
    // through the API server's field selectors; a host name no pod has: none.
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'tm-host' },
        spec: { nodeName: String(state.kwokNodeName), containers: [{ name: 'taskmanager', image: 'flink:1.20' }] },
      },
    });
    await untilPodRunning(core, ns, 'tm-host');
    const find = (id: string, path?: string) =>
      findFlinkPod(
        kc,
        { namespace: ns, jobManagerSelector: 'component=jobmanager' },
        { type: 'taskmanager', id },
        async () => path,
      );
    assert.deepEqual(await find('tm-host'), { pod: 'tm-host', container: 'taskmanager' });
    assert.deepEqual(await find('resource-7', 'pekko.tcp://flink@tm-host:6122/user/rpc/taskmanager_0'), {
      pod: 'tm-host',
      container: 'taskmanager',
    });
    assert.equal(await find('resource-7', 'pekko.tcp://flink@tm-gone:6122/user/rpc/taskmanager_0'), undefined);
    await core.deleteNamespacedPod({ name: 'tm-host', namespace: ns, gracePeriodSeconds: 0 });
    // No JobManager pod in this namespace: no match, the REST log is used.
    assert.equal(
      await findFlinkPod(
        kc,
        { namespace: ns, jobManagerSelector: 'component=jobmanager' },
        { type: 'jobmanager' },
        () => Promise.resolve(undefined),
      ),
      undefined,
    );
  });

  it('shows the last lines first, then puts the earlier ones in front without changing what is shown', async () => {
    const full: string[] = [];
    await streamPodLog(kc, ns, 'tm-0', { container: 'taskmanager' }, (l) => full.push(l.text));
    assert.ok(full.length > 100, `the TaskManager log has ${full.length} lines`);
    const posted: HostMessage[] = [];
    const feed = new PodFeed(kc, ns, 'tm-0', { container: 'taskmanager', tailLines: 40 }, { backfill: true });
    const session = new LogSession(feed, (m) => posted.push(m), NO_ACTIONS);
    try {
      session.handle({ type: 'ready', follow: false });
      session.start();
      await until(() => posted.some((m) => m.type === 'chunk'), 'the tail', 30_000);
      const tail = posted.find((m): m is Chunk => m.type === 'chunk')!;
      assert.equal(tail.mode, 'tail');
      const tailLines = tail.text.split('\n').filter(Boolean);
      assert.ok(tailLines.length <= 40, `the first chunk holds the 40-line tail, not ${tailLines.length} lines`);
      assert.equal(tail.start, 0);
      // The tail is where the log was when it was read: a run of the full log's lines.
      const at = full.indexOf(tailLines[0]!);
      assert.ok(at > 0, 'the tail starts after the start of the log');
      session.handle({ type: 'tailShown' }); // as the page does once it drew the tail
      await until(() => posted.some((m) => m.type === 'shift'), 'the earlier lines', 60_000);
      const shift = posted.find((m) => m.type === 'shift');
      assert.ok(shift?.type === 'shift' && shift.by > 0);
      // The status bar said earlier lines were being read from the pod log, and then that they are in.
      await until(() => posted.some((m) => m.type === 'earlier' && !m.reading), 'the end of the backfill', 10_000);
      const earlier = posted.filter((m) => m.type === 'earlier');
      assert.deepEqual(earlier[0], { type: 'earlier', reading: true, bytes: 0, from: 'pod' });
      assert.equal(earlier.at(-1)?.type === 'earlier' && earlier.at(-1)?.reading, false);
      assert.ok(posted.indexOf(earlier[0]!) < posted.indexOf(shift));
      // The spool is now the whole log: the earlier lines, then the tail, nothing twice.
      const spooled = session.spool.read(0, session.spool.size).toString('utf8').split('\n').slice(0, -1);
      assert.deepEqual(spooled.slice(0, full.length), full.slice(0, spooled.length));
      assert.ok(spooled.length >= full.length, `${spooled.length} lines spooled, the log had ${full.length}`);
      // The page's offsets moved by exactly the earlier lines: the tail's bytes are at start + by.
      const moved = session.spool.read(tail.start + shift.by, tail.end + shift.by).toString('utf8');
      assert.equal(moved, tail.text);
      // Asking for lines before the window gives the earlier lines.
      posted.length = 0;
      session.handle({ type: 'loadBefore', offset: tail.start + shift.by });
      const before = posted.find((m): m is Chunk => m.type === 'chunk');
      assert.equal(before?.mode, 'before');
      assert.equal(before.end, tail.start + shift.by);
      assert.ok(before.text.endsWith(`${full[at - 1]}\n`), 'the line just before the tail');
    } finally {
      session.dispose();
    }
  });

  it('says so when the pod is gone and keeps what it showed', async () => {
    const posted: HostMessage[] = [];
    const session = new LogSession(
      new PodFeed(kc, ns, 'no-such-pod', { container: 'taskmanager', tailLines: 40 }, { backfill: true }),
      (m) => posted.push(m),
      NO_ACTIONS,
    );
    try {
      session.handle({ type: 'ready', follow: false });
      session.start();
      await until(() => posted.some((m) => m.type === 'error'), 'an error', 30_000);
      const err = posted.find((m) => m.type === 'error');
      assert.match(err?.type === 'error' ? err.message : '', /no-such-pod/);
      assert.ok(posted.some((m) => m.type === 'status' && m.state === 'broken'));
    } finally {
      session.dispose();
    }
  });
});
