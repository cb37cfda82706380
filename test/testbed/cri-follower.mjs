// Keeps CRI-format copies of Flink's log files current, for kwok's pod logs (kwok only reads CRI
// or Docker-JSON lines: `<RFC3339Nano> stdout F <text>`). Runs detached as its own process:
//   node cri-follower.mjs <flink.log>=<cri.log> [...]
// Polls every 200 ms, copies complete new lines, and starts over when the source is rotated.
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync, appendFileSync } from 'node:fs';

const pairs = process.argv.slice(2).map((a) => {
  const i = a.indexOf('=');
  return { src: a.slice(0, i), dst: a.slice(i + 1), offset: 0, rest: '' };
});
for (const p of pairs) writeFileSync(p.dst, '');

// The CRI timestamp is the Flink line's own time ("2026-11-22 22:41:31,394", the JVM's local
// zone, as Node's), so that kubectl --timestamps and merged multi-pod views order lines as Flink
// wrote them; continuation lines (stack traces) keep the previous line's time; never backwards.
const FLINK_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) /;
function stamp(p, line) {
  const m = FLINK_TIME.exec(line);
  let t = p.lastTime ?? Date.now();
  if (m) t = new Date(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]).getTime();
  if (p.lastTime !== undefined && t < p.lastTime) t = p.lastTime;
  p.lastTime = t;
  return new Date(t).toISOString().replace('Z', '000000Z');
}

function pump(p) {
  if (!existsSync(p.src)) return;
  const size = statSync(p.src).size;
  if (size < p.offset) {
    p.offset = 0;
    p.rest = '';
  } // rotated or truncated
  if (size === p.offset) return;
  const fd = openSync(p.src, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size - p.offset, 4 << 20));
    const n = readSync(fd, buf, 0, buf.length, p.offset);
    p.offset += n;
    const text = p.rest + buf.subarray(0, n).toString('utf8');
    const lines = text.split('\n');
    p.rest = lines.pop() ?? '';
    if (!lines.length) return;
    appendFileSync(p.dst, lines.map((l) => `${stamp(p, l)} stdout F ${l}\n`).join(''));
  } finally {
    closeSync(fd);
  }
}

setInterval(() => {
  for (const p of pairs) {
    try {
      pump(p);
    } catch (e) {
      console.error(`cri-follower: ${p.src}: ${e.message}`);
    }
  }
}, 200);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
