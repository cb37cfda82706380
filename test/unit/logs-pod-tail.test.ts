import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { FeedSink, LogFeed } from '../../src/features/logs/feeds';
import {
  matchJobManagerPod,
  matchTaskManagerPod,
  podFieldSelectors,
  taskManagerAddresses,
} from '../../src/features/logs/pod-match';
import type { HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { Spool } from '../../src/features/logs/spool';
import { until } from '../support/poll';
import { NO_ACTIONS } from '../support/log-actions';

const pod = (
  name: string,
  ip: string,
  opts: { labels?: Record<string, string>; containers?: string[] } = {},
): V1Pod => ({
  metadata: { name, labels: opts.labels ?? {} },
  spec: { containers: (opts.containers ?? ['flink-main-container']).map((n) => ({ name: n })) },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
});

/** A fake feed that writes `lines` and says the first load is done; `sink()` is the session's sink. */
function fakeFeed(lines: string[]): { feed: LogFeed; sink: () => FeedSink | undefined } {
  let sink: FeedSink | undefined;
  const feed: LogFeed = {
    source: { title: 'fake', description: 'fake', tagged: false, canFollow: false },
    run: (s) => {
      sink = s;
      for (const l of lines) s.line(l);
      s.initialDone();
      return Promise.resolve();
    },
  };
  return { feed, sink: () => sink };
}

/** A session posting into `posted`, with actions that do nothing. */
function fakeSession(feed: LogFeed, posted: HostMessage[] = []): LogSession {
  return new LogSession(feed, (m) => posted.push(m), NO_ACTIONS);
}

describe('TaskManager to pod', () => {
  it('reads the address from a standalone resource id and from the RPC path', () => {
    assert.deepEqual(taskManagerAddresses('10.1.2.3:6122-a1b2c3'), ['10.1.2.3']);
    assert.deepEqual(taskManagerAddresses('my-tm-1-1', 'pekko.tcp://flink@10.1.2.4:6122/user/rpc/taskmanager_0'), [
      '10.1.2.4',
    ]);
    assert.deepEqual(taskManagerAddresses('[fd00::5]:6122-abc', undefined), ['fd00::5']);
  });

  it('matches by pod name (native Kubernetes), then by IP, and refuses to guess', () => {
    const pods = [
      pod('basic-taskmanager-1-1', '10.0.0.7'),
      pod('tm-a', '10.0.0.8', { labels: { component: 'taskmanager' }, containers: ['sidecar', 'taskmanager'] }),
      pod('tm-b', '10.0.0.9'),
    ];
    assert.deepEqual(matchTaskManagerPod({ id: 'basic-taskmanager-1-1' }, pods), {
      pod: 'basic-taskmanager-1-1',
      container: 'flink-main-container',
    });
    assert.deepEqual(matchTaskManagerPod({ id: '10.0.0.8:6122-ff00aa' }, pods), {
      pod: 'tm-a',
      container: 'taskmanager',
    });
    assert.equal(matchTaskManagerPod({ id: '10.0.0.99:6122-ff00aa' }, pods), undefined);
    // Two pods on one IP (hostNetwork), neither a TaskManager by label: no guess.
    const shared = [pod('x', '127.0.0.1'), pod('y', '127.0.0.1')];
    assert.equal(matchTaskManagerPod({ id: '127.0.0.1:6122-abc' }, shared), undefined);
    // Not Running: not a source.
    const pending = { ...pod('tm-c', '10.0.0.10'), status: { phase: 'Pending', podIP: '10.0.0.10' } };
    assert.equal(matchTaskManagerPod({ id: '10.0.0.10:6122-abc' }, [pending]), undefined);
  });

  it('asks for the pods an id or address names: by pod name or pod IP, never a selector it cannot hold', () => {
    assert.deepEqual(podFieldSelectors(['basic-taskmanager-1-1']), ['metadata.name=basic-taskmanager-1-1']);
    assert.deepEqual(podFieldSelectors(['10.1.2.3:6122-a1b2c3', '10.1.2.3', 'fd00::5', 'tm-0.flink-tm.ns.svc']), [
      'status.podIP=10.1.2.3',
      'status.podIP=fd00::5',
      'metadata.name=tm-0.flink-tm.ns.svc',
    ]);
    // Duplicates once; a value with a comma or an equals sign would change the selector: left out.
    assert.deepEqual(podFieldSelectors(['tm-0', 'tm-0', 'a,b', 'a=b', 'Upper', '']), ['metadata.name=tm-0']);
  });

  it('takes the JobManager pod only when exactly one runs', () => {
    assert.deepEqual(matchJobManagerPod([pod('jm', '10.0.0.2', { containers: ['jobmanager'] })]), {
      pod: 'jm',
      container: 'jobmanager',
    });
    assert.equal(matchJobManagerPod([pod('jm-0', '10.0.0.2'), pod('jm-1', '10.0.0.3')]), undefined);
  });
});

describe('earlier lines put in front of the spool', () => {
  it('splices: the earlier lines, then every byte of the tail, its partial line included', () => {
    const earlier = new Spool();
    const tail = new Spool();
    try {
      earlier.append(Buffer.from('a\nb\nc\nX\n'));
      tail.append(Buffer.from('c\nd\npart'));
      earlier.spliceBefore(4, tail);
      assert.equal(earlier.size, 8);
      assert.equal(earlier.read(0, earlier.size).toString(), 'a\nb\nc\nd\n');
      assert.equal(earlier.pendingBytes, 4);
      earlier.append(Buffer.from('ial\n'));
      assert.equal(earlier.readBefore(earlier.size, 100).text, 'a\nb\nc\nd\npartial\n');
    } finally {
      earlier.dispose();
      tail.dispose();
    }
  });

  it('a session moves the page by the bytes put in front and answers at the new offsets (fake feed)', async () => {
    const fake = fakeFeed(['tail 1', 'tail 2']);
    const feed = fake.feed;
    const posted: HostMessage[] = [];
    const session = fakeSession(feed, posted);
    try {
      session.handle({ type: 'ready' });
      session.start();
      await until(() => posted.some((m) => m.type === 'chunk'), 'the tail', 5_000);
      const earlier = new Spool();
      earlier.append(Buffer.from('early 1\nearly 2\ntail 1\n'));
      fake.sink()!.prepend(earlier, 16);
      const shift = posted.find((m) => m.type === 'shift');
      assert.deepEqual(shift, { type: 'shift', by: 16, size: 30 });
      session.handle({ type: 'loadBefore', offset: 16 });
      const before = posted.at(-1);
      assert.ok(before?.type === 'chunk' && before.mode === 'before');
      assert.equal(before.text, 'early 1\nearly 2\n');
      // After dispose a late backfill is dropped (and its spool removed), never written.
      session.dispose();
      const late = new Spool();
      fake.sink()!.prepend(late, 0);
      assert.throws(() => late.diskSize());
    } finally {
      session.dispose();
    }
  });

  it('background reads wait until the page says it drew the tail (fake feed)', async () => {
    const fake = fakeFeed(['tail']);
    const feed = fake.feed;
    const posted: HostMessage[] = [];
    const session = fakeSession(feed, posted);
    try {
      session.start();
      await until(() => fake.sink() !== undefined, 'the feed ran', 5_000);
      let shown = false;
      void fake
        .sink()!
        .tailShown()
        .then(() => (shown = true));
      session.handle({ type: 'ready' });
      await until(() => posted.some((m) => m.type === 'chunk'), 'the tail', 5_000);
      await new Promise((r) => setImmediate(r));
      assert.equal(shown, false, 'the tail was sent, but the page has not drawn it yet');
      session.handle({ type: 'tailShown' });
      await until(() => shown, 'tailShown resolved by the page', 1_000);
    } finally {
      session.dispose();
    }
  });

  it('a page that never says it drew the tail does not hold background reads for long (fake feed)', async () => {
    const fake = fakeFeed(['tail']);
    const feed = fake.feed;
    const session = fakeSession(feed);
    try {
      session.handle({ type: 'ready' });
      session.start();
      await until(() => fake.sink() !== undefined, 'the feed ran', 5_000);
      const t0 = Date.now();
      await fake.sink()!.tailShown();
      const waited = Date.now() - t0;
      assert.ok(waited >= 2_000 && waited < 10_000, `background reads waited ${waited} ms for the page (fallback 3 s)`);
    } finally {
      session.dispose();
    }
  });

  it('a page restored at a saved position also releases background reads once it drew its lines (fake feed)', async () => {
    const fake = fakeFeed(['line 1', 'line 2', 'line 3']);
    const posted: HostMessage[] = [];
    const session = fakeSession(fake.feed, posted);
    try {
      session.start();
      await until(() => fake.sink() !== undefined, 'the feed ran', 5_000);
      await session.idle();
      await new Promise((r) => setImmediate(r)); // the first load's drain
      let shown = false;
      void fake
        .sink()!
        .tailShown()
        .then(() => (shown = true));
      session.handle({ type: 'ready', restoreOffset: 7 });
      await until(() => posted.some((m) => m.type === 'chunk'), 'the restored lines', 5_000);
      const first = posted.find((m) => m.type === 'chunk');
      assert.ok(first?.type === 'chunk' && first.mode === 'at', 'the lines at the saved offset, not the tail');
      assert.equal(shown, false);
      session.handle({ type: 'tailShown' });
      await until(() => shown, 'tailShown resolved by the page', 1_000);
    } finally {
      session.dispose();
    }
  });
});
