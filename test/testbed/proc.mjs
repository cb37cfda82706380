// Process management for the test bed: every server runs detached in its own process group
// (Flink's start scripts fork java; killing the group reaches it), its pid is recorded in
// .testbed/pids/, its output goes to a log file, and readiness is polled, never slept for.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function log(msg) {
  console.log(`testbed: ${msg}`);
}

/** Start `cmd` detached (own process group), output appended to `logFile`, pid in `pidDir/name.pid`. */
export function startProcess(pidDir, name, cmd, args, { env = {}, cwd, logFile }) {
  mkdirSync(pidDir, { recursive: true });
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...env },
  });
  closeSync(fd);
  if (!child.pid)
    throw new Error(`could not start ${name} (${cmd}): is it installed? Run \`node scripts/setup.mjs testbed\`.`);
  child.unref();
  writeFileSync(join(pidDir, `${name}.pid`), `${child.pid}\n`);
  return { name, pid: child.pid, logFile };
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

export function readPids(pidDir) {
  if (!existsSync(pidDir)) return [];
  return readdirSync(pidDir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => ({ name: f.slice(0, -4), pid: Number(readFileSync(join(pidDir, f), 'utf8').trim()) }))
    .filter((p) => Number.isInteger(p.pid) && p.pid > 1);
}

/** SIGTERM every recorded process group (newest first), SIGKILL what is left after `graceMs`. */
export async function stopGroups(pidDir, { graceMs = 10_000 } = {}) {
  const procs = readPids(pidDir).reverse();
  for (const { pid } of procs) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (procs.some((p) => groupAlive(p.pid)) && Date.now() < deadline) await delay(100);
  for (const { pid } of procs) {
    if (groupAlive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  while (procs.some((p) => groupAlive(p.pid)) && Date.now() < deadline + 5000) await delay(50);
  rmSync(pidDir, { recursive: true, force: true });
  return procs.map((p) => p.name);
}

export function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function tail(file, lines = 30) {
  if (!file || !existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}

/**
 * Poll `check` (resolves truthy when ready) until it succeeds; fail early if a watched process
 * died, showing the end of its log, and on timeout with the last error.
 */
export async function waitFor(what, check, { timeoutMs = 120_000, intervalMs = 250, watch = [], signal } = {}) {
  const started = Date.now();
  let lastError;
  for (;;) {
    signal?.throwIfAborted();
    for (const p of watch) {
      if (!isAlive(p.pid))
        throw new Error(`${p.name} exited while waiting for ${what}; end of ${p.logFile}:\n${tail(p.logFile)}`);
    }
    try {
      const ok = await check();
      if (ok) return ok;
    } catch (e) {
      if (e?.fatal) throw e;
      lastError = e;
    }
    if (Date.now() - started > timeoutMs) {
      const logs = watch.map((p) => `--- ${p.logFile}\n${tail(p.logFile, 15)}`).join('\n');
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? `: ${lastError.message}` : ''}\n${logs}`,
      );
    }
    await delay(intervalMs);
  }
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; the caller binds it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** GET/POST to a loopback URL with a timeout; TLS options for the apiserver's own CA. */
export function httpCall(url, { method = 'GET', body, headers = {}, tls = {}, timeoutMs = 5000 } = {}) {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error(`refusing non-loopback URL ${url}`);
  const req = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(u, { method, headers, timeout: timeoutMs, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    r.on('error', reject);
    if (body !== undefined) r.end(body);
    else r.end();
  });
}

/** Run a command to completion; reject with its output on failure. */
export function run(cmd, args, { env = {}, cwd, input, quiet = true, timeoutMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (!quiet) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      err += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd}: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? sig}):\n${(err || out).trim().slice(-4000)}`));
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
