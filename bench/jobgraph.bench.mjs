// Job graph benchmark, against the Flink Web UI's job page on the same job in the same run:
//   1. bytes and requests per minute while the view is open (goal: <= 0.3x the Web UI's),
//   2. time to the first drawn graph (page open -> every vertex drawn), ours and the Web UI's,
//   3. a 200-vertex job drawn in the page (layout by dagre + SVG; goal < 500 ms),
//   4. page heap after many refreshes of that 200-vertex graph (bounded: growth after GC).
//   node --import tsx bench/jobgraph.bench.mjs [--seconds 60] [--refreshes 300]
// Needs the running test bed (.testbed/state.json or $TESTBED_STATE) with its back-pressured job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { JobGraphSession } from '../src/features/jobgraph/session.ts';
import { launchChromium } from '../test/webview/harness.ts';
import { JobGraphPage, startJobGraphServer } from '../test/webview/jobgraph-harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 60);
const REFRESHES = arg('refreshes', 300);
const statePath = process.env.TESTBED_STATE ?? join(root, '.testbed', 'state.json');
if (!existsSync(statePath)) {
  console.error(`No test bed state at ${statePath}: start it with \`npm run testbed:up\`.`);
  process.exit(1);
}
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const base = state.flinkRestUrl;
const jobId = state.backpressureJobId;
if (!jobId) {
  console.error('The test bed has no backpressureJobId: restart it (npm run testbed:down && npm run testbed:up).');
  process.exit(1);
}
const cfg = await (await fetch(`${base}/config`)).json();
const INTERVAL = cfg['refresh-interval'] ?? 3000;
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launchChromium();
const server = await startJobGraphServer();

async function webUi() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const api = [];
  const t0 = performance.now();
  page.on('response', async (res) => {
    const type = res.request().resourceType();
    if (type !== 'xhr' && type !== 'fetch') return;
    let bytes = 0;
    try {
      bytes = (await res.body()).length;
    } catch {
      /* aborted */
    }
    api.push({ path: new URL(res.url()).pathname, bytes, t: performance.now() - t0 });
  });
  await page.goto(`${base}/#/job/running/${jobId}/overview`, { waitUntil: 'domcontentloaded' });
  await page.getByText(state.backpressureJob.slowVertex).first().waitFor({ timeout: 60_000 });
  const drawn = performance.now() - t0;
  const start = performance.now() - t0;
  await page.waitForTimeout(SECONDS * 1000);
  await page.close();
  const win = api.filter((r) => r.t >= start);
  return { drawn, requests: win.length, bytes: win.reduce((s, r) => s + r.bytes, 0), paths: win.map((r) => r.path) };
}

async function ours() {
  const records = [];
  const t0 = performance.now();
  const h = await JobGraphPage.open(browser, server.url, { width: 1400, height: 800 });
  const session = new JobGraphSession(
    { baseUrl: base, onRequest: (r) => records.push({ ...r, t: performance.now() - t0 }) },
    jobId,
    h.poster(),
    { intervalMs: INTERVAL },
  );
  await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
  h.attach(session);
  await h.until(`document.querySelectorAll('.vertex').length === 3`, 60_000);
  const drawn = performance.now() - t0;
  const start = performance.now() - t0;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  session.dispose();
  await h.page.close();
  const win = records.filter((r) => r.t >= start);
  return {
    drawn,
    requests: win.length,
    bytes: win.reduce((s, r) => s + r.bytes, 0),
    paths: win.map((r) => new URL(r.url).pathname),
  };
}

function bigSnapshot(n, round) {
  const vertices = Array.from({ length: n }, (_, i) => ({
    id: `v${i}`,
    name: `Operator ${i} -> Map -> Filter`,
    parallelism: 4,
    status: 'RUNNING',
    figures: {
      busy: (i * 37 + round * 13) % 1000,
      backpressured: (i * 11 + round) % 300,
      idle: 100,
      recordsIn: i * round,
    },
  }));
  const edges = vertices.flatMap((_, i) => {
    const out = [];
    if (i % 20 !== 19) out.push({ source: `v${i}`, target: `v${i + 1}`, shipStrategy: 'FORWARD' });
    if (i % 20 === 5 && i + 20 < n) out.push({ source: `v${i}`, target: `v${i + 21}`, shipStrategy: 'HASH' });
    return out;
  });
  return {
    jobId: '0'.repeat(32),
    jobName: 'bench',
    jobState: 'RUNNING',
    vertices,
    edges,
    takenAt: Date.now(),
    missing: [],
  };
}

async function big() {
  const draws = [];
  for (let i = 0; i < 5; i++) {
    const h = await JobGraphPage.open(browser, server.url, { width: 1400, height: 800 });
    await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
    const t0 = performance.now();
    await h.send({ type: 'snapshot', snapshot: bigSnapshot(200, 0) });
    await h.until(`document.querySelectorAll('.vertex').length === 200`, 30_000);
    draws.push({ page: Number(await h.eval(`document.body.dataset.drawMs`)), wall: performance.now() - t0 });
    await h.page.close();
  }
  // Heap: many refreshes of the same 200-vertex graph, measured after a forced GC.
  const h = await JobGraphPage.open(browser, server.url, { width: 1400, height: 800 });
  await h.until(`window.__harnessSent.some((m) => m.type === 'ready')`);
  const cdp = await h.page.context().newCDPSession(h.page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  await h.send({ type: 'snapshot', snapshot: bigSnapshot(200, 0) });
  await h.until(`document.querySelectorAll('.vertex').length === 200`, 30_000);
  const before = await heap();
  for (let r = 1; r <= REFRESHES; r++) await h.send({ type: 'snapshot', snapshot: bigSnapshot(200, r) });
  await h.until(`document.body.dataset.snapshots === '${REFRESHES + 1}'`, 120_000);
  const after = await heap();
  await h.page.close();
  return { draws, before, after };
}

try {
  console.log(
    `Flink ${state.flinkVersion} at ${base}, job ${jobId}; refresh interval ${INTERVAL} ms; ${SECONDS} s each`,
  );
  const w = await webUi();
  const o = await ours();
  const perMin = (x) => (x * 60) / SECONDS;
  const ratio = o.bytes / w.bytes;
  console.log(
    `Web UI job page: first graph ${w.drawn.toFixed(0)} ms; ${perMin(w.requests).toFixed(0)} requests, ${kib(perMin(w.bytes))} per minute`,
  );
  console.log(`  paths: ${[...new Set(w.paths)].join(', ')}`);
  console.log(
    `job graph view:  first graph ${o.drawn.toFixed(0)} ms; ${perMin(o.requests).toFixed(0)} requests, ${kib(perMin(o.bytes))} per minute`,
  );
  console.log(`  paths: ${[...new Set(o.paths)].join(', ')}`);
  console.log(`bytes per minute: ${ratio.toFixed(2)}x the Web UI's (goal <= 0.3x)`);
  console.log(`first graph: ${(o.drawn / w.drawn).toFixed(2)}x the Web UI's time`);
  const b = await big();
  const pageMs = median(b.draws.map((d) => d.page));
  const wallMs = median(b.draws.map((d) => d.wall));
  console.log(
    `200 vertices: layout + draw in the page ${pageMs.toFixed(0)} ms, message to drawn ${wallMs.toFixed(0)} ms (median of 5; goal < 500 ms)`,
  );
  console.log(
    `heap after ${REFRESHES} refreshes of 200 vertices: ${kib(b.before)} -> ${kib(b.after)} (${(b.after / b.before).toFixed(2)}x)`,
  );
  const ok = ratio <= 0.3 && pageMs < 500 && b.after < b.before * 1.5;
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  await server.close();
}
