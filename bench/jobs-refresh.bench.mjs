// Jobs view refresh benchmark: what the job explorer costs per refresh (requests, bytes, time to
// a full tree) on a cluster with >= 100 jobs in its history, against what the Flink Web UI's own
// overview page (cluster numbers + running and completed job lists) requests for the same view,
// recorded in the same run by loading the real Web UI in Debian's Chromium (playwright-core).
//   node --import tsx bench/jobs-refresh.bench.mjs [--jobs 100] [--rounds 5] [--webui-seconds 30]
// Needs the running test bed (.testbed/state.json or $TESTBED_STATE).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FlinkClient } from '../src/flink/client.ts';
import { Connections } from '../src/features/jobs/connections.ts';
import { JobsModel } from '../src/features/jobs/model.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MIN_JOBS = arg('jobs', 100);
const ROUNDS = arg('rounds', 5);
const WEBUI_SECONDS = arg('webui-seconds', 30);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const statePath = process.env.TESTBED_STATE ?? join(root, '.testbed', 'state.json');
if (!existsSync(statePath)) {
  console.error(`No test bed state at ${statePath}: start it with \`npm run testbed:up\`.`);
  process.exit(1);
}
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const base = state.flinkRestUrl;
const client = new FlinkClient({ baseUrl: base, timeoutMs: 60_000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

// ---- 1. a history of >= MIN_JOBS jobs (short batch jobs; bounded in count and time) -----------
async function ensureJobs() {
  let jobs = await client.jobsOverview();
  if (jobs.length >= MIN_JOBS) return jobs.length;
  const jar = state.exampleJar;
  const jarId = await client.uploadJar(basename(jar), readFileSync(jar));
  const deadline = Date.now() + 15 * 60_000;
  const slots = Math.max(1, Math.min(6, (await client.overview())['slots-available']));
  let submitted = 0;
  try {
    while (jobs.length < MIN_JOBS && submitted < MIN_JOBS + 20 && Date.now() < deadline) {
      const wave = Math.min(slots, MIN_JOBS - jobs.length);
      const ids = await Promise.all(
        Array.from({ length: wave }, (_, i) =>
          client.runJar(jarId, { programArgs: ['batch', `bench-batch-${jobs.length + i}`], parallelism: 1 }),
        ),
      );
      submitted += ids.length;
      for (const id of ids) {
        while (Date.now() < deadline && !['FINISHED', 'FAILED', 'CANCELED'].includes(await client.jobStatus(id)))
          await sleep(250);
      }
      jobs = await client.jobsOverview();
      process.stdout.write(`\rjobs in history: ${jobs.length}   `);
    }
  } finally {
    await client.deleteJar(jarId).catch(() => undefined);
  }
  process.stdout.write('\n');
  if (jobs.length < MIN_JOBS) throw new Error(`only ${jobs.length} jobs after ${submitted} submissions`);
  return jobs.length;
}

// ---- 2. our refresh: the tree with the cluster and every job group expanded -------------------
async function ours() {
  const records = [];
  const connections = new Connections({
    configured: () => [{ name: 'testbed', url: base }],
    onRequest: (r) => records.push(r),
  });
  const model = new JobsModel({ source: connections, onDidChange: () => undefined });
  const expandAll = async () => {
    const [cluster] = await model.resolveChildren();
    const kids = await model.resolveChildren(cluster);
    let jobs = 0;
    for (const g of kids.filter((n) => n.kind === 'stateGroup')) jobs += (await model.resolveChildren(g)).length;
    return jobs;
  };
  const cold = [];
  const warm = [];
  let jobsShown = 0;
  let perRefresh = { requests: 0, bytes: 0 };
  let first = { requests: 0, bytes: 0, paths: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Cold: a new model (first open of the view).
    const coldRecords = [];
    const m2 = new JobsModel({
      source: new Connections({
        configured: () => [{ name: 'testbed', url: base }],
        onRequest: (r) => coldRecords.push(r),
      }),
      onDidChange: () => undefined,
    });
    const t0 = performance.now();
    const [c] = await m2.resolveChildren();
    const k = await m2.resolveChildren(c);
    for (const g of k.filter((n) => n.kind === 'stateGroup')) await m2.resolveChildren(g);
    cold.push(performance.now() - t0);
    first = {
      requests: coldRecords.length,
      bytes: coldRecords.reduce((s, r) => s + r.bytes, 0),
      paths: coldRecords.map((r) => new URL(r.url).pathname),
    };
    m2.dispose();
    // Warm: a timer refresh of the open view.
    if (i === 0) await expandAll();
    records.length = 0;
    model.refresh();
    const t1 = performance.now();
    jobsShown = await expandAll();
    warm.push(performance.now() - t1);
    perRefresh = { requests: records.length, bytes: records.reduce((s, r) => s + r.bytes, 0) };
  }
  model.dispose();
  return {
    cold: median(cold),
    warm: median(warm),
    jobsShown,
    first,
    ...perRefresh,
    paths: records.map((r) => new URL(r.url).pathname),
  };
}

// ---- 3. the Flink Web UI's overview page, recorded in Chromium ---------------------------------
async function webUi() {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const api = [];
    const assets = { requests: 0, bytes: 0 };
    const t0 = performance.now();
    let firstJobList;
    page.on('response', async (res) => {
      const url = new URL(res.url());
      let bytes = 0;
      try {
        bytes = (await res.body()).length;
      } catch {
        /* redirects, aborted */
      }
      const isApi = res.request().resourceType() === 'xhr' || res.request().resourceType() === 'fetch';
      if (!isApi) {
        assets.requests++;
        assets.bytes += bytes;
        return;
      }
      api.push({ path: url.pathname, bytes, t: performance.now() - t0 });
      if (url.pathname === '/jobs/overview' && firstJobList === undefined) firstJobList = performance.now() - t0;
    });
    await page.goto(`${base}/#/overview`, { waitUntil: 'domcontentloaded' });
    // Time to a full view: the running job's name rendered in the list.
    await page.getByText('testbed-streaming').first().waitFor({ timeout: 60_000 });
    const rendered = performance.now() - t0;
    const started = performance.now() - t0;
    await page.waitForTimeout(WEBUI_SECONDS * 1000);
    const window = api.filter((r) => r.t >= started);
    const cfg = await client.config();
    return {
      rendered,
      firstJobList,
      all: api,
      window,
      seconds: WEBUI_SECONDS,
      interval: cfg['refresh-interval'],
      assets,
    };
  } finally {
    await browser.close();
  }
}

const count = (paths) =>
  Object.entries(paths.reduce((m, p) => ({ ...m, [p]: (m[p] ?? 0) + 1 }), {}))
    .map(([p, n]) => `${p} x${n}`)
    .join(', ');

const history = await ensureJobs();
console.log(`Flink ${state.flinkVersion} at ${base}: ${history} jobs in the history`);
const o = await ours();
const w = await webUi();

const webPolls = w.window.filter((r) => r.path === '/jobs/overview').length || 1;
const webPerRefresh = {
  requests: w.window.length / webPolls,
  bytes: w.window.reduce((s, r) => s + r.bytes, 0) / webPolls,
};
const webPerMinute = {
  requests: (w.window.length * 60) / w.seconds,
  bytes: (w.window.reduce((s, r) => s + r.bytes, 0) * 60) / w.seconds,
};
const ourInterval = 5; // flink.jobs.refreshInterval default, seconds
const ourPerMinute = { requests: o.requests * (60 / ourInterval), bytes: o.bytes * (60 / ourInterval) };

console.log('\njob explorer (src/features/jobs/model.ts), cluster + every state group expanded:');
console.log(`  first load: ${o.first.requests} requests, ${kib(o.first.bytes)} (${count(o.first.paths)})`);
console.log(`  per refresh: ${o.requests} requests, ${kib(o.bytes)} (${count(o.paths)}); ${o.jobsShown} jobs shown`);
console.log(`  time to full tree: cold ${o.cold.toFixed(0)} ms, refresh ${o.warm.toFixed(0)} ms (median of ${ROUNDS})`);
console.log(
  `  per minute at the default ${ourInterval} s interval: ${ourPerMinute.requests} requests, ${kib(ourPerMinute.bytes)}`,
);
console.log(
  `\nFlink Web UI #/overview in Chromium, ${w.seconds} s after first render (refresh-interval ${w.interval} ms):`,
);
console.log(
  `  first load: ${w.all.filter((r) => r.t < w.rendered).length} API requests before the job list rendered (${count(w.all.filter((r) => r.t < w.rendered).map((r) => r.path))}), plus ${w.assets.requests} static assets (${kib(w.assets.bytes)})`,
);
console.log(
  `  time to job list rendered: ${w.rendered.toFixed(0)} ms (first /jobs/overview answer at ${w.firstJobList?.toFixed(0)} ms)`,
);
console.log(
  `  polling: ${w.window.length} API requests, ${kib(w.window.reduce((s, r) => s + r.bytes, 0))} (${count(w.window.map((r) => r.path))})`,
);
console.log(`  per refresh cycle: ${webPerRefresh.requests.toFixed(1)} requests, ${kib(webPerRefresh.bytes)}`);
console.log(`  per minute: ${webPerMinute.requests.toFixed(0)} requests, ${kib(webPerMinute.bytes)}`);
console.log('\nratios (job explorer / Web UI):');
console.log(`  requests per refresh: ${(o.requests / webPerRefresh.requests).toFixed(2)}`);
console.log(`  bytes per refresh:    ${(o.bytes / webPerRefresh.bytes).toFixed(2)}`);
console.log(`  requests per minute:  ${(ourPerMinute.requests / webPerMinute.requests).toFixed(2)}`);
console.log(`  bytes per minute:     ${(ourPerMinute.bytes / webPerMinute.bytes).toFixed(2)}`);
console.log(
  `  time to full view:    ${(o.cold / w.rendered).toFixed(2)} (cold tree vs Web UI job list render, which includes its page load)`,
);
