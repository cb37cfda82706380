// Bytes a source lends the spool (a view into one reused read buffer, as raw-get.ts gives) are
// copied into slabs while they wait for the disk, and the slabs are reused once written: every byte
// must reach the file, and reads before and after the writes, unchanged by the buffer's reuse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Spool } from '../../src/features/logs/spool';

describe('spool: borrowed bytes', () => {
  it('keeps every borrowed byte while the lender reuses its buffer, through slab reuse', async () => {
    const spool = new Spool();
    try {
      spool.beginBulk();
      const lent = Buffer.alloc(64 << 10);
      const expected: Buffer[] = [];
      for (let i = 0; i < 400; i++) {
        // A different line pattern per read, in the same buffer each time.
        const line = Buffer.from(`read ${i} ${'abcdefghij'.repeat(1 + (i % 7))}\n`);
        const n = lent.length - (i % 3) * 1000;
        for (let o = 0; o < n; o++) lent[o] = line[o % line.length]!;
        if (i % 40 === 39) lent[n - 1] = 0x0a; // a marker follows a whole line
        spool.append(lent.subarray(0, n), true);
        expected.push(Buffer.from(lent.subarray(0, n)));
        if (i % 40 === 39) {
          spool.appendLine(`marker ${i}`);
          expected.push(Buffer.from(`marker ${i}\n`));
        }
        // Let background writes finish now and then, so written slabs are reused.
        if (i % 25 === 24) await new Promise((r) => setImmediate(r));
      }
      lent.fill(0x58); // the lender's buffer changes once more: nothing kept may point into it
      const all = Buffer.concat(expected);
      const visible = all.subarray(0, all.lastIndexOf(0x0a) + 1);
      assert.equal(spool.size, visible.length);
      assert.ok(spool.read(0, spool.size).equals(visible), 'reads while writes are queued');
      await spool.endBulk();
      assert.ok(readFileSync(spool.path).subarray(0, visible.length).equals(visible), 'the file on disk');
      assert.ok(spool.read(0, spool.size).equals(visible), 'reads from the file');
    } finally {
      await spool.dispose();
    }
  });
});
