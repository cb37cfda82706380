// How tests find the running test bed: the state file written by `npm run testbed:up`
// (or by the test runner's global start). A test that needs the test bed and cannot find it
// fails with this message; it never skips. See test/testbed/README.md for what runs.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface TestbedState {
  kubeconfig: string;
  /** Admin context (current-context of the kubeconfig), user in system:masters. */
  context: string;
  /** Read-only user: get/list/watch on everything, any create/update/delete is 403. */
  limitedContext: string;
  flinkRestUrl: string;
  /** Full release, e.g. "1.20.5" or "2.2.1". */
  flinkVersion: string;
  /** The endless streaming job "testbed-streaming" (checkpoints every 10 s; keyed state). */
  runningJobId: string;
  /** The bounded job "testbed-batch", FINISHED. */
  finishedJobId: string;
  flinkLogDir: string;
  /** kubectl of the same Kubernetes release as the apiserver. */
  kubectl: string;
  apiServerUrl: string;
  kubernetesVersion: string;
  /** Namespace the test bed uses for its own checks (pods of any namespace are served alike). */
  namespace: string;
  kwokNodeName: string;
  /** Every pod's port `podPortForward.port` (8081), in any namespace, forwards to the Flink REST port. */
  podPortForward: { port: number; target: string; pods: string };
  /**
   * Pod logs: container "taskmanager" -> TaskManager log, "bench-taskmanager" -> a file only the logs
   * benchmark writes, "rotated-taskmanager" -> a file only the REST fill-in's test writes, any other
   * container -> JobManager log.
   */
  podLogs: Record<
    'taskmanager' | 'jobmanager' | 'bench' | 'rotated',
    { containers: string[]; file: string; source: string }
  >;
  /** Pods with such an image stay Pending, container waiting with ImagePullBackOff (a kwok Stage). */
  badImage: { example: string; rule: string; podPhase: string; waitingReason: string };
  jobManagerLog: string;
  taskManagerLog: string;
  savepointDir: string;
  checkpointDir: string;
  taskSlots: number;
  /** A jar with entry class TestbedJobs: args ["stream", delayMs, name] (endless) or ["batch", name]. */
  exampleJar: string;
  exampleJarId: string;
  exampleJarEntryClass: string;
  /** The Flink Kubernetes Operator CRDs (install them yourself if a test needs them). */
  operatorCrdsDir: string;
  /**
   * The real Flink Kubernetes Operator (test/testbed/operator.mjs), absent when its source was not
   * there to build. It watches `namespaces` only; its REST calls reach the real Flink at `restPort`.
   */
  operator?: {
    version: string;
    build: string;
    /** The CRDs the test bed installed (from the operator's source). */
    crdsDir: string;
    namespaces: string[];
    confDir: string;
    log: string;
    /** Log of the runner that submits application clusters' jobs to the real Flink. */
    appsLog: string;
    restHost: string;
    restPort: number;
  };
  [extra: string]: unknown;
}

export function testbedStatePath(): string {
  return process.env.TESTBED_STATE ?? join(__dirname, '..', '..', '.testbed', 'state.json');
}

export function testbedState(): TestbedState {
  const path = testbedStatePath();
  if (!existsSync(path)) {
    throw new Error(`No test bed state at ${path}: start it with \`npm run testbed:up\` (npm test starts it itself).`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as TestbedState;
}

async function flinkJson(
  state: TestbedState,
  path: string,
  init: RequestInit = {},
  timeoutMs = 30_000,
): Promise<unknown> {
  const r = await fetch(state.flinkRestUrl + path, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await r.text();
  if (!r.ok) throw new Error(`Flink ${init.method ?? 'GET'} ${path}: HTTP ${r.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function uploadExampleJar(state: TestbedState): Promise<string> {
  const form = new FormData();
  form.append(
    'jarfile',
    new Blob([readFileSync(state.exampleJar)], { type: 'application/java-archive' }),
    basename(state.exampleJar),
  );
  const body = (await flinkJson(state, '/jars/upload', { method: 'POST', body: form })) as { filename: string };
  return basename(body.filename);
}

async function runExampleJar(state: TestbedState, programArgsList: string[]): Promise<string> {
  const run = (jarId: string) =>
    flinkJson(
      state,
      `/jars/${encodeURIComponent(jarId)}/run`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entryClass: state.exampleJarEntryClass, programArgsList }),
      },
      60_000,
    ) as Promise<{ jobid: string }>;
  // The uploaded jar may have been deleted by another test: upload it again then.
  const jars = (await flinkJson(state, '/jars')) as { files: { id: string }[] };
  const jarId = jars.files.some((f) => f.id === state.exampleJarId)
    ? state.exampleJarId
    : await uploadExampleJar(state);
  return (await run(jarId)).jobid;
}

async function waitForJob(
  state: TestbedState,
  jobId: string,
  done: (j: { state: string; vertices: { status: string }[] }) => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = (await flinkJson(state, `/jobs/${jobId}`)) as { state: string; vertices: { status: string }[] };
    if (done(j)) return;
    if (['FAILED', 'CANCELED'].includes(j.state) || Date.now() > deadline) {
      throw new Error(`job ${jobId} did not become ${what} within ${timeoutMs / 1000} s (state ${j.state})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Start one more endless streaming job on the test bed's Flink (one slot each; the TaskManager has
 * `taskSlots` slots) and wait until all its tasks run, so savepoint/stop/cancel work on it at once.
 */
export async function submitStreamingJob(
  state: TestbedState,
  opts: { name?: string; delayMs?: number; timeoutMs?: number } = {},
): Promise<string> {
  const jobId = await runExampleJar(state, [
    'stream',
    String(opts.delayMs ?? 50),
    opts.name ?? 'testbed-extra-streaming',
  ]);
  await waitForJob(
    state,
    jobId,
    (j) => j.state === 'RUNNING' && j.vertices.every((v) => v.status === 'RUNNING'),
    'RUNNING',
    opts.timeoutMs ?? 60_000,
  );
  return jobId;
}

/** Run one more bounded job and wait until it is FINISHED. */
export async function submitBatchJob(
  state: TestbedState,
  opts: { name?: string; timeoutMs?: number } = {},
): Promise<string> {
  const jobId = await runExampleJar(state, ['batch', opts.name ?? 'testbed-extra-batch']);
  await waitForJob(state, jobId, (j) => j.state === 'FINISHED', 'FINISHED', opts.timeoutMs ?? 90_000);
  return jobId;
}
