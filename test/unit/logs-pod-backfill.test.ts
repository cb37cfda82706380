// The backfill's byte-level scan (pod-backfill.ts HeadScanner) against the string path every other
// pod log reader takes (streamPodLog: TextDecoder, split on newlines, splitTimestamp): the same
// lines spooled, the tail found at the same place, however the bytes are cut into chunks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeadScanner } from '../../src/features/logs/pod-backfill';
import { Spool } from '../../src/features/logs/spool';
import { splitTimestamp, type PodLogLine } from '../../src/kube/pod-logs';

const stamp = (i: number) => `2026-12-07T10:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}Z`;

/** The lines as streamPodLog gives them. */
function asStrings(body: Buffer): PodLogLine[] {
  const raw = new TextDecoder().decode(body).split('\n');
  if (raw.at(-1) === '') raw.pop();
  return raw.map((r) => ({ pod: 'p', container: 'c', ...splitTimestamp(r.endsWith('\r') ? r.slice(0, -1) : r) }));
}

/**
 * Feeds `body` in chunks cut at `cuts` (sorted offsets); returns the spooled text before the head
 * (decoded, as the page shows it: bytes that are not UTF-8 are spooled as they came) and the text
 * from it on, or all of it as `before` when the head was not found.
 */
async function scan(
  body: Buffer,
  head: PodLogLine[],
  cuts: number[],
  batchBytes = 1,
): Promise<{ before: string; from?: string }> {
  const spool = new Spool();
  try {
    // Scanned at every chunk by default (lines cut across scans, as between 256 KiB batches).
    const s = new HeadScanner(head, spool, batchBytes);
    let from = 0;
    let done = false;
    for (const to of [...cuts, body.length]) {
      if (to <= from) continue;
      done = s.push(body.subarray(from, to));
      from = to;
      if (done) break;
    }
    if (!done) s.end();
    const all = spool.read(0, spool.size);
    if (s.found === undefined) return { before: all.toString('utf8') };
    return { before: all.subarray(0, s.found).toString('utf8'), from: all.subarray(s.found).toString('utf8') };
  } finally {
    await spool.dispose();
  }
}

/** What the string path spools before the head. */
function before(lines: PodLogLine[], headAt: number): string {
  return lines
    .slice(0, headAt)
    .map((l) => `${l.text}\n`)
    .join('');
}

function randomCuts(n: number, size: number, seed: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * size;
  return Array.from({ length: n }, () => Math.floor(next())).sort((a, b) => a - b);
}

describe('pod log backfill scan (bytes) against the string path', () => {
  // CRLF lines, lines with no timestamp, multi-byte text, a byte that is not UTF-8, an empty text.
  const texts = [
    'INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor [] - started',
    'WARN  checkpoint 42 took 12 s — slow ✓',
    '\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:851)',
    '',
    'ERROR 流処理 failed: 체크포인트',
  ];
  const parts: Buffer[] = [];
  for (let i = 0; i < 300; i++) {
    const text = Buffer.from(`${texts[i % texts.length]} #${i}`);
    if (i % 37 === 5) parts.push(Buffer.from(`no timestamp here ${i}\n`));
    if (i % 53 === 7)
      parts.push(Buffer.concat([Buffer.from(`${stamp(i)} `), text, Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    else parts.push(Buffer.concat([Buffer.from(`${stamp(i)} `), text, Buffer.from(i % 11 === 3 ? '\r\n' : '\n')]));
  }
  const body = Buffer.concat(parts);
  const lines = asStrings(body);

  it('spools the same text and finds the tail where the string path does, however the chunks fall', async () => {
    for (const headAt of [0, 1, 57, lines.findIndex((l) => l.text.includes('\uFFFD')), lines.length - 20]) {
      assert.ok(headAt >= 0);
      const head = lines.slice(headAt, headAt + 20);
      for (const [k, cuts] of [
        [],
        randomCuts(40, body.length, headAt + 1),
        randomCuts(400, body.length, 7),
      ].entries()) {
        for (const batch of [1, 4096, 1 << 20]) {
          const got = await scan(body, head, cuts, batch);
          const what = `head at line ${headAt}, cuts #${k}, batches of ${batch} bytes`;
          assert.equal(got.before, before(lines, headAt), `${what}: the lines before it`);
          // After the cut the spool may hold some of the head's lines (read before it was whole).
          assert.ok(got.from !== undefined, `${what}: found`);
          assert.ok(`${head[0]!.text}\n`.startsWith(got.from.split('\n')[0]!), `${what}: the head starts at the cut`);
        }
      }
    }
  });

  it('finds a head whose first line came before alone, and one that ends a log without a last newline', async () => {
    const head = lines.slice(120, 125);
    // The head's first line once more earlier, followed by another line: a false start.
    const decoy = Buffer.concat([body.subarray(0, 50), Buffer.from(`${stamp(120)} ${head[0]!.text}\n`), body]);
    const d = await scan(decoy, head, randomCuts(30, decoy.length, 3));
    const prefix = asStrings(decoy);
    assert.equal(d.before, before(prefix, prefix.indexOf(prefix.find((l, i) => i > 2 && l.text === head[0]!.text)!)));

    const cutEnd = body.subarray(0, body.lastIndexOf(0x0a)); // the last line loses its newline
    const tailLines = asStrings(cutEnd).slice(-3);
    const e = await scan(cutEnd, tailLines, randomCuts(25, cutEnd.length, 9));
    assert.equal(e.before, before(asStrings(cutEnd), asStrings(cutEnd).length - 3));
    assert.notEqual(e.from, undefined, 'found at the end of the log');
  });

  it('finds nothing when the log no longer holds the head (rotated, restarted)', async () => {
    const head: PodLogLine[] = [{ pod: 'p', container: 'c', time: '2030-01-01T00:00:00.000000000Z', text: 'gone' }];
    const got = await scan(body, head, randomCuts(10, body.length, 5));
    assert.equal(got.from, undefined);
    assert.equal(got.before, lines.map((l) => `${l.text}\n`).join(''), 'every line spooled, timestamps cut off');
  });
});
