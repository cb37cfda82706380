import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FlinkRestError } from '../../src/flink/errors';
import {
  fetchLogTail,
  followLog,
  listLogFiles,
  logFilePath,
  streamLog,
  type FlinkLogTarget,
} from '../../src/flink/logs';
import { startFakeFlink, type FakeFlink } from './logs-fake-flink';

const TM = 'tm 127.0.0.1:6122-abc';
const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `2026-11-22 10:00:00,000 INFO  x [] - line ${from + i}\n`).join('');

for (const honourRange of [false, true]) {
  describe(`Flink REST log access (fake Flink server, Range ${honourRange ? 'honoured' : 'ignored as by Flink'})`, () => {
    let f: FakeFlink;
    let target: FlinkLogTarget;
    before(async () => {
      f = await startFakeFlink({ honourRange });
      target = { baseUrl: f.url, owner: { type: 'taskmanager', id: TM }, file: { kind: 'file', name: 'tm.log' } };
    });
    after(() => f.close());

    it('builds the REST paths with the TaskManager id encoded', () => {
      assert.equal(logFilePath({ type: 'taskmanager', id: 'a:1-b' }, { kind: 'main' }), '/taskmanagers/a%3A1-b/log');
      assert.equal(logFilePath({ type: 'jobmanager' }, { kind: 'stdout' }), '/jobmanager/stdout');
      assert.equal(
        logFilePath({ type: 'jobmanager' }, { kind: 'file', name: 'a b.log' }),
        '/jobmanager/logs/a%20b.log',
      );
    });

    it('lists log files', async () => {
      f.files.set(`/taskmanagers/${TM}/logs/tm.log`, Buffer.from(lines(3)));
      const list = await listLogFiles(f.url, { type: 'taskmanager', id: TM });
      assert.deepEqual(list, [{ name: 'tm.log', size: Buffer.byteLength(lines(3)), mtime: 1 }]);
    });

    it('streams a file from an offset, delivering only the new bytes', async () => {
      const body = Buffer.from(lines(1000));
      f.files.set(`/taskmanagers/${TM}/logs/tm.log`, body);
      const got: Buffer[] = [];
      const r = await streamLog(target, 0, (b) => got.push(Buffer.from(b)));
      assert.equal(Buffer.concat(got).toString(), body.toString());
      assert.equal(r.size, body.length);
      const more = Buffer.from(lines(10, 1000));
      f.files.set(`/taskmanagers/${TM}/logs/tm.log`, Buffer.concat([body, more]));
      const got2: Buffer[] = [];
      const r2 = await streamLog(target, body.length, (b) => got2.push(Buffer.from(b)));
      assert.equal(Buffer.concat(got2).toString(), more.toString());
      assert.equal(r2.rangeHonoured, honourRange);
      const r3 = await streamLog(target, body.length + more.length, () => assert.fail('nothing new'));
      assert.deepEqual([r3.bytes, r3.rotated], [0, false]);
      assert.equal(f.requests.at(-1)?.range, `bytes=${body.length + more.length}-`);
    });

    it('reports a rotated (shorter) file', async () => {
      f.files.set(`/taskmanagers/${TM}/logs/tm.log`, Buffer.from(lines(2)));
      const r = await streamLog(target, 10_000, () => undefined);
      assert.equal(r.rotated, true);
    });

    it('reads the tail starting at a whole line', async () => {
      const body = lines(5000);
      f.files.set(`/taskmanagers/${TM}/logs/tm.log`, Buffer.from(body));
      const t = await fetchLogTail(target, 1000);
      assert.ok(t.text.length <= 1000 && t.text.length > 800);
      assert.ok(body.endsWith(t.text));
      assert.match(t.text, /^2026-11-22/);
      assert.equal(t.size, Buffer.byteLength(body));
    });

    it('fails with a FlinkRestError that names the target and a next step', async () => {
      await assert.rejects(
        streamLog({ ...target, owner: { type: 'taskmanager', id: 'gone' } }, 0, () => undefined),
        (e: unknown) => {
          assert.ok(e instanceof FlinkRestError);
          assert.equal(e.status, 404);
          assert.match(e.message, /TaskManager gone tm\.log/);
          assert.match(e.message, /pod logs/);
          return true;
        },
      );
    });

    it('follows a growing file, marks a break and the resume', async () => {
      const path = `/taskmanagers/${TM}/logs/tm.log`;
      f.files.set(path, Buffer.from(lines(5)));
      const ctrl = new AbortController();
      const got: string[] = [];
      const events: string[] = [];
      const done = followLog(
        target,
        Buffer.byteLength(lines(5)),
        {
          onData: (b) => got.push(b.toString()),
          onBreak: () => events.push('break'),
          onResume: () => events.push('resume'),
          onRotate: () => events.push('rotate'),
        },
        { signal: ctrl.signal, intervalMs: 30, maxBackoffMs: 60 },
      );
      const wait = async (pred: () => boolean) => {
        for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
        assert.ok(pred());
      };
      f.files.set(path, Buffer.from(lines(7)));
      await wait(() => got.join('') === lines(2, 5));
      // Nothing new: only the cheap listing is polled, the file itself is not fetched again.
      const fileGets = () => f.requests.filter((r) => r.path === path).length;
      const before = fileGets();
      const listings = f.requests.length - before;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(fileGets(), before);
      assert.ok(f.requests.length - fileGets() > listings, 'the listing was polled');
      f.down = true;
      await wait(() => events.includes('break'));
      f.down = false;
      f.files.set(path, Buffer.from(lines(8)));
      await wait(() => events.includes('resume') && got.join('') === lines(3, 5));
      f.files.set(path, Buffer.from(lines(1, 100)));
      await wait(() => events.includes('rotate') && got.join('').endsWith(lines(1, 100)));
      ctrl.abort();
      await done;
      assert.deepEqual(events, ['break', 'resume', 'rotate']);
    });
  });
}
