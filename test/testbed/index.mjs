// The test bed's entry points: up() starts (or reuses) etcd + Kubernetes + kwok + Flink on
// 127.0.0.1 and writes .testbed/state.json; down() stops what up() started.
//   - up() reuses a healthy test bed of the same Flink version from this checkout; down() then
//     leaves it running (this process did not start it). Another Flink version is stopped first.
//   - down({ force: true }) (npm run testbed:down) always stops everything and removes temp dirs.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { install, installed } from './install.mjs';
import {
  ADMIN_USER,
  CONTEXT,
  FLINK_REST_POD_PORT,
  LIMITED_CONTEXT,
  LIMITED_USER,
  NODE_NAME,
  startApiServer,
  startNodes,
} from './kube.mjs';
import {
  TASK_SLOTS,
  flinkGet,
  flinkLogFiles,
  startJobManager,
  startTaskManager,
  submitJobs,
  waitForFlink,
} from './flink.mjs';
import { operatorInstalled, operatorSrc } from './operator-install.mjs';
import { startOperator } from './operator.mjs';
import { BAD_IMAGE_EXAMPLE, BAD_IMAGE_RULE } from './stages.mjs';
import { httpCall, isAlive, log, readPids, startProcess, stopGroups } from './proc.mjs';
import { ETCD, KUBERNETES, KWOK, flinkHome, flinkRelease, kubectlBin, repoRoot, testbedSrc } from './versions.mjs';

export const stateDir = join(repoRoot, '.testbed');
export const statePath = join(stateDir, 'state.json');
const pidDir = join(stateDir, 'pids');

let startedHere = false;

function readState() {
  try {
    return JSON.parse(readFileSync(statePath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every recorded process alive, the apiserver ready and Flink answering. */
async function healthy(state) {
  const pids = readPids(pidDir);
  if (!pids.length || !pids.every((p) => isAlive(p.pid))) return false;
  try {
    const tls = {
      ca: readFileSync(state.pki.ca),
      cert: readFileSync(state.pki.adminCert),
      key: readFileSync(state.pki.adminKey),
    };
    const ready = await httpCall(`${state.apiServerUrl}/readyz`, { tls, timeoutMs: 3000 });
    if (ready.status !== 200) return false;
    await flinkGet(state.flinkRestUrl, '/overview', 3000);
    return true;
  } catch {
    return false;
  }
}

/** Kill the process groups of a run and remove its temp dirs (also after a crash). */
async function teardown(state) {
  const stopped = await stopGroups(pidDir);
  if (stopped.length) log(`stopped ${stopped.join(', ')}`);
  for (const dir of [state?.runDir, state?.dataDir]) {
    if (dir && dir.includes('flink-vscode-testbed-')) rmSync(dir, { recursive: true, force: true });
  }
  rmSync(statePath, { force: true });
}

// Ctrl-C or SIGTERM while up() is starting: kill what was started (synchronously, the process
// is about to exit) so that no detached server outlives an interrupted start.
function killStartedSync(dataDir) {
  for (const { pid } of readPids(pidDir)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(pidDir, { recursive: true, force: true });
  rmSync(lockPath, { force: true });
  rmSync(dataDir, { recursive: true, force: true }); // in memory (/dev/shm); the run dir stays for its logs
}

// One up()/down() at a time per checkout: a second process (another suite, a demo) waits for the
// first to finish starting and then reuses its test bed instead of tearing it down.
const lockPath = join(stateDir, 'lock');
async function withLock(fn, timeoutMs = 45 * 60_000) {
  mkdirSync(stateDir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder;
      try {
        holder = Number(readFileSync(lockPath, 'utf8').trim());
      } catch {
        continue;
      } // just released
      if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) {
        rmSync(lockPath, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`the test bed is locked by process ${holder} (${lockPath}); stop it or remove the file`);
      if (!told) {
        log(`waiting for process ${holder}, which is starting or stopping the test bed`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

export function up({ flinkVersion } = {}) {
  return withLock(() => upLocked(flinkVersion));
}

async function upLocked(flinkVersion) {
  const release = flinkRelease(flinkVersion);
  const t0 = Date.now();
  const existing = readState();
  if (existing && (await healthy(existing))) {
    // A test bed started before the operator was built is restarted to get it.
    if (existing.flinkVersion === release && (existing.operator || !operatorInstalled())) {
      log(`reusing the running test bed (Flink ${release}, started ${existing.startedAt})`);
      console.log('testbed ready');
      return { ...existing, statePath };
    }
    log(`stopping the running test bed (Flink ${existing.flinkVersion}) to start Flink ${release}`);
  }
  if (existing || readPids(pidDir).length) await teardown(existing);

  if (!installed(release)) await install({ flinkReleases: [release] });

  mkdirSync(stateDir, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'flink-vscode-testbed-'));
  const dataDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/flink-vscode-testbed-') : join(runDir, 'data');
  const onSignal = () => {
    killStartedSync(dataDir);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const logDir = join(runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  // Written first with what is known, so that a failed start can still be torn down.
  writeFileSync(statePath, JSON.stringify({ runDir, dataDir, flinkVersion: release, starting: true }, null, 2));
  log(`run dir ${runDir} (logs in ${logDir})`);
  try {
    const api = await startApiServer({ runDir, pidDir, logDir, dataDir });
    const flink = await startJobManager({ release, runDir, pidDir, logDir });
    // The operator (when built) starts as soon as its CRDs can be applied and Flink's REST port is
    // known: its JVM start (~30 s on a loaded box) overlaps the nodes' and Flink's.
    const operator = operatorInstalled()
      ? await startOperator({ runDir, pidDir, logDir, kubeconfig: api.kubeconfig, api, flink })
      : undefined;
    if (!operator) log(`no Flink Kubernetes Operator: its source is not at ${operatorSrc()} (see README.md)`);
    const { jobManagerLog, taskManagerLog } = flinkLogFiles(flink.flinkLogDir);
    const criDir = join(runDir, 'cri-logs');
    mkdirSync(criDir, { recursive: true });
    const jobManagerCriLog = join(criDir, 'jobmanager.log');
    const taskManagerCriLog = join(criDir, 'taskmanager.log');
    // Written by the logs benchmark alone (a TaskManager-like log it generates), never by Flink.
    const benchCriLog = join(criDir, 'bench-taskmanager.log');
    writeFileSync(benchCriLog, '');
    // Written by the test of the REST fill-in alone: the part of a log a kubelet keeps after rotating it.
    const rotatedCriLog = join(criDir, 'rotated-taskmanager.log');
    writeFileSync(rotatedCriLog, '');
    const follower = startProcess(
      pidDir,
      'cri-follower',
      process.execPath,
      [
        join(testbedSrc, 'cri-follower.mjs'),
        `${jobManagerLog}=${jobManagerCriLog}`,
        `${taskManagerLog}=${taskManagerCriLog}`,
      ],
      { logFile: join(logDir, 'cri-follower.log'), cwd: runDir },
    );
    const nodes = await startNodes({
      runDir,
      pidDir,
      logDir,
      api,
      flinkRestPort: flink.restPort,
      jobManagerCriLog,
      taskManagerCriLog,
      benchCriLog,
      rotatedCriLog,
    });
    const tm = startTaskManager({ release, pidDir, logDir, runDir, flink });
    await waitForFlink(flink, tm, [...api.procs, ...nodes.procs, follower]);
    const overview = await flinkGet(flink.restUrl, '/overview');
    log('submitting the test jobs');
    const jobs = await submitJobs(flink.restUrl, release);
    await operator?.ready();

    const state = {
      kubeconfig: api.kubeconfig,
      context: CONTEXT,
      limitedContext: LIMITED_CONTEXT,
      flinkRestUrl: flink.restUrl,
      flinkVersion: overview['flink-version'],
      runningJobId: jobs.runningJobId,
      finishedJobId: jobs.finishedJobId,
      flinkLogDir: flink.flinkLogDir,
      // The job graph's back-pressured job (flink.mjs BACKPRESSURE_JOB: vertex names, sleep per record).
      backpressureJobId: jobs.backpressureJobId,
      backpressureJob: jobs.backpressureJob,
      // Everything below is extra, for tests and for debugging.
      kubernetesVersion: KUBERNETES,
      etcdVersion: ETCD,
      kwokVersion: KWOK,
      apiServerUrl: api.url,
      adminUser: ADMIN_USER,
      limitedUser: LIMITED_USER,
      kubectl: kubectlBin,
      namespace: 'default',
      kwokNodeName: NODE_NAME,
      kwokKubeletPort: nodes.kwokPort,
      kwokConfig: nodes.kwokConfig,
      // How pods reach Flink (kwok ClusterPortForward/ClusterLogs with no selector: every pod, every namespace).
      podPortForward: { port: FLINK_REST_POD_PORT, target: flink.restUrl, pods: 'any pod in any namespace' },
      podLogs: {
        taskmanager: { containers: ['taskmanager'], file: taskManagerCriLog, source: taskManagerLog },
        jobmanager: { containers: ['any other container name'], file: jobManagerCriLog, source: jobManagerLog },
        bench: { containers: ['bench-taskmanager'], file: benchCriLog, source: 'bench/logs-view.bench.mjs' },
        rotated: {
          containers: ['rotated-taskmanager'],
          file: rotatedCriLog,
          source: 'test/integration/logs-pod-rest-fill.test.ts',
        },
      },
      // kwok Stage (stages.mjs): such pods stay Pending with ImagePullBackOff and a Warning event "Failed".
      badImage: {
        example: BAD_IMAGE_EXAMPLE,
        rule: BAD_IMAGE_RULE,
        podPhase: 'Pending',
        waitingReason: 'ImagePullBackOff',
      },
      jobManagerLog,
      taskManagerLog,
      flinkHome: flinkHome(release),
      flinkConfDir: flink.confDir,
      savepointDir: flink.savepoints,
      checkpointDir: flink.checkpoints,
      taskSlots: TASK_SLOTS,
      exampleJar: jobs.exampleJar,
      exampleJarId: jobs.jarId,
      exampleJarEntryClass: 'TestbedJobs',
      exampleJarArgs: { streaming: ['stream', '<delayMs>', '<jobName>'], batch: ['batch', '<jobName>'] },
      operatorCrdsDir: join(repoRoot, '..', 'shared', 'corpus', 'operator-crds'),
      // The real Flink Kubernetes Operator (operator.mjs), or absent when its source is missing.
      operator: operator?.state,
      pki: {
        ca: api.pki.ca.cert,
        adminCert: api.pki.users[ADMIN_USER].cert,
        adminKey: api.pki.users[ADMIN_USER].key,
      },
      runDir,
      dataDir,
      logDir,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
    startedHere = true;
    log(`up in ${Math.round((Date.now() - t0) / 1000)} s; state in ${statePath}`);
    console.log('testbed ready');
    return { ...state, statePath };
  } catch (e) {
    log(`start failed; logs kept in ${logDir}`);
    await stopGroups(pidDir);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(statePath, { force: true });
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Stop the test bed if this process started it (or always, with force); removes its temp dirs. */
export async function down({ force = false } = {}) {
  if (!force && !startedHere) {
    if (existsSync(statePath)) log('leaving the test bed running (it was already running before this run)');
    return;
  }
  startedHere = false;
  await withLock(() => downLocked());
}

async function downLocked() {
  const state = readState();
  if (process.env.TESTBED_KEEP_LOGS && state?.runDir) {
    log(`TESTBED_KEEP_LOGS: keeping ${state.runDir}`);
    await stopGroups(pidDir);
    rmSync(statePath, { force: true });
    return;
  }
  await teardown(state);
  log('down');
}
