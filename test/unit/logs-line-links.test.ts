// The links of a log line (src/features/logs/line-links.ts): stack frames, job, TaskManager and
// checkpoint ids as Flink writes them, what the host accepts back from the page, and where a
// frame's source file is looked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLinks, frameGlobs, isLineLink, type LineLink } from '../../src/features/logs/line-links';

const links = (t: string) => findLinks(t).map((r) => ({ text: t.slice(r.start, r.end), link: r.link }));

describe('log line links', () => {
  it('parses Java, Scala and Kotlin stack frames, with modules, inner classes, lambdas and constructors', () => {
    const cases: [string, LineLink][] = [
      ['\tat com.acme.Foo.bar(Foo.java:42)', { kind: 'frame', className: 'com.acme.Foo', file: 'Foo.java', line: 42 }],
      [
        '\tat java.base/java.lang.Thread.run(Thread.java:833)',
        { kind: 'frame', className: 'java.lang.Thread', file: 'Thread.java', line: 833 },
      ],
      [
        '\tat app//com.acme.job.Pipeline$Mapper.lambda$map$0(Pipeline.java:7)',
        { kind: 'frame', className: 'com.acme.job.Pipeline$Mapper', file: 'Pipeline.java', line: 7 },
      ],
      [
        '    at org.example.Main.<init>(Main.scala:3)',
        { kind: 'frame', className: 'org.example.Main', file: 'Main.scala', line: 3 },
      ],
      [
        'at com.acme.KtJob.run(KtJob.kt:120) ~[job.jar:?]',
        { kind: 'frame', className: 'com.acme.KtJob', file: 'KtJob.kt', line: 120 },
      ],
    ];
    for (const [line, want] of cases) {
      const got = links(line);
      assert.equal(got.length, 1, line);
      assert.deepEqual(got[0]!.link, want, line);
      assert.ok(got[0]!.text.startsWith('at '), line);
    }
    // No line number, native methods and unknown sources are not links.
    for (const line of [
      '\tat sun.misc.Unsafe.park(Native Method)',
      '\tat com.acme.Foo.bar(Unknown Source)',
      '\tat com.acme.Foo.bar(Foo.java)',
      '\t... 12 more',
    ])
      assert.deepEqual(links(line), [], line);
  });

  it('finds job, TaskManager and checkpoint ids as Flink logs them', () => {
    const jid = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    assert.deepEqual(links(`Job TestJob (${jid}) switched from state RUNNING to FAILING.`), [
      { text: jid, link: { kind: 'job', jobId: jid } },
    ]);
    assert.deepEqual(links(`Completed checkpoint 42 for job ${jid} (12345 bytes, checkpointDuration=31 ms).`), [
      { text: 'checkpoint 42', link: { kind: 'checkpoint', checkpointId: 42, jobId: jid } },
      { text: jid, link: { kind: 'job', jobId: jid } },
    ]);
    assert.deepEqual(links('Triggering Checkpoint 7 (type=CheckpointType{name=Checkpoint}) @ 1700000000000'), [
      { text: 'Checkpoint 7', link: { kind: 'checkpoint', checkpointId: 7 } },
    ]);
    assert.deepEqual(links('Registering TaskManager with ResourceID 127.0.0.1:34341-bf72c6 (pekko.tcp://x)'), [
      { text: '127.0.0.1:34341-bf72c6', link: { kind: 'taskManager', taskManagerId: '127.0.0.1:34341-bf72c6' } },
    ]);
    // Longer hex runs, ids glued to words and upper case are not job ids.
    for (const line of [`x${jid}`, `${jid}ff`, jid.toUpperCase(), `blob_${jid}`])
      assert.deepEqual(links(line), [], line);
  });

  it('accepts back from the page only well-formed links', () => {
    assert.ok(isLineLink({ kind: 'frame', className: 'com.acme.Foo', file: 'Foo.java', line: 1 }));
    assert.ok(isLineLink({ kind: 'checkpoint', checkpointId: 3 }));
    for (const bad of [
      { kind: 'frame', className: '../../etc/passwd', file: 'Foo.java', line: 1 },
      { kind: 'frame', className: 'com.acme.Foo', file: '../x.java', line: 1 },
      { kind: 'frame', className: 'com.acme.Foo', file: 'Foo.java', line: 0 },
      { kind: 'frame', className: 'com.acme.Foo', file: 'Foo.sh', line: 2 },
      { kind: 'job', jobId: 'nope' },
      { kind: 'checkpoint', checkpointId: -1 },
      { kind: 'taskManager', taskManagerId: '<script>' },
      { kind: 'command', id: 'workbench.action.terminal.new' },
      null,
      'job',
    ])
      assert.equal(isLineLink(bad), false, JSON.stringify(bad));
  });

  it('looks for a frame source by package path, then by file name', () => {
    assert.deepEqual(frameGlobs({ kind: 'frame', className: 'com.acme.Foo$Inner', file: 'Foo.java', line: 1 }), [
      '**/com/acme/Foo.java',
      '**/Foo.java',
    ]);
    assert.deepEqual(frameGlobs({ kind: 'frame', className: 'Main', file: 'Main.java', line: 1 }), ['**/Main.java']);
  });

  it('does not scan a huge line', () => {
    assert.deepEqual(findLinks(`${'x'.repeat(30_000)} at com.acme.Foo.bar(Foo.java:42)`), []);
  });
});
