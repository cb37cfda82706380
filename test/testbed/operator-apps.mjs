// Runs the job of each operator-made application cluster on the test bed's real Flink, as that
// cluster's JobManager container would: kwok only marks the pod Running, nothing executes inside it.
// For every Running JobManager pod of a native application cluster (labels type=flink-native-kubernetes,
// component=jobmanager) it reads the cluster's own ConfigMap `flink-config-<cluster>` (written by
// Flink's KubernetesClusterDescriptor inside the operator) and submits pipeline.jars with the entry
// class, program args, parallelism, the fixed job id the operator chose and the savepoint to restore,
// through the real Flink REST API. When such a pod goes away, its job is cancelled if still running
// (the container stopped). Started by operator.mjs as a test bed process; env:
//   OPERATOR_APPS_API, OPERATOR_APPS_CA, OPERATOR_APPS_CERT, OPERATOR_APPS_KEY, OPERATOR_APPS_FLINK
import { Blob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { delay, httpCall } from './proc.mjs';

const api = process.env.OPERATOR_APPS_API;
const flink = process.env.OPERATOR_APPS_FLINK;
const tls = {
  ca: readFileSync(process.env.OPERATOR_APPS_CA),
  cert: readFileSync(process.env.OPERATOR_APPS_CERT),
  key: readFileSync(process.env.OPERATOR_APPS_KEY),
};
const SELECTOR = encodeURIComponent('type=flink-native-kubernetes,component=jobmanager');
const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED']);

function say(msg) {
  console.log(`${new Date().toISOString()} ${msg}`);
}

async function kube(path) {
  const r = await httpCall(`${api}${path}`, { tls, timeoutMs: 10_000 });
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  return JSON.parse(r.text);
}

async function flinkCall(method, path, body) {
  const r = await fetch(`${flink}${path}`, {
    method,
    body,
    headers: typeof body === 'string' ? { 'content-type': 'application/json' } : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`Flink ${method} ${path}: HTTP ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : {};
}

/** Flatten nested YAML ({a: {b: 1}} -> {'a.b': 1}), as Flink reads config.yaml. */
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

/**
 * The cluster's Flink configuration from its ConfigMap: config.yaml (standard YAML) or the legacy
 * flink-conf.yaml, which Flink reads line by line as `key: value` (not as YAML).
 */
function clusterConfig(cm) {
  const yaml = cm?.data?.['config.yaml'];
  if (yaml) return flatten(parse(yaml));
  const legacy = cm?.data?.['flink-conf.yaml'];
  if (!legacy) return undefined;
  const out = {};
  for (const line of legacy.split('\n')) {
    const t = line.split(/\s#/)[0].trim();
    const i = t.indexOf(': ');
    if (!t || t.startsWith('#') || i < 0) continue;
    out[t.slice(0, i).trim()] = t.slice(i + 2).trim();
  }
  return out;
}

function asList(v) {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(';');
}

function localPath(uri) {
  return uri.replace(/^local:\/\//, '').replace(/^file:\/\//, '');
}

const jarIds = new Map(); // local jar path -> uploaded jar id

async function uploadJar(path) {
  const known = jarIds.get(path);
  if (known) {
    const jars = await flinkCall('GET', '/jars');
    if (jars.files?.some((f) => f.id === known)) return known;
  }
  const form = new globalThis.FormData(); // Node >= 18 (undici)
  form.append('jarfile', new Blob([readFileSync(path)], { type: 'application/java-archive' }), basename(path));
  const body = await flinkCall('POST', '/jars/upload', form);
  const id = basename(body.filename);
  jarIds.set(path, id);
  return id;
}

async function jobState(jobId) {
  try {
    return (await flinkCall('GET', `/jobs/${jobId}`)).state;
  } catch {
    return undefined;
  }
}

/** pod uid -> { ns, cluster, jobId } for application pods whose job was handled. */
const running = new Map();
const failures = new Map(); // pod uid -> attempts

async function startApplication(pod) {
  const ns = pod.metadata.namespace;
  const cluster = pod.metadata.labels?.app;
  const cm = await kube(`/api/v1/namespaces/${ns}/configmaps/flink-config-${cluster}`);
  const conf = clusterConfig(cm);
  if (!conf) return false; // not written yet
  if (conf['execution.target'] !== 'kubernetes-application') {
    running.set(pod.metadata.uid, { ns, cluster, session: true });
    return true; // a session cluster: the real Flink session is that cluster already
  }
  const jobId = conf['$internal.pipeline.job-id'];
  const jars = asList(conf['pipeline.jars']);
  if (!jobId || !jars[0])
    throw new Error(`${ns}/${cluster}: no $internal.pipeline.job-id or pipeline.jars in its ConfigMap`);
  const state = await jobState(jobId);
  if (state && !TERMINAL.has(state)) {
    running.set(pod.metadata.uid, { ns, cluster, jobId });
    return true;
  }
  const jarId = await uploadJar(localPath(jars[0]));
  const savepointPath = conf['execution.savepoint.path'] ?? conf['execution.state-recovery.path'];
  const request = {
    entryClass: conf['$internal.application.main'],
    programArgsList: asList(conf['$internal.application.program-args']),
    parallelism: conf['parallelism.default'] ? Number(conf['parallelism.default']) : undefined,
    jobId,
    savepointPath: savepointPath || undefined,
    allowNonRestoredState:
      String(
        conf['execution.savepoint.ignore-unclaimed-state'] ?? conf['execution.state-recovery.ignore-unclaimed-state'],
      ) === 'true',
  };
  say(
    `${ns}/${cluster}: submitting job ${jobId} (${request.entryClass} ${request.programArgsList.join(' ')})${savepointPath ? ` from ${savepointPath}` : ''}`,
  );
  await flinkCall('POST', `/jars/${encodeURIComponent(jarId)}/run`, JSON.stringify(request));
  running.set(pod.metadata.uid, { ns, cluster, jobId });
  return true;
}

async function stopGone(livePods) {
  for (const [uid, app] of running) {
    if (livePods.has(uid)) continue;
    running.delete(uid);
    if (!app.jobId) continue;
    const state = await jobState(app.jobId);
    if (state && !TERMINAL.has(state)) {
      say(`${app.ns}/${app.cluster}: JobManager pod gone, cancelling job ${app.jobId} (${state})`);
      await flinkCall('PATCH', `/jobs/${app.jobId}?mode=cancel`).catch((e) => say(e.message));
    }
  }
}

async function turn() {
  const pods = await kube(`/api/v1/pods?labelSelector=${SELECTOR}`);
  const live = new Set();
  for (const pod of pods?.items ?? []) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') continue;
    live.add(pod.metadata.uid);
    if (running.has(pod.metadata.uid)) continue;
    const tries = failures.get(pod.metadata.uid) ?? 0;
    if (tries >= 5) continue; // a container that keeps failing: the job stays missing, as in a CrashLoop
    try {
      await startApplication(pod);
    } catch (e) {
      failures.set(pod.metadata.uid, tries + 1);
      say(`${pod.metadata.namespace}/${pod.metadata.name}: ${e.message}`);
    }
  }
  await stopGone(live);
}

say(`watching native JobManager pods on ${api}, running their jobs on ${flink}`);
for (;;) {
  try {
    await turn();
  } catch (e) {
    say(`turn failed: ${e.message}`);
  }
  await delay(500);
}
