// Fault injection on a running test bed: stop (kill) one of its processes and start it again with
// exactly the same command line, environment, working directory and log file. What a process was
// started with is read from /proc before it is killed and kept in .testbed/stopped/<name>.json, so
// a process stopped by one test run can be started by another (or by hand).
//   stopProcess('kube-apiserver')  ->  startProcess('kube-apiserver')
// Names are those of .testbed/pids/*.pid: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler, kwok, flink-jobmanager, flink-taskmanager, cri-follower, ...
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { delay } from './proc.mjs';
import { repoRoot } from './versions.mjs';

const stateDir = join(repoRoot, '.testbed');
const pidDir = join(stateDir, 'pids');
const stoppedDir = join(stateDir, 'stopped');

/** The run this test bed belongs to: a stopped process is only started again in the same run. */
function currentRun() {
  try {
    return JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')).runDir;
  } catch {
    return undefined;
  }
}

function pidOf(name) {
  const file = join(pidDir, `${name}.pid`);
  if (!existsSync(file)) throw new Error(`no test bed process "${name}" (${file} is missing): is the test bed up?`);
  return Number(readFileSync(file, 'utf8').trim());
}

/** Alive and not a zombie (a killed process whose parent has not reaped it yet is gone for us). */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** How a running process was started: argv, environment, cwd and where its stdout goes. */
function describe(pid) {
  const nul = (f) => readFileSync(`/proc/${pid}/${f}`).toString('utf8').split('\0').filter(Boolean);
  const argv = nul('cmdline');
  const env = Object.fromEntries(
    nul('environ').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i), kv.slice(i + 1)];
    }),
  );
  let logFile;
  try {
    logFile = readlinkSync(`/proc/${pid}/fd/1`);
  } catch {
    logFile = undefined;
  }
  return { argv, env, cwd: readlinkSync(`/proc/${pid}/cwd`), logFile: logFile?.startsWith('/') ? logFile : undefined };
}

/** The pid of a running test bed process, or undefined when it is stopped. */
export function processPid(name) {
  try {
    const pid = pidOf(name);
    return running(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Kill a test bed process (its whole process group) and wait until it is gone. SIGKILL by default:
 * a crash, not a shutdown. Returns what it was started with.
 */
export async function stopProcess(name, { signal = 'SIGKILL', timeoutMs = 20_000 } = {}) {
  const pid = pidOf(name);
  if (!running(pid)) throw new Error(`test bed process "${name}" (pid ${pid}) is not running`);
  const info = { name, runDir: currentRun(), ...describe(pid) };
  mkdirSync(stoppedDir, { recursive: true });
  writeFileSync(join(stoppedDir, `${name}.json`), JSON.stringify(info, null, 2));
  process.kill(-pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (running(pid)) {
    if (Date.now() > deadline) {
      process.kill(-pid, 'SIGKILL');
      if (Date.now() > deadline + 5000) throw new Error(`${name} (pid ${pid}) did not stop`);
    }
    await delay(50);
  }
  return info;
}

/** Start a process stopped by stopProcess again, the same way; returns its new pid. */
export function startProcess(name) {
  const file = join(stoppedDir, `${name}.json`);
  if (!existsSync(file)) throw new Error(`"${name}" was not stopped by stopProcess (${file} is missing)`);
  const info = JSON.parse(readFileSync(file, 'utf8'));
  if (info.runDir !== currentRun()) {
    rmSync(file, { force: true });
    throw new Error(`"${name}" was stopped in another test bed run (${info.runDir}); start a new test bed instead`);
  }
  const running = processPid(name);
  if (running) throw new Error(`"${name}" is already running (pid ${running})`);
  const [cmd, ...args] = info.argv;
  const fd = openSync(info.logFile ?? '/dev/null', 'a');
  const child = spawn(cmd, args, { cwd: info.cwd, env: info.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (!child.pid) throw new Error(`could not start ${name} again (${cmd})`);
  child.unref();
  writeFileSync(join(pidDir, `${name}.pid`), `${child.pid}\n`);
  rmSync(file, { force: true });
  return child.pid;
}

/** Processes stopped and not started again (a test that failed half-way); for an after() hook. */
export function stoppedProcesses() {
  if (!existsSync(stoppedDir)) return [];
  const run = currentRun();
  return readdirSync(stoppedDir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => {
      // Left by an earlier test bed run: that process is gone with its run.
      const stale = JSON.parse(readFileSync(join(stoppedDir, f), 'utf8')).runDir !== run;
      if (stale) rmSync(join(stoppedDir, f), { force: true });
      return !stale;
    })
    .map((f) => f.slice(0, -5));
}
