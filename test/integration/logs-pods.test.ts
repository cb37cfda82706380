// Pod logs through the real Kubernetes API server, served by kwok from the real Flink log (the
// test bed maps container "taskmanager" to a CRI copy of the TaskManager's log), with follow
// picking up what a new Flink job makes the TaskManager write, and a label selector merging pods.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Agent as HttpsAgent } from 'node:https';
import { basename } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { SelectorFeed } from '../../src/features/logs/feeds';
import { PodFeed } from '../../src/features/logs/pod-feed';
import type { HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { FlinkClient } from '../../src/flink/client';
import { loadKubeConfig } from '../../src/kube/config';
import { KubeError } from '../../src/kube/errors';
import { keepAliveAgent } from '../../src/kube/agents';
import { streamPodLogAfter } from '../../src/kube/pod-log-resume';
import { streamPodLog, type PodLogLine } from '../../src/kube/pod-logs';
import { testbedState, type TestbedState } from '../support/testbed';
import { until } from '../support/poll';
import { NO_ACTIONS } from '../support/log-actions';
import { untilPodRunning } from '../support/pods';

type Chunk = Extract<HostMessage, { type: 'chunk' }>;

async function runBatchJob(state: TestbedState): Promise<string> {
  const client = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 60_000 });
  const jar = String(state.exampleJar);
  const jarId = await client.uploadJar(basename(jar), readFileSync(jar));
  try {
    return await client.runJar(jarId, {
      entryClass: String(state.exampleJarEntryClass ?? 'TestbedJobs'),
      programArgs: ['batch', `logs-pods-${Date.now()}`],
      parallelism: 1,
    });
  } finally {
    await client.deleteJar(jarId).catch(() => undefined);
  }
}

describe('pod logs through the Kubernetes API (kwok serving the real Flink log)', () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const ns = `logs-it-${Date.now().toString(36)}`;

  const createPod = async (name: string, component = 'taskmanager') => {
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name, labels: { app: 'flink', component } },
        spec: { nodeName: String(state.kwokNodeName), containers: [{ name: component, image: 'flink:1.20' }] },
      },
    });
    await untilPodRunning(core, ns, name);
  };

  before(async () => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await createPod('tm-a');
    await createPod('tm-b');
  });
  after(async () => {
    await core?.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it("reads a container's tail with timestamps stripped", async () => {
    const lines: PodLogLine[] = [];
    await streamPodLog(kc, ns, 'tm-a', { container: 'taskmanager', tailLines: 20 }, (l) => lines.push(l));
    assert.ok(lines.length > 0 && lines.length <= 20, `${lines.length} lines`);
    assert.ok(
      lines.every((l) => /^\d{4}-\d\d-\d\dT.*\.\d{9}Z$/.test(l.time)),
      'each line has its CRI timestamp',
    );
    assert.ok(
      lines.some((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARN|ERROR|DEBUG) /.test(l.text)),
      'Flink log lines',
    );
    assert.ok(lines.every((l) => l.pod === 'tm-a' && l.container === 'taskmanager'));
  });

  it('resumes after a line through a window of the last lines, and reads the whole log when the window is short of it', async () => {
    const full: PodLogLine[] = [];
    await streamPodLog(kc, ns, 'tm-a', { container: 'taskmanager' }, (l) => full.push(l));
    // A line 30 from the end with an older line in its second (a window reaching it proves itself).
    let k = full.length - 30;
    const second = (t: string) => t.slice(0, 19);
    while (k > 0 && !(second(full[k - 1]!.time) === second(full[k]!.time) && full[k - 1]!.time < full[k]!.time)) k--;
    assert.ok(k > 0, 'the TaskManager log has two lines in one second with different stamps');
    const last = full[k]!.time;
    const from = (ls: PodLogLine[]) => ls.filter((l) => l.time >= last).map((l) => l.text);
    const expected = from(full);
    for (const [windowLines, requests] of [
      [full.length - k + 10, 1], // reaches back over the line: one request
      [3, 2], // does not: the lines since that second are read again without a window
    ] as const) {
      const got: PodLogLine[] = [];
      let opened = 0;
      await streamPodLogAfter(
        kc,
        ns,
        'tm-a',
        { container: 'taskmanager' },
        last,
        (l) => got.push(l),
        undefined,
        () => opened++,
        windowLines,
      );
      // Some lines of that second before it may come too (the caller drops them). The TaskManager may
      // have written more since: what was there is a prefix, nothing lost or doubled.
      assert.ok(
        got.every((l) => second(l.time) >= second(last)),
        'nothing before its second',
      );
      assert.deepEqual(from(got).slice(0, expected.length), expected, `window of ${windowLines} lines`);
      assert.equal(opened, requests, `window of ${windowLines} lines: requests made`);
    }
  });

  it('reads logs over one kept TLS connection, not a new one per request', async () => {
    // The agent this kubeconfig's requests use (client-node's agent for it, swapped for the kept one).
    const made = (await kc.applyToFetchOptions({})).agent as HttpsAgent;
    const agent = keepAliveAgent(kc, made) as HttpsAgent;
    assert.notEqual(agent, made);
    const secure: TLSSocket[] = [];
    const onSocket = (s: TLSSocket) => secure.push(s);
    const sockets = () => Object.values(agent.freeSockets).flat();
    agent.on('free', onSocket);
    try {
      for (let i = 0; i < 3; i++) {
        const lines: PodLogLine[] = [];
        await streamPodLog(kc, ns, 'tm-a', { container: 'taskmanager', tailLines: 5 }, (l) => lines.push(l));
        assert.ok(lines.length > 0);
        await until(async () => sockets().length > 0, 'the socket back in the pool', 5_000);
      }
      assert.equal(secure.length, 3, 'each read gave its socket back');
      assert.equal(new Set(secure).size, 1, 'the three reads used one connection');
    } finally {
      agent.off('free', onSocket);
    }
  });

  it('says clearly that there is no previous container', async () => {
    // The test bed's kwok serves a previous log for `taskmanager` containers only (the incident tests'
    // restarted TaskManager): a jobmanager container has none, like one that never restarted.
    await createPod('jm-a', 'jobmanager');
    await assert.rejects(
      streamPodLog(kc, ns, 'jm-a', { container: 'jobmanager', previous: true }, () => undefined),
      (e: unknown) => {
        assert.ok(e instanceof KubeError);
        assert.match(e.message, /jm-a/);
        return true;
      },
    );
  });

  it('follows one pod in a session and picks up the lines a new job writes', async () => {
    const posted: HostMessage[] = [];
    const session = new LogSession(
      new PodFeed(kc, ns, 'tm-a', { container: 'taskmanager', tailLines: 200 }),
      (m) => posted.push(m),
      NO_ACTIONS,
    );
    const chunks = () => posted.filter((m): m is Chunk => m.type === 'chunk');
    try {
      session.handle({ type: 'ready' });
      session.start();
      await until(() => chunks().length > 0, 'the tail', 30_000);
      assert.equal(chunks()[0].mode, 'tail');
      assert.match(chunks()[0].text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} /);
      const jobId = await runBatchJob(state);
      await until(
        () => chunks().some((c) => c.mode === 'append' && c.text.includes(jobId)),
        `job ${jobId} in the followed pod log`,
      );
    } finally {
      session.dispose();
    }
  });

  it('merges the pods of a label selector, tags each line, and picks up a pod that joins', async () => {
    const posted: HostMessage[] = [];
    const session = new LogSession(
      new SelectorFeed(kc, ns, 'app=flink,component=taskmanager', { tailLines: 30 }),
      (m) => posted.push(m),
      NO_ACTIONS,
    );
    const text = () =>
      posted
        .filter((m): m is Chunk => m.type === 'chunk')
        .map((c) => c.text)
        .join('');
    try {
      session.handle({ type: 'ready' });
      session.start();
      await until(
        () => text().includes('[pod/tm-a/taskmanager] ') && text().includes('[pod/tm-b/taskmanager] '),
        'lines of both pods',
        30_000,
      );
      const init = posted.find((m) => m.type === 'init');
      assert.equal(init?.type === 'init' && init.source.tagged, true);
      const tagged = text().split('\n').filter(Boolean);
      assert.ok(
        tagged.every((l) => /^\[pod\/tm-[ab]\/taskmanager\] /.test(l)),
        'every line tagged with its pod',
      );
      // Merged in time order. Flink's own log is not strictly ordered (threads stamp a line before
      // writing it), so a correct merge may step back only where one of its inputs does: every
      // backward step of the merged lines must be matched by one inside a pod's own lines.
      const stampOf = (l: string) => /^\[[^\]]+\] (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) /.exec(l)?.[1];
      const stamped = tagged.filter((l) => stampOf(l));
      assert.ok(stamped.length > 10);
      const descents = (ls: string[]) =>
        ls.reduce((n, l, i) => n + (i > 0 && stampOf(l)! < stampOf(ls[i - 1])! ? 1 : 0), 0);
      const own = ['tm-a', 'tm-b'].reduce((n, p) => n + descents(stamped.filter((l) => l.startsWith(`[pod/${p}/`))), 0);
      assert.ok(
        descents(stamped) <= own,
        `the merge steps back ${descents(stamped)} times, its inputs only ${own}:\n${stamped.map((l) => l.slice(0, 70)).join('\n')}`,
      );

      await createPod('tm-c');
      await until(
        () => text().includes('pod tm-c/taskmanager joined') && text().includes('[pod/tm-c/taskmanager] '),
        'the new pod',
        60_000,
      );
      const jobId = await runBatchJob(state);
      await until(
        () =>
          ['tm-a', 'tm-b', 'tm-c'].every((p) =>
            text()
              .split('\n')
              .some((l) => l.startsWith(`[pod/${p}/`) && l.includes(jobId)),
          ),
        `job ${jobId} from every pod`,
      );
      await core.deleteNamespacedPod({ name: 'tm-c', namespace: ns, gracePeriodSeconds: 0 });
      await until(() => /pod tm-c\/taskmanager (deleted|terminating)/.test(text()), 'the pod leaving', 60_000);
    } finally {
      session.dispose();
    }
  });
});
