// What the REST fill-in looks for in Flink's log file: the pod log's first lines with a time (the
// read itself is tested on the real Flink and kwok in test/integration/logs-pod-rest-fill.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineTime, restHead } from '../../src/features/logs/rest-fill';

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
});
