// Benchmark: the pod log backfill (the whole log read behind the tail, in the extension host)
// on a 100 MB TaskManager-like pod log served by the test bed's real API server and kwok, against
// - its floor: a bare read of the same pod log (bytes counted, nothing else), and
// - the string path it replaced (kept here as the peer): streamPodLog's lines (a string per line)
//   written to the spool one line at a time, as backfillPodLog did before 2026-12-07.
// Per run: wall time, this process's CPU time (user + system), and the time its event loop was
// held in pauses over 20 ms (what a view's scrolling or another extension would feel). Target
// (ours): the backfill's CPU at most twice the bare read's; the exit code is 1 otherwise.
//
//   node --import tsx bench/pod-backfill.bench.mjs [--mb 100] [--rounds 3]
import { closeSync, existsSync, openSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CoreV1Api } from '@kubernetes/client-node';
import { untilPodRunning } from '../test/support/pods.ts';
import { testbedState } from '../test/support/testbed.ts';
import { loadKubeConfig } from '../src/kube/config.ts';
import { streamPodLog, streamPodLogBytes } from '../src/kube/pod-logs.ts';
import { backfillPodLog } from '../src/features/logs/pod-backfill.ts';
import { Spool } from '../src/features/logs/spool.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
process.env.TESTBED_STATE ??= join(root, '.testbed', 'state.json');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MB = arg('mb', 100);
const ROUNDS = arg('rounds', 3);
const CONTAINER = 'bench-taskmanager';

/** Writes `bytes` of TaskManager-like lines in CRI form (one stamp per millisecond, ending before now). */
function generate(path, bytes) {
  const fd = openSync(path, 'w');
  let ms = Date.now() - Math.ceil(bytes / 100) - 2_000;
  let written = 0;
  for (let i = 0; written < bytes;) {
    let b = '';
    for (let k = 0; k < 5000; k++, i++) {
      const level = i % 997 === 0 ? 'ERROR' : i % 7 === 0 ? 'DEBUG' : 'INFO ';
      b += `${new Date(ms++).toISOString().replace('Z', '000000Z')} stdout F 2026-12-07 10:00:00,000 ${level} org.apache.flink.runtime.taskexecutor.TaskExecutor [] - Processed record batch ${i} for subtask Map (${(i % 4) + 1}/4)#0\n`;
    }
    written += writeSync(fd, b);
  }
  closeSync(fd);
}

/** Runs `fn`, measuring wall time, CPU time and event-loop pauses over 20 ms. */
async function measure(fn) {
  let held = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    if (now - last > 25) held += now - last - 5;
    last = now;
  }, 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(tick);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, heldMs: held, result };
}

async function main() {
  const state = testbedState();
  const criLog = state.podLogs?.bench?.file;
  if (!criLog || !existsSync(criLog))
    throw new Error('the test bed state has no bench pod log (podLogs.bench.file): restart the test bed');
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = `backfill-bench-${Date.now().toString(36)}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  try {
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'tm' },
        spec: { nodeName: String(state.kwokNodeName), containers: [{ name: CONTAINER, image: 'flink:1.20' }] },
      },
    });
    await untilPodRunning(core, namespace, 'tm');
    console.log(`generating a ${MB} MB pod log at ${criLog} ...`);
    generate(criLog, MB * 1024 * 1024);
    const opts = { container: CONTAINER };
    // The tail's first lines, as the view has them: the backfill reads the whole log to find them.
    const tail = [];
    await streamPodLog(kc, namespace, 'tm', { ...opts, tailLines: 20 }, (l) => tail.push(l));

    const sides = {
      'bare read': async () => {
        let n = 0;
        await streamPodLogBytes(kc, namespace, 'tm', opts, (c) => (n += c.length));
        return n;
      },
      'backfill (bytes)': async () => {
        const r = await backfillPodLog(kc, namespace, 'tm', opts, tail, new AbortController().signal);
        const size = r?.cut ?? -1;
        await r?.spool.dispose();
        return size;
      },
      'string path (before)': async () => {
        const spool = new Spool();
        await streamPodLog(kc, namespace, 'tm', opts, (l) => spool.appendLine(l.text));
        const size = spool.size;
        await spool.dispose();
        return size;
      },
    };
    const runs = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, fn] of Object.entries(sides)) {
        const r = await measure(fn);
        runs[name].push(r);
        console.log(
          `round ${round + 1} ${name.padEnd(22)} ${r.ms.toFixed(0).padStart(6)} ms, CPU ${r.cpuMs.toFixed(0).padStart(6)} ms, event loop held ${r.heldMs.toFixed(0).padStart(5)} ms (${r.result} bytes)`,
        );
      }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const m = (name, k) => med(runs[name].map((r) => r[k]));
    console.log(`\npod-backfill benchmark (${MB} MB pod log, median of ${ROUNDS}):`);
    for (const name of Object.keys(sides))
      console.log(
        `  ${name.padEnd(22)} ${m(name, 'ms').toFixed(0).padStart(6)} ms (${(m(name, 'ms') / m('bare read', 'ms')).toFixed(2)}x the bare read), CPU ${m(name, 'cpuMs').toFixed(0)} ms, event loop held ${m(name, 'heldMs').toFixed(0)} ms`,
      );
    console.log(
      `  backfill against the string path: ${(m('string path (before)', 'ms') / m('backfill (bytes)', 'ms')).toFixed(1)}x faster, ${(m('string path (before)', 'cpuMs') / m('backfill (bytes)', 'cpuMs')).toFixed(1)}x less CPU`,
    );
    // Our own target (the issue sets none): the host spends at most twice a bare read's CPU.
    const cpuRatio = m('backfill (bytes)', 'cpuMs') / m('bare read', 'cpuMs');
    console.log(`  backfill CPU: ${cpuRatio.toFixed(2)}x the bare read's (target <= 2x)`);
    if (cpuRatio > 2) process.exitCode = 1;
  } finally {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    truncateSync(criLog, 0);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
