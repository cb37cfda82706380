// The extension host's side of one logs-view bench run, in a worker thread: the feed (finding the
// TaskManager's pod, or its REST file) and the LogSession. In VS Code the extension host is a
// process of its own, apart from the renderer that starts the page; run in the bench's main
// thread, the host's work held up Playwright's (the page's document reported late, the held
// messages delivered late), which VS Code's own queue of early messages never waits for.
//
// One thread for the whole bench, as one extension host serves every view of a window: its code is
// as warm for a later view as the extension host's would be. Each run (view) has an id.
// Messages: main -> worker {go, id, t0, data}, then {page, id, m} per page message, {dispose, id};
// worker -> main {ready} (modules loaded), and per run {host, m} per post, {trace, at, what},
// {tail, ms}, {error, message}, {done}.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Loader hooks are per thread: the main thread's `--import tsx` does not load TypeScript here.
register();
// The sources are CommonJS to tsx (no "type": "module"): their exports are the default export.
const load = async (path) => {
  const m = await import(path);
  return m.default ?? m;
};
const { FlinkFileFeed } = await load('../src/features/logs/feeds.ts');
const { findFlinkPod, flinkPodFeed } = await load('../src/features/logs/flink-pod.ts');
const { LogSession } = await load('../src/features/logs/session.ts');
const { loadKubeConfig } = await load('../src/kube/config.ts');

process.setSourceMapsEnabled(false);
/** Runs by id: the session once made, and the page messages that came before it. */
const runs = new Map();

async function makeFeed(w) {
  const owner = { type: 'taskmanager', id: w.tmId };
  if (w.kind === 'rest') return new FlinkFileFeed({ baseUrl: w.restUrl, owner, file: { kind: 'file', name: w.file } });
  const kc = loadKubeConfig({ kubeconfigPath: w.kubeconfig, context: w.context });
  const ref = await findFlinkPod(
    kc,
    { namespace: w.namespace, jobManagerSelector: 'component=jobmanager' },
    owner,
    async (id) => (await (await fetch(`${w.restUrl}/taskmanagers`)).json()).taskmanagers.find((t) => t.id === id)?.path,
  );
  if (!ref) throw new Error('findFlinkPod found no pod for the TaskManager');
  return flinkPodFeed(kc, w.namespace, ref, owner);
}

/** Reports each stall of this thread's event loop over 40 ms. */
function stallMonitor(trace) {
  let last = Date.now();
  return setInterval(() => {
    const now = Date.now();
    if (now - last - 10 > 40) trace(`host event loop stalled ${now - last - 10} ms`);
    last = now;
  }, 10);
}

async function go(run, t0, w) {
  const send = (m) => parentPort.postMessage({ id: run.id, ...m });
  const trace = (what) => {
    if (w.trace) send({ type: 'trace', at: Date.now(), what });
  };
  if (w.trace) run.stalls = stallMonitor(trace);
  const feed = await makeFeed(w);
  trace(`feed made: ${feed.source.description}`);
  let tail = false;
  run.session = new LogSession(
    feed,
    (m) => {
      if (m.type === 'chunk' && !tail) {
        tail = true;
        send({ type: 'tail', ms: Date.now() - t0 });
      }
      trace(`host posts ${m.type} ${m.mode ?? m.state ?? ''}${m.text ? ` (${m.text.length} chars)` : ''}`);
      send({ type: 'host', m });
    },
    { copy() {}, openInEditor() {}, saveToFile() {} },
    // As panel.ts: a new page that has not spoken yet gets init and the tail without a trip for `ready`.
    { freshPage: run.pending.length === 0 },
  );
  for (const m of run.pending.splice(0)) run.session.handle(m);
  run.session.start();
}

parentPort.on('message', (msg) => {
  let run = runs.get(msg.id);
  if (!run) runs.set(msg.id, (run = { id: msg.id, pending: [] }));
  switch (msg.type) {
    case 'go':
      go(run, msg.t0, msg.data).catch((e) =>
        parentPort.postMessage({ id: run.id, type: 'error', message: String(e?.message ?? e) }),
      );
      return;
    case 'page':
      if (run.session) run.session.handle(msg.m);
      else run.pending.push(msg.m);
      return;
    case 'dispose':
      clearInterval(run.stalls);
      run.session?.dispose();
      // Once the spool's file is gone.
      void (async () => {
        await run.session?.idle();
        await run.session?.spool.dispose();
        runs.delete(run.id);
        parentPort.postMessage({ id: run.id, type: 'done' });
      })();
      return;
  }
});
parentPort.postMessage({ type: 'ready' });
