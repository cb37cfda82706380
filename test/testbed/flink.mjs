// The Flink half of the test bed: a standalone session cluster (JobManager + one TaskManager with
// 16 slots) from the PyPI distribution, bound to 127.0.0.1, with its config and logs in the run
// dir (never in site-packages), and the test bed's jobs submitted through the REST API.
import { Blob } from 'node:buffer';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, log, startProcess, waitFor } from './proc.mjs';
import { flinkHome, flinkJarsDir } from './versions.mjs';

export const TASK_SLOTS = 16; // room for many extra test jobs (1 slot each)
export const JOB_ENTRY_CLASS = 'TestbedJobs';

/** Flatten nested YAML ({a: {b: 1}} -> {'a.b': 1}); Flink reads flat keys in config.yaml too. */
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

function writeConfig(confDir, release, { restPort, rpcPort, runDir }) {
  const home = flinkHome(release);
  cpSync(join(home, 'conf'), confDir, { recursive: true });
  // Keep the distribution's settings (notably env.java.opts.all, the --add-opens list Java 17 needs).
  const base = flatten(parse(readFileSync(join(home, 'conf', 'config.yaml'), 'utf8')));
  const savepoints = `file://${join(runDir, 'flink-savepoints')}`;
  const checkpoints = `file://${join(runDir, 'flink-checkpoints')}`;
  const conf = {
    ...base,
    'jobmanager.rpc.address': '127.0.0.1',
    'jobmanager.rpc.port': rpcPort,
    'jobmanager.bind-host': '127.0.0.1',
    'jobmanager.memory.process.size': '1024m',
    'taskmanager.bind-host': '127.0.0.1',
    'taskmanager.host': '127.0.0.1',
    'taskmanager.numberOfTaskSlots': TASK_SLOTS,
    'taskmanager.memory.process.size': '2048m',
    'parallelism.default': 1,
    'rest.address': '127.0.0.1',
    'rest.bind-address': '127.0.0.1',
    'rest.port': restPort,
    'rest.flamegraph.enabled': true,
    'web.submit.enable': true,
    'web.cancel.enable': true,
    'web.upload.dir': join(runDir, 'flink-upload'),
    'io.tmp.dirs': join(runDir, 'flink-tmp'),
    // Both the 1.x and the 1.20+/2.x names (2.x ignores keys it no longer knows).
    'state.savepoints.dir': savepoints,
    'execution.checkpointing.savepoint-dir': savepoints,
    'state.checkpoints.dir': checkpoints,
    'execution.checkpointing.dir': checkpoints,
    'execution.checkpointing.interval': '10s',
    // Finished jobs stay listed for a day (default 1 h) so a long-running developer test bed keeps its FINISHED job.
    'jobstore.expiration-time': 86400,
    'heartbeat.timeout': 120000,
  };
  writeFileSync(join(confDir, 'config.yaml'), stringify(conf));
  return { savepoints, checkpoints };
}

function flinkEnv(release, { confDir, logDir, runDir }) {
  return {
    FLINK_HOME: flinkHome(release),
    FLINK_CONF_DIR: confDir,
    FLINK_LOG_DIR: logDir,
    FLINK_PID_DIR: join(runDir, 'flink-pids'),
    FLINK_IDENT_STRING: 'testbed',
    HOSTNAME: 'testbed', // log file names: flink-testbed-<service>-0-testbed.log
  };
}

export function flinkLogFiles(logDir) {
  return {
    jobManagerLog: join(logDir, 'flink-testbed-standalonesession-0-testbed.log'),
    taskManagerLog: join(logDir, 'flink-testbed-taskexecutor-0-testbed.log'),
  };
}

export async function flinkGet(restUrl, path, timeoutMs = 5000) {
  const r = await fetch(restUrl + path, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await r.text();
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Start the JobManager (returns at once; call waitForFlink after). */
export async function startJobManager({ release, runDir, pidDir, logDir }) {
  const confDir = join(runDir, 'flink-conf');
  const flinkLogDir = join(logDir, 'flink');
  mkdirSync(flinkLogDir, { recursive: true });
  const restPort = await freePort();
  const rpcPort = await freePort();
  const dirs = writeConfig(confDir, release, { restPort, rpcPort, runDir });
  const env = flinkEnv(release, { confDir, logDir: flinkLogDir, runDir });
  const restUrl = `http://127.0.0.1:${restPort}`;
  log(`starting Flink ${release} JobManager (REST ${restUrl})`);
  const jm = startProcess(
    pidDir,
    'flink-jobmanager',
    join(flinkHome(release), 'bin', 'jobmanager.sh'),
    ['start-foreground'],
    { env, logFile: join(logDir, 'flink-jobmanager.console.log'), cwd: runDir },
  );
  return { restUrl, restPort, confDir, flinkLogDir, env, jm, ...dirs };
}

export function startTaskManager({ release, pidDir, logDir, runDir, flink }) {
  log('starting Flink TaskManager');
  return startProcess(
    pidDir,
    'flink-taskmanager',
    join(flinkHome(release), 'bin', 'taskmanager.sh'),
    ['start-foreground'],
    { env: flink.env, logFile: join(logDir, 'flink-taskmanager.console.log'), cwd: runDir },
  );
}

export async function waitForFlink(flink, tm, watch) {
  await waitFor('Flink REST /overview', () => flinkGet(flink.restUrl, '/overview'), {
    watch: [...watch, flink.jm],
    timeoutMs: 120_000,
  });
  await waitFor(
    `Flink TaskManager with ${TASK_SLOTS} free slots`,
    async () => {
      const o = await flinkGet(flink.restUrl, '/overview');
      return o.taskmanagers >= 1 && o['slots-available'] >= TASK_SLOTS ? o : false;
    },
    { watch: [...watch, flink.jm, tm], timeoutMs: 120_000 },
  );
}

export async function uploadJar(restUrl, jarPath) {
  const form = new globalThis.FormData(); // Node >= 18 (undici)
  form.append('jarfile', new Blob([readFileSync(jarPath)], { type: 'application/java-archive' }), basename(jarPath));
  const r = await fetch(`${restUrl}/jars/upload`, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  const body = await r.json();
  if (!r.ok || body.status !== 'success')
    throw new Error(`jar upload failed: HTTP ${r.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return basename(body.filename);
}

export async function runJar(restUrl, jarId, programArgsList) {
  const r = await fetch(`${restUrl}/jars/${encodeURIComponent(jarId)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entryClass: JOB_ENTRY_CLASS, programArgsList }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await r.json();
  if (!r.ok || !body.jobid) throw new Error(`jar run failed: HTTP ${r.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.jobid;
}

/** Wait until the job is RUNNING with every task running (so savepoints can be taken). */
export async function waitJobRunning(restUrl, jobId, timeoutMs = 60_000) {
  await waitFor(
    `job ${jobId} RUNNING`,
    async () => {
      const j = await flinkGet(restUrl, `/jobs/${jobId}`);
      if (['FAILED', 'CANCELED', 'FINISHED'].includes(j.state))
        throw Object.assign(new Error(`job ${jobId} is ${j.state}`), { fatal: true });
      return j.state === 'RUNNING' && j.vertices.every((v) => v.status === 'RUNNING');
    },
    { timeoutMs },
  );
}

export async function submitJobs(restUrl, release) {
  const jar = join(flinkJarsDir(release), 'testbed-jobs.jar');
  const jarId = await uploadJar(restUrl, jar);
  const finishedJobId = await runJar(restUrl, jarId, ['batch', 'testbed-batch']);
  await waitFor(
    'batch job FINISHED',
    async () => {
      const j = await flinkGet(restUrl, `/jobs/${finishedJobId}`);
      if (['FAILED', 'CANCELED'].includes(j.state))
        throw Object.assign(new Error(`batch job ${finishedJobId} ended ${j.state}`), { fatal: true });
      return j.state === 'FINISHED';
    },
    { timeoutMs: 90_000 },
  );
  const runningJobId = await runJar(restUrl, jarId, ['stream', '50', 'testbed-streaming']);
  await waitJobRunning(restUrl, runningJobId);
  const backpressure = await submitBackpressureJob(restUrl, jarId);
  return { jarId, exampleJar: jar, runningJobId, finishedJobId, ...backpressure };
}

/** The job graph's test job: a fast source back-pressured by a slow map (TestbedJobs "backpressure"). */
export const BACKPRESSURE_JOB = {
  name: 'testbed-backpressure',
  sourceVertex: 'Fast source',
  slowVertex: 'Slow operator',
  slowSleepMs: 2,
};

export async function submitBackpressureJob(restUrl, jarId) {
  const { name, slowSleepMs } = BACKPRESSURE_JOB;
  const backpressureJobId = await runJar(restUrl, jarId, ['backpressure', String(slowSleepMs), name]);
  await waitJobRunning(restUrl, backpressureJobId);
  return { backpressureJobId, backpressureJob: BACKPRESSURE_JOB };
}
