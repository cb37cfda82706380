// What the REST fill-in looks for in Flink's log file: the pod log's first lines with a time (the
// read itself is tested on the real Flink and kwok in test/integration/logs-pod-rest-fill.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileToFill, lineTime, restHead } from '../../src/features/logs/rest-fill';

describe('REST fill-in: the pod log lines to find in the file', () => {
  it("reads a line's leading time as Flink's log4j patterns write it", () => {
    assert.equal(lineTime('2026-12-07 19:54:01,123 INFO  x - y'), Date.UTC(2026, 11, 7, 19, 54, 1, 123));
    assert.equal(lineTime('2026-12-07T19:54:01.5 INFO'), Date.UTC(2026, 11, 7, 19, 54, 1, 500));
    assert.equal(lineTime('2026-12-07 19:54:01 INFO'), Date.UTC(2026, 11, 7, 19, 54, 1));
    assert.equal(lineTime('\tat org.example.Job.map(Job.java:12)'), undefined);
    assert.equal(lineTime('Starting taskexecutor as a console application on host tm-0.'), undefined);
    assert.equal(lineTime('12:00:01 INFO'), undefined);
  });

  it('starts at the first line with a time and keeps the lines before it apart', () => {
    const lines = [
      '\tat org.example.Job.map(Job.java:12)',
      '\t... 12 more',
      ...Array.from({ length: 8 }, (_, i) => `2026-12-07 10:00:00,00${i} INFO record ${i}`),
    ];
    const h = restHead(lines);
    assert.deepEqual(h?.skipped, lines.slice(0, 2));
    assert.deepEqual(h?.lines, lines.slice(2, 7));
    assert.equal(h?.time, Date.UTC(2026, 11, 7, 10));
    assert.equal(restHead(['no time here', 'nor here']), undefined);
    assert.deepEqual(restHead([lines[2]!])?.lines, [lines[2]]);
  });

  it("picks the file that holds the pod log's first line from Flink's list of log files", () => {
    const main = { kind: 'main' } as const;
    const log = 'flink--taskexecutor-0-tm-0.log';
    const MB = 1 << 20;
    // The pod log (10 MB of text) holds every line: no file holds more.
    assert.equal(fileToFill([{ name: log, size: 8 * MB }], main, 10 * MB), undefined);
    // Flink's current file holds more than the pod log: it was rotated, and that file holds its first line.
    assert.equal(fileToFill([{ name: log, size: 60 * MB }], main, 10 * MB), main);
    // Flink rolled its file after the pod log's first line: the newest rolled one holds it.
    const rolled = [
      { name: log, size: 2 * MB, mtime: 300 },
      { name: `${log}.1`, size: 100 * MB, mtime: 100 },
      { name: `${log}.2`, size: 100 * MB, mtime: 200 },
      { name: 'flink--taskexecutor-0-tm-0.out', size: 50 * MB },
    ];
    assert.deepEqual(fileToFill(rolled, main, 10 * MB), { kind: 'file', name: `${log}.2` });
    // Without times, the higher index is the newer (log4j's DefaultRolloverStrategy).
    const untimed = rolled.map(({ name, size }) => ({ name, size }));
    assert.deepEqual(fileToFill(untimed, main, 10 * MB), { kind: 'file', name: `${log}.2` });
    // Times decide over the index when Flink gives them (a fixed-window strategy counts the other way).
    const fixedWindow = rolled.map((f) => (f.name === `${log}.1` ? { ...f, mtime: 250 } : f));
    assert.deepEqual(fileToFill(fixedWindow, main, 10 * MB), { kind: 'file', name: `${log}.1` });
    // The pod log holds more than the current and the newest rolled file: the next one back.
    assert.deepEqual(fileToFill(rolled, main, 103 * MB), { kind: 'file', name: `${log}.1` });
    // ... and more than all of them: not rotated.
    assert.equal(fileToFill(rolled, main, 203 * MB), undefined);
    // A named file and its rolled ones; names that only look alike are not.
    const named = [
      { name: 'app.log', size: MB },
      { name: 'app.log.1', size: 20 * MB },
      { name: 'app.log.old', size: 90 * MB },
      { name: 'app.log.1.gz', size: 90 * MB },
    ];
    assert.deepEqual(fileToFill(named, { kind: 'file', name: 'app.log' }, 10 * MB), {
      kind: 'file',
      name: 'app.log.1',
    });
    assert.equal(
      fileToFill(named.slice(0, 1).concat(named.slice(2)), { kind: 'file', name: 'app.log' }, 10 * MB),
      undefined,
    );
    // Two processes' logs in one directory: which rolled files are this one's is unknown.
    const shared = [
      { name: 'flink-jobmanager.log', size: MB },
      { name: log, size: MB },
      { name: `${log}.1`, size: 100 * MB },
    ];
    assert.equal(fileToFill(shared, main, 10 * MB), undefined);
    assert.deepEqual(fileToFill(shared, { kind: 'file', name: log }, 10 * MB), { kind: 'file', name: `${log}.1` });
  });
});
