import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseOpenLogsArgs, sourceKey } from '../../src/features/logs/args';
import { FlinkFileFeed, type FeedSink, type LogFeed } from '../../src/features/logs/feeds';
import { renderLogsHtml } from '../../src/features/logs/html';
import { isPageMessage, type HostMessage } from '../../src/features/logs/protocol';
import { LogSession } from '../../src/features/logs/session';
import { Spool } from '../../src/features/logs/spool';
import { normalizeTimestamp, splitTimestamp } from '../../src/kube/pod-logs';
import { startFakeFlink, type FakeFlink } from './logs-fake-flink';
import { cpuMs } from '../support/cpu';
import { NO_ACTIONS } from '../support/log-actions';

const line = (i: number) => `2026-11-22 10:00:00,000 INFO  org.apache.flink.X [] - line ${i}\n`;
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => line(from + i)).join('');
type Chunk = Extract<HostMessage, { type: 'chunk' }>;

describe('log spool', () => {
  it('keeps whole lines only and reads windows aligned to lines', async () => {
    const s = new Spool();
    try {
      assert.equal(s.append(Buffer.from('abc')), 0);
      assert.equal(s.append(Buffer.from('def\nghi\njk')), 11);
      assert.equal(s.size, 11);
      assert.equal(s.pendingBytes, 2);
      s.appendLine('marker');
      assert.equal(s.read(0, s.size).toString(), 'abcdef\nghi\njk\nmarker\n');
      assert.deepEqual(s.readBefore(s.size, 9), { start: 14, end: 21, text: 'marker\n' });
      assert.deepEqual(s.readAfter(0, 9), { start: 0, end: 7, text: 'abcdef\n' });
      assert.deepEqual(s.readAfter(7, 100), { start: 7, end: 21, text: 'ghi\njk\nmarker\n' });
      // A single line longer than the window is cut rather than lost.
      assert.equal(s.readBefore(7, 3).text, 'ef\n');
      assert.equal(s.diskSize(), 21);
    } finally {
      await s.dispose();
    }
    assert.equal(existsSync(s.path), false);
  });
});

describe('log spool in bulk mode', () => {
  it('writes in the background, in order; reads see every whole line at once, the file what is written', async () => {
    const s = new Spool();
    try {
      s.beginBulk();
      let expected = '';
      let sawQueued = false;
      // More appends than one writev takes (1,024 buffers), lines split across appends.
      for (let i = 0; i < 3_000; i++) {
        const piece = i % 3 === 2 ? `${i}\n` : `${i},`;
        expected += piece;
        const before = s.size;
        const shown = s.append(Buffer.from(piece));
        assert.equal(s.size, expected.lastIndexOf('\n') + 1, 'every whole line is visible at once');
        assert.equal(shown, s.size - before);
        assert.equal(s.read(0, s.size).toString(), expected.slice(0, s.size), 'from disk and memory alike');
        // The tail of what was accepted, read while the writes are still queued.
        const tail = s.readBefore(s.size, 12).text;
        assert.ok(s.size === 0 || (tail.length > 0 && expected.slice(0, s.size).endsWith(tail)), tail);
        assert.ok(s.onDisk <= s.size && s.diskSize() >= s.onDisk, 'the file holds what onDisk says');
        if (s.onDisk < s.size) sawQueued = true;
      }
      assert.ok(sawQueued, 'some lines were read before they were on disk');
      s.appendLine('marker');
      expected += 'marker\n';
      await s.endBulk();
      assert.equal(s.onDisk, Buffer.byteLength(expected));
      assert.equal(s.size, Buffer.byteLength(expected));
      assert.equal(s.read(0, s.size).toString(), expected);
      assert.equal(s.diskSize(), Buffer.byteLength(expected));
      // After bulk: written at once again.
      assert.equal(s.append(Buffer.from('tail\n')), 5);
      assert.equal(s.readBefore(s.size, 5).text, 'tail\n');
    } finally {
      s.dispose();
    }
  });

  it('puts earlier lines in front of a spool whose first load is still being written', async () => {
    const tail = new Spool();
    const earlier = new Spool();
    try {
      tail.beginBulk();
      const big = `${'x'.repeat(1 << 20)}\n`;
      for (let i = 0; i < 8; i++) tail.append(Buffer.from(big));
      tail.append(Buffer.from('last\npartial'));
      assert.ok(tail.onDisk < tail.size, 'the tail spool still has queued writes');
      earlier.appendLine('first');
      earlier.appendLine('drop me');
      earlier.spliceBefore(6, tail);
      const want = `first\n${big.repeat(8)}last\n`;
      assert.equal(earlier.size, want.length);
      assert.equal(earlier.read(0, earlier.size).toString(), want);
      earlier.flush();
      assert.equal(
        earlier.readBefore(earlier.size, 100).text,
        'last\npartial\n',
        'the pending partial line came along',
      );
    } finally {
      tail.dispose();
      earlier.dispose();
    }
  });

  it('a spool reset or disposed during a background write loses nothing else and writes nowhere else', async () => {
    const s = new Spool();
    s.beginBulk();
    s.append(Buffer.alloc(4 << 20, 0x61));
    s.append(Buffer.from('\n'));
    s.reset();
    await s.endBulk();
    assert.equal(s.size, 0);
    s.append(Buffer.from('new\n'));
    assert.equal(s.read(0, s.size).toString(), 'new\n');
    s.beginBulk();
    s.append(Buffer.alloc(4 << 20, 0x62));
    const gone = s.dispose();
    await s.endBulk();
    assert.equal(s.size, 0);
    await gone;
    assert.equal(existsSync(s.path), false);
  });
});

describe('log spool without newlines', () => {
  it('keeps no copy of a newline-free log in memory and spools 32 MiB in linear time', () => {
    // Before: every chunk re-concatenated the pending bytes (32 MiB: 11 s and a 32 MiB buffer).
    const s = new Spool();
    try {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const mib = 32;
      global.gc?.();
      const before = process.memoryUsage().arrayBuffers;
      const { ms } = cpuMs(() => {
        for (let i = 0; i < mib * 16; i++) assert.equal(s.append(chunk), 0);
      });
      const grown = process.memoryUsage().arrayBuffers - before;
      assert.equal(s.size, 0);
      assert.equal(s.pendingBytes, mib << 20);
      assert.ok(grown < 8 << 20, `pending bytes held in memory: ${grown} bytes`);
      assert.ok(ms < 5_000, `32 MiB took ${ms.toFixed(0)} ms of CPU`);
      // A newline at last makes the whole line visible; the carriage returns stay in it.
      assert.equal(s.append(Buffer.from('b\rc\nd')), (mib << 20) + 4);
      assert.equal(s.pendingBytes, 1);
      assert.equal(s.readBefore(s.size, 5).text, 'ab\rc\n');
      s.flush();
      assert.equal(s.readBefore(s.size, 2).text, 'd\n');
      assert.equal(s.diskSize(), s.size);
    } finally {
      s.dispose();
    }
  });

  it('never reads outside the spool for negative, fractional or absurd offsets', () => {
    const s = new Spool();
    try {
      s.append(Buffer.from('one\ntwo\n'));
      assert.equal(s.read(-5, 3).toString(), 'one');
      assert.equal(s.read(1.5, 3.7).toString(), 'ne');
      assert.deepEqual(s.readAfter(-1, 100), { start: 0, end: 8, text: 'one\ntwo\n' });
      assert.deepEqual(s.readBefore(2.5, 100), { start: 0, end: 2, text: 'on' });
      assert.deepEqual(s.readAfter(Number.POSITIVE_INFINITY, 100), { start: 8, end: 8, text: '' });
      assert.deepEqual(s.readAfter(Number.NaN, 4), { start: 0, end: 4, text: 'one\n' });
    } finally {
      s.dispose();
    }
  });
});

describe('log session: earlier lines being read', () => {
  it('tells a page that comes back that earlier lines are still being read, and not once they are in', async () => {
    let sink: FeedSink | undefined;
    const feed: LogFeed = {
      source: { title: 't', description: 'd', tagged: false, canFollow: false },
      run: async (s) => {
        sink = s;
        s.line('last');
        s.initialDone();
      },
    };
    const posted: HostMessage[] = [];
    const session = new LogSession(feed, (m) => posted.push(m), NO_ACTIONS);
    try {
      session.handle({ type: 'ready' });
      session.start();
      await session.idle();
      sink!.earlier(true, 1 << 20, 'pod');
      assert.deepEqual(posted.at(-1), { type: 'earlier', reading: true, bytes: 1 << 20, from: 'pod' });
      // The page was hidden and loads again: it hears where the reading is.
      posted.length = 0;
      session.handle({ type: 'ready' });
      assert.deepEqual(
        posted.find((m) => m.type === 'earlier'),
        { type: 'earlier', reading: true, bytes: 1 << 20, from: 'pod' },
      );
      sink!.earlier(false, 0, 'pod');
      posted.length = 0;
      session.handle({ type: 'ready' });
      assert.equal(
        posted.some((m) => m.type === 'earlier'),
        false,
      );
    } finally {
      session.dispose();
    }
  });
});

describe('log session after dispose', () => {
  it('ignores a feed that still writes after dispose: the closed spool is never read or written', async () => {
    // Seen in CI: a pod that ended after the panel closed wrote a marker, whose flush then read
    // the closed descriptor (EBADF) after the test had ended.
    let late: FeedSink | undefined;
    const feed: LogFeed = {
      source: { title: 't', description: 'd', tagged: false, canFollow: true },
      run: async (sink) => {
        late = sink;
        sink.line('first');
        sink.initialDone();
      },
    };
    const posted: HostMessage[] = [];
    const session = new LogSession(feed, (m) => posted.push(m), NO_ACTIONS);
    session.handle({ type: 'ready' });
    session.start();
    await session.idle();
    const before = posted.length;
    session.dispose();
    await session.idle();
    // A file opened now may get the descriptor number the spool had: nothing may reach it.
    const other = new Spool();
    try {
      other.appendLine('other file');
      late!.line('late line');
      late!.marker('pod tm-c/taskmanager deleted');
      late!.data(Buffer.from('bytes\n'));
      late!.status('broken', 'late');
      await new Promise((r) => setTimeout(r, 120)); // past the 50 ms append timer
      assert.equal(posted.length, before);
      assert.equal(other.read(0, other.size).toString(), 'other file\n');
      assert.equal(other.diskSize(), 'other file\n'.length);
    } finally {
      other.dispose();
    }
  });
});

describe('flink.openLogs arguments', () => {
  it('accepts the shapes other features pass, tree nodes included', () => {
    assert.deepEqual(parseOpenLogsArgs({ restUrl: 'http://127.0.0.1:8081', taskManagerId: 'tm-1' }), {
      kind: 'flink',
      args: { restUrl: 'http://127.0.0.1:8081', taskManagerId: 'tm-1' },
    });
    assert.deepEqual(parseOpenLogsArgs({ clusterId: 'url:x', taskManagerId: 't', fileName: 'a.log' }), {
      kind: 'flink',
      args: { clusterId: 'url:x', taskManagerId: 't', fileName: 'a.log' },
    });
    assert.deepEqual(parseOpenLogsArgs({ kind: 'taskmanager', clusterId: 'c', tm: { id: 'tm-9' } }), {
      kind: 'flink',
      args: { clusterId: 'c', taskManagerId: 'tm-9' },
    });
    assert.deepEqual(
      parseOpenLogsArgs({ kind: 'logFile', clusterId: 'c', taskManagerId: 't', file: { name: 'x.log', size: 1 } }),
      { kind: 'flink', args: { clusterId: 'c', taskManagerId: 't', fileName: 'x.log' } },
    );
    assert.deepEqual(parseOpenLogsArgs({ kind: 'job', clusterId: 'c', job: { jid: 'j1' } }), {
      kind: 'flink',
      args: { clusterId: 'c', jobId: 'j1' },
    });
    assert.deepEqual(parseOpenLogsArgs({ namespace: 'ns', pod: 'p', container: undefined, previous: true }), {
      kind: 'pod',
      args: { pod: 'p', namespace: 'ns', previous: true },
    });
    assert.deepEqual(parseOpenLogsArgs({ labelSelector: 'component=taskmanager' }), {
      kind: 'selector',
      args: { labelSelector: 'component=taskmanager' },
    });
    assert.equal(parseOpenLogsArgs(undefined), undefined);
    assert.equal(parseOpenLogsArgs({ something: 1 }), undefined);
    const a = parseOpenLogsArgs({ pod: 'p', namespace: 'n' })!;
    const b = parseOpenLogsArgs({ pod: 'p', namespace: 'n', previous: true })!;
    assert.notEqual(sourceKey(a), sourceKey(b));
  });

  it('renders the page shell with a strict CSP, a fresh crypto nonce on every script and style, and its files inlined', () => {
    const r = {
      assets: {
        // A bundle may hold the closing tag in a string: inlined, it must not end the element.
        script: 'window.x = "</script><b>x</b>", y = /<!--b/;\n//# sourceMappingURL=logs.js.map\n',
        styles: ['body { color: red }', '.a::after { content: "</style>" }'],
      },
      scriptMapUri: 'https://webview.example/dist/media/logs.js.map',
    };
    const a = renderLogsHtml(r);
    const b = renderLogsHtml(r);
    const nonce = /script-src 'nonce-([^']+)'/.exec(a)?.[1];
    assert.ok(nonce && nonce.length >= 24);
    assert.notEqual(nonce, /script-src 'nonce-([^']+)'/.exec(b)?.[1]);
    assert.match(a, /default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; base-uri 'none'/);
    assert.deepEqual(a.match(/<script[^>]*>/g), [`<script nonce="${nonce}">`]);
    assert.deepEqual(a.match(/<style[^>]*>/g), [`<style nonce="${nonce}">`, `<style nonce="${nonce}">`]);
    assert.equal(a.match(/<\/script>/g)?.length, 1);
    assert.equal(a.match(/<\/style>/g)?.length, 2);
    assert.ok(a.includes('window.x = "<\\/script><b>x</b>", y = /<\\x21--b/;'));
    assert.ok(a.includes('//# sourceMappingURL=https://webview.example/dist/media/logs.js.map'));
    assert.doesNotMatch(a, /sourceMappingURL=logs\.js\.map/);
    assert.doesNotMatch(a, /\ssrc=|\shref=|\sstyle="|\son\w+="/);
  });

  it('validates page messages', () => {
    assert.equal(isPageMessage({ type: 'loadBefore', offset: 10 }), true);
    assert.equal(isPageMessage({ type: 'loadBefore', offset: -1 }), false);
    assert.equal(isPageMessage({ type: 'copy', text: 1 }), false);
    assert.equal(isPageMessage({ type: 'nope' }), false);
  });

  it('parses pod log timestamps into sortable strings', () => {
    assert.equal(normalizeTimestamp('2026-11-22T10:00:00.5Z'), '2026-11-22T10:00:00.500000000Z');
    assert.equal(normalizeTimestamp('2026-11-22T10:00:00Z'), '2026-11-22T10:00:00.000000000Z');
    assert.ok(normalizeTimestamp('2026-11-22T10:00:00.5Z') < normalizeTimestamp('2026-11-22T10:00:00.50001Z'));
    assert.deepEqual(splitTimestamp('2026-11-22T10:00:00.123456789Z hello world'), {
      time: '2026-11-22T10:00:00.123456789Z',
      text: 'hello world',
    });
    assert.deepEqual(splitTimestamp('no timestamp'), { time: '', text: 'no timestamp' });
  });
});

describe('log session over a Flink file (fake Flink server)', () => {
  let f: FakeFlink;
  const path = '/jobmanager/logs/jm.log';
  before(async () => {
    f = await startFakeFlink();
  });
  after(() => f.close());

  function session(
    opts: { tailBytes?: number; chunkBytes?: number; firstTailBytes?: number; freshPage?: boolean } = {},
  ) {
    const posted: HostMessage[] = [];
    const actions: string[] = [];
    const feed = new FlinkFileFeed(
      { baseUrl: f.url, owner: { type: 'jobmanager' }, file: { kind: 'file', name: 'jm.log' } },
      40,
    );
    const s = new LogSession(
      feed,
      (m) => posted.push(m),
      {
        copy: (t) => {
          actions.push(`copy:${t}`);
        },
        openInEditor: (t) => {
          actions.push(`open:${t}`);
        },
        saveToFile: (p) => {
          actions.push(`save:${readFileSync(p, 'utf8').length}`);
        },
      },
      {
        tailBytes: opts.tailBytes ?? 2_000,
        chunkBytes: opts.chunkBytes ?? 3_000,
        ...(opts.firstTailBytes ? { firstTailBytes: opts.firstTailBytes } : {}),
        ...(opts.freshPage ? { freshPage: true } : {}),
      },
    );
    const chunks = () => posted.filter((m): m is Chunk => m.type === 'chunk');
    const until = async (pred: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(pred(), `timed out waiting for ${what}`);
    };
    return { s, posted, actions, chunks, until };
  }

  it('sends the tail first, earlier lines on request, and follows with appends', async () => {
    const body = lines(500);
    f.files.set(path, Buffer.from(body));
    const { s, posted, actions, chunks, until } = session();
    s.handle({ type: 'ready' });
    s.start();
    await until(() => chunks().length === 1, 'the tail');
    assert.equal(posted[0].type, 'init');
    const tail = chunks()[0];
    assert.equal(tail.mode, 'tail');
    assert.equal(tail.end, Buffer.byteLength(body));
    assert.ok(body.endsWith(tail.text) && tail.text.startsWith('2026') && tail.text.length <= 2_000);

    s.handle({ type: 'loadBefore', offset: tail.start });
    const before = chunks()[1];
    assert.equal(before.mode, 'before');
    assert.equal(before.end, tail.start);
    assert.equal(body.slice(before.start, before.end), before.text);

    f.files.set(path, Buffer.from(body + lines(3, 500)));
    await until(() => chunks().some((c) => c.mode === 'append'), 'an append');
    const app = chunks().find((c) => c.mode === 'append')!;
    assert.equal(app.start, tail.end);
    assert.equal(app.text, lines(3, 500));
    assert.ok(posted.some((m) => m.type === 'status' && m.state === 'live'));

    s.handle({ type: 'copy', text: 'x' });
    s.handle({ type: 'saveToFile' });
    await until(() => actions.length === 2, 'the save');
    assert.deepEqual(actions, ['copy:x', `save:${body.length + lines(3, 500).length}`]);

    // Paused: no more appends; resumed: the lines written meanwhile arrive.
    s.handle({ type: 'setFollow', follow: false });
    await s.idle();
    const n = chunks().length;
    f.files.set(path, Buffer.from(body + lines(5, 500)));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(chunks().length, n);
    s.handle({ type: 'setFollow', follow: true });
    await until(() => chunks().length > n, 'appends after resume');
    assert.equal(
      chunks()
        .slice(n)
        .map((c) => c.text)
        .join(''),
      lines(2, 503),
    );
    s.dispose();
  });

  it('posts init and the tail to a fresh page before it says ready, and answers that ready with nothing more', async () => {
    const body = lines(500);
    f.files.set(path, Buffer.from(body));
    const { s, posted, chunks, until } = session({ freshPage: true });
    // Its host delivers these once the page has loaded (VS Code holds them until then).
    assert.deepEqual(
      posted.map((m) => m.type),
      ['init', 'status'],
    );
    s.start();
    await until(() => chunks().length === 1, 'the tail, without a ready');
    assert.equal(chunks()[0].mode, 'tail');
    assert.equal(chunks()[0].end, Buffer.byteLength(body));
    const n = posted.length;
    s.handle({ type: 'ready' });
    assert.equal(posted.length, n, 'the first ready of that page is already answered');
    // Hidden (its document torn down) and shown again: the new document is answered in full.
    s.pageGone();
    s.handle({ type: 'ready' });
    assert.deepEqual(
      posted.slice(n).map((m) => (m.type === 'chunk' ? `chunk ${m.mode}` : m.type)),
      ['init', 'status', 'chunk tail'],
    );
    s.dispose();
  });

  it('answers a fresh page in full when its first ready restores a saved position', async () => {
    const body = lines(500);
    f.files.set(path, Buffer.from(body));
    const { s, posted, chunks, until } = session({ freshPage: true });
    s.start();
    await until(() => chunks().length === 1, 'the tail');
    const n = posted.length;
    s.handle({ type: 'ready', restoreOffset: 0, follow: true });
    assert.deepEqual(
      posted.slice(n).map((m) => (m.type === 'chunk' ? `chunk ${m.mode}` : m.type)),
      ['init', 'status', 'chunk at'],
    );
    assert.equal(chunks().at(-1)?.start, 0);
    s.dispose();
  });

  it('sends a few screens of the tail first and the rest of it once the page drew them', async () => {
    const body = lines(500);
    f.files.set(path, Buffer.from(body));
    const { s, chunks, until } = session({ tailBytes: 8_000, firstTailBytes: 1_000 });
    s.handle({ type: 'ready', follow: false });
    s.start();
    await until(() => chunks().length === 1, 'the tail');
    const first = chunks()[0];
    assert.equal(first.mode, 'tail');
    assert.equal(first.end, Buffer.byteLength(body));
    assert.ok(first.text.length <= 1_000 && body.endsWith(first.text), `first part: ${first.text.length} chars`);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(chunks().length, 1, 'nothing more before the page drew the first lines');
    s.handle({ type: 'tailShown' });
    const rest = chunks()[1];
    assert.equal(rest?.mode, 'before');
    assert.equal(rest.end, first.start);
    assert.equal(body.slice(rest.start, rest.end), rest.text);
    assert.ok(first.end - rest.start > 6_000 && first.end - rest.start <= 8_000, 'together: the 8,000-byte tail');
    s.handle({ type: 'tailShown' });
    assert.equal(chunks().length, 2, 'the rest is sent once');
    s.dispose();
  });

  it('writes break and resume markers into the log when Flink goes away and comes back', async () => {
    f.files.set(path, Buffer.from(lines(10)));
    const { s, chunks, until, posted } = session();
    s.handle({ type: 'ready' });
    s.start();
    await until(() => chunks().length === 1, 'the tail');
    f.down = true;
    await until(() => posted.some((m) => m.type === 'status' && m.state === 'broken'), 'broken status');
    f.down = false;
    f.files.set(path, Buffer.from(lines(11)));
    await until(
      () =>
        chunks()
          .map((c) => c.text)
          .join('')
          .includes('line 10'),
      'resume',
    );
    const text = chunks()
      .slice(1)
      .map((c) => c.text)
      .join('');
    assert.match(text, /^──── stream broken: .* ────\n──── stream resumed at .* ────\n.*line 10\n$/);
    s.dispose();
  });

  it('ignores page offsets that are negative or fractional instead of throwing', async () => {
    f.files.set(path, Buffer.from(lines(50)));
    const { s, chunks, until } = session();
    s.start();
    s.handle({ type: 'ready', restoreOffset: -7 });
    await until(() => chunks().length === 1, 'the tail');
    assert.equal(chunks()[0]!.mode, 'tail');
    s.handle({ type: 'loadAfter', offset: 1.5 });
    s.handle({ type: 'loadAfter', offset: -1 });
    s.handle({ type: 'loadBefore', offset: 100.25 });
    s.handle({ type: 'loadBefore', offset: Number.NaN });
    assert.equal(chunks().length, 1);
    s.pageGone();
    s.handle({ type: 'ready', restoreOffset: 0.5 });
    assert.equal(chunks()[1]!.mode, 'tail');
    s.handle({ type: 'loadAfter', offset: 61 });
    assert.equal(chunks()[2]!.mode, 'after');
    s.dispose();
  });

  it('restores a page at a saved offset', async () => {
    f.files.set(path, Buffer.from(lines(200)));
    const { s, chunks, until } = session();
    s.start();
    s.handle({ type: 'ready' });
    await until(() => chunks().length === 1, 'the tail');
    s.pageGone();
    s.handle({ type: 'ready', restoreOffset: 1000 });
    const at = chunks()[1];
    assert.equal(at.mode, 'at');
    assert.equal(at.start, 1000);
    s.dispose();
  });
});
