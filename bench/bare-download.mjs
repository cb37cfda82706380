// The bare download the logs bench compares the REST source with, in a process of its own: the
// bench's own thread holds Playwright and a large heap, whose collections slowed a download there
// by 1.5-2x, which would lower the floor's bar. Asked over IPC ({ url }), answers { ms } or { error }.
import { get as httpGet } from 'node:http';
import { performance } from 'node:perf_hooks';

process.on('message', ({ url }) => {
  const t0 = performance.now();
  httpGet(url, (res) => {
    res.on('data', () => undefined);
    res.on('end', () => process.send({ ms: Math.round(performance.now() - t0) }));
    res.on('error', (e) => process.send({ error: e.message }));
  }).on('error', (e) => process.send({ error: e.message }));
});
