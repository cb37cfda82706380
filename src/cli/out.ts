// Output through the file descriptors themselves: `process.stdout` on a pipe or file loads Node's
// stream machinery (a tenth of a one-file run's start-up), which a CLI that writes once never needs.
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to fd 1 or 2; a closed reader (EPIPE, e.g. `| head`) ends the output quietly. */
export function writeOut(fd: 1 | 2, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < buf.length) {
    try {
      at += writeSync(fd, buf, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 5); // a non-blocking pipe is full: let the reader catch up
    }
  }
}
