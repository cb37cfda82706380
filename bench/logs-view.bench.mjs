// Benchmark: the log viewer vs the Flink Web UI's log page on the same 100 MB TaskManager log,
// served by the same real Flink (the test bed's), in the same Chromium.
//
//   node --import tsx bench/logs-view.bench.mjs [--mb 100] [--rounds 3] [--keep]
//
// The file is written into the Flink log directory (Flink serves any file there through
// /taskmanagers/:id/logs/:file). Our side is the real host code path: LogSession + FlinkFileFeed
// (src/flink/logs.ts) against Flink, feeding the built page through the test harness. The Web UI
// side opens `#/task-manager/<id>/log-list/<file>` (Monaco with the whole file), then Ctrl+End.
// Measured per run: time from navigation until the last line is visible, and the peak JS heap of
// the page (CDP Performance.getMetrics, sampled every 50 ms). Printed as ratios (Web UI / ours).
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { testbedState } from '../test/support/testbed.ts';
import { HarnessPage, launchChromium, startPageServer } from '../test/webview/harness.ts';
import { FlinkFileFeed } from '../src/features/logs/feeds.ts';
import { LogSession } from '../src/features/logs/session.ts';
import { listLogFiles } from '../src/flink/logs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// testbed.ts finds the state file from its own __dirname, which tsx does not set for ESM importers.
process.env.TESTBED_STATE ??= join(root, '.testbed', 'state.json');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MB = arg('mb', 100);
const ROUNDS = arg('rounds', 3);
const FILE = `bench-taskmanager-${MB}mb.log`;
const LAST = `BENCH LAST LINE ${MB}MB`;
const TIMEOUT = 180_000;

function generate(path, bytes) {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const fd = openSync(path, 'w');
  const classes = [
    'org.apache.flink.runtime.taskexecutor.TaskExecutor',
    'org.apache.flink.runtime.io.network.netty.NettyServer',
    'org.apache.flink.streaming.runtime.tasks.StreamTask',
    'org.apache.flink.runtime.state.heap.HeapKeyedStateBackend',
    'org.apache.flink.runtime.checkpoint.channel.ChannelStateWriteRequestExecutorImpl',
  ];
  const trace = [
    'java.io.IOException: Connection reset by peer',
    '\tat sun.nio.ch.FileDispatcherImpl.read0(Native Method)',
    '\tat org.apache.flink.shaded.netty4.io.netty.channel.nio.AbstractNioByteChannel$NioByteUnsafe.read(AbstractNioByteChannel.java:163)',
    '\tat org.apache.flink.runtime.io.network.netty.CreditBasedPartitionRequestClientHandler.exceptionCaught(CreditBasedPartitionRequestClientHandler.java:185)',
    '\t... 23 more',
  ];
  let written = 0;
  let i = 0;
  const t = Date.UTC(2026, 10, 22, 0, 0, 0);
  while (written < bytes) {
    const parts = [];
    for (let k = 0; k < 5000; k++, i++) {
      const d = new Date(t + i * 7).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
      const level = i % 997 === 0 ? 'ERROR' : i % 101 === 0 ? 'WARN ' : i % 7 === 0 ? 'DEBUG' : 'INFO ';
      parts.push(
        `${d} ${level} ${classes[i % classes.length].padEnd(60)} [] - Processed record batch ${i} for subtask Map (${(i % 4) + 1}/4)#0 in ${i % 97} ms\n`,
      );
      if (level === 'ERROR') parts.push(trace.join('\n') + '\n');
    }
    const buf = Buffer.from(parts.join(''));
    writeSync(fd, buf);
    written += buf.length;
  }
  writeSync(fd, Buffer.from(`2026-11-22 23:59:59,999 INFO  ${classes[0].padEnd(60)} [] - ${LAST}\n`));
  closeSync(fd);
}

async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let stop = false;
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const h = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    if (h > peak) peak = h;
  };
  const loop = (async () => {
    while (!stop) {
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async done() {
      stop = true;
      await loop;
      await sample().catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      return peak;
    },
  };
}

async function pollUntil(page, js, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(js).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out: ${js.slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Same conditions for both: Flink has the TaskManager's file in its blob cache. Returns the time
 * of a bare download of the whole file (node:http, bytes discarded): the floor that Flink's lack
 * of Range support sets for any client that wants the last lines.
 */
function warm(restUrl, tmId) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    httpGet(`${restUrl}/taskmanagers/${encodeURIComponent(tmId)}/logs/${FILE}`, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(Date.now() - t0));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function runViewer(browser, pageServer, restUrl, tmId) {
  const h = await HarnessPage.open(browser, 'about:blank');
  const heap = await heapSampler(h.page);
  const t0 = Date.now();
  const post = h.poster();
  let hostMs = 0; // when the host had the whole file and sent the tail
  const session = new LogSession(
    new FlinkFileFeed({
      baseUrl: restUrl,
      owner: { type: 'taskmanager', id: tmId },
      file: { kind: 'file', name: FILE },
    }),
    (m) => {
      if (m.type === 'chunk' && !hostMs) hostMs = Date.now() - t0;
      post(m);
    },
    { copy() {}, openInEditor() {}, saveToFile() {} },
  );
  h.attach(session);
  session.start();
  await h.page.goto(pageServer.url);
  await pollUntil(
    h.page,
    `Array.from(document.querySelectorAll('#rows .row:not([hidden]) .text')).some((e) => e.textContent.endsWith(${JSON.stringify(LAST)}) && e.getBoundingClientRect().bottom <= document.getElementById('viewport').getBoundingClientRect().bottom + 1 && e.getBoundingClientRect().top >= 0)`,
    TIMEOUT,
  );
  const ms = Date.now() - t0;
  const peak = await heap.done();
  session.dispose();
  await h.page.close();
  return { ms, hostMs, peakHeap: peak };
}

async function runWebUi(browser, restUrl, tmId) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const heap = await heapSampler(page);
  const t0 = Date.now();
  await page.goto(`${restUrl}/#/task-manager/${encodeURIComponent(tmId)}/log-list/${FILE}`);
  // Loaded: Monaco shows the file's first line (it wraps long lines, hence the join; it renders spaces as NBSP).
  await pollUntil(
    page,
    `Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line')).map((e) => e.textContent).join('').replace(/\u00a0/g, ' ').includes('Processed record batch 0 ')`,
    TIMEOUT,
  );
  const loadedMs = Date.now() - t0;
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+End');
  await pollUntil(
    page,
    `Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line')).map((e) => e.textContent).join('').replace(/\u00a0/g, ' ').includes(${JSON.stringify(LAST)})`,
    TIMEOUT,
  );
  const ms = Date.now() - t0;
  const peak = await heap.done();
  await page.close();
  return { ms, loadedMs, peakHeap: peak };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const state = testbedState();
  const restUrl = state.flinkRestUrl;
  const tms = (await (await fetch(`${restUrl}/taskmanagers`)).json()).taskmanagers;
  const tmId = tms[0].id;
  const path = join(state.flinkLogDir, FILE);
  console.log(`generating ${MB} MB TaskManager-like log at ${path} ...`);
  generate(path, MB * 1024 * 1024);
  const files = await listLogFiles(restUrl, { type: 'taskmanager', id: tmId });
  const served = files.find((f) => f.name === FILE);
  if (!served)
    throw new Error(
      `TaskManager ${tmId} does not list ${FILE} (log dir ${state.flinkLogDir}); files: ${files.map((f) => f.name).join(', ')}`,
    );
  console.log(`Flink ${state.flinkVersion} serves ${FILE} (${mb(served.size)}) for TaskManager ${tmId}`);
  if (!existsSync(join(root, 'dist/media/logs.js')))
    spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

  const browser = await launchChromium();
  const pageServer = await startPageServer();
  const ours = [];
  const webui = [];
  const floors = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const floor = await warm(restUrl, tmId);
      floors.push(floor);
      ours.push(await runViewer(browser, pageServer, restUrl, tmId));
      await warm(restUrl, tmId);
      webui.push(await runWebUi(browser, restUrl, tmId));
      const o = ours.at(-1);
      const w = webui.at(-1);
      console.log(
        `round ${r + 1}: viewer ${o.ms} ms (host had the tail at ${o.hostMs} ms; bare download ${floor} ms), peak heap ${mb(o.peakHeap)} | Web UI ${w.ms} ms (content loaded ${w.loadedMs} ms), peak heap ${mb(w.peakHeap)}`,
      );
    }
  } finally {
    await browser.close();
    await pageServer.close();
    // Other suites list the log directory: do not leave 100 MB in it (--keep to reuse it).
    if (!process.argv.includes('--keep')) rmSync(path, { force: true });
  }
  const res = {
    fileBytes: served.size,
    flinkVersion: state.flinkVersion,
    viewer: {
      ms: median(ours.map((x) => x.ms)),
      hostMs: median(ours.map((x) => x.hostMs)),
      peakHeap: median(ours.map((x) => x.peakHeap)),
    },
    bareDownloadMs: median(floors),
    loadAverage: loadavg()[0],
    webUi: {
      ms: median(webui.map((x) => x.ms)),
      loadedMs: median(webui.map((x) => x.loadedMs)),
      peakHeap: median(webui.map((x) => x.peakHeap)),
    },
  };
  const speedup = res.webUi.ms / res.viewer.ms;
  const heapRatio = res.webUi.peakHeap / res.viewer.peakHeap;
  console.log(
    `\nlogs-view benchmark (median of ${ROUNDS} rounds, ${mb(res.fileBytes)} file, Flink ${res.flinkVersion})`,
  );
  console.log(
    `  time to last lines visible: viewer ${res.viewer.ms} ms, Flink Web UI ${res.webUi.ms} ms  ->  ${speedup.toFixed(1)}x faster (target >= 5x)`,
  );
  console.log(
    `  of which: host had the tail after ${res.viewer.hostMs} ms; a bare download of the file takes ${res.bareDownloadMs} ms (Flink ignores Range); 1-min load average ${res.loadAverage.toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    `  peak page JS heap:          viewer ${mb(res.viewer.peakHeap)}, Flink Web UI ${mb(res.webUi.peakHeap)}  ->  ${heapRatio.toFixed(1)}x less memory`,
  );
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(
    join(root, 'test-results', 'bench-logs-view.json'),
    JSON.stringify({ ...res, rounds: { viewer: ours, webUi: webui }, speedup, heapRatio }, null, 2),
  );
  process.exitCode = speedup >= 5 ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
