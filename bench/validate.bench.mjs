// Validation benchmark: the extension's validator (src/core) against `kubectl apply --dry-run=server`
// on the same generated documents, against the test bed's API server, in the same run.
//   node --import tsx bench/validate.bench.mjs [--clusters N] [--rounds N]
// Prints documents/second for both, the ratio, and the time to findings for one 2,000-line file.
// Targets (issue 7): >= 20x faster than the server dry-run, < 50 ms for the 2,000-line file.
// Needs the running test bed (.testbed/state.json or $TESTBED_STATE) for the kubectl peer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { validate } from '../src/core/validate/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLUSTERS = arg('clusters', 400); // 5 documents each
const DUMP = process.argv.includes('--dump');
const ROUNDS = arg('rounds', 5);

/** One standalone session cluster as in the Flink docs (ConfigMap, 2 Services, 2 Deployments), with limits. */
function cluster(i) {
  const n = `flink-${i}`;
  const labels = (c) => `app: ${n}\n        component: ${c}`;
  const deployment = (c, port, limit, replicas) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}-${c}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${n}
      component: ${c}
  template:
    metadata:
      labels:
        ${labels(c)}
    spec:
      containers:
      - name: ${c}
        image: apache/flink:1.20.1-scala_2.12
        args: ["${c}"]
        resources:
          requests:
            memory: ${limit}
            cpu: 500m
          limits:
            memory: ${limit}
        ports:
        - containerPort: ${port}
          name: rpc
        livenessProbe:
          tcpSocket:
            port: ${port}
          initialDelaySeconds: 30
          periodSeconds: 60
        volumeMounts:
        - name: flink-config-volume
          mountPath: /opt/flink/conf
        securityContext:
          runAsUser: 9999
      volumes:
      - name: flink-config-volume
        configMap:
          name: ${n}-config
          items:
          - key: config.yaml
            path: config.yaml
          - key: log4j-console.properties
            path: log4j-console.properties`;
  return [
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${n}-config
  labels:
    app: ${n}
data:
  config.yaml: |+
    jobmanager.rpc.address: ${n}-jobmanager
    taskmanager.numberOfTaskSlots: 2
    blob.server.port: 6124
    jobmanager.rpc.port: 6123
    taskmanager.rpc.port: 6122
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m
    parallelism.default: 2
  log4j-console.properties: |+
    rootLogger.level = INFO
    rootLogger.appenderRef.console.ref = ConsoleAppender
    appender.console.name = ConsoleAppender
    appender.console.type = CONSOLE
    appender.console.layout.type = PatternLayout
    appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${n}-jobmanager
spec:
  type: ClusterIP
  ports:
  - name: rpc
    port: 6123
  - name: blob-server
    port: 6124
  - name: webui
    port: 8081
  selector:
    app: ${n}
    component: jobmanager`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${n}-jobmanager-rest
spec:
  type: ClusterIP
  ports:
  - name: rest
    port: 8081
    targetPort: 8081
  selector:
    app: ${n}
    component: jobmanager`,
    deployment('jobmanager', 6123, '1600Mi', 1),
    deployment('taskmanager', 6122, '1728Mi', 2),
  ];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

// ---- the extension's validator ----
const clusters = Array.from({ length: CLUSTERS }, (_, i) => cluster(i));
const files = clusters.map((docs, i) => ({ path: `/bench/cluster-${i}.yaml`, text: docs.join('\n---\n') + '\n' }));
const docCount = clusters.reduce((s, c) => s + c.length, 0);

let t0 = performance.now();
const cold = validate(files.slice(0, 1));
const coldMs = performance.now() - t0; // includes compiling the schemas of the kinds used (once per session)
if (cold.length) {
  console.error('generated manifests are not clean:', cold.slice(0, 3));
  process.exit(1);
}

// Steady state, as in the extension host: let the JIT warm up on the whole set first.
for (let r = 0; r < 3; r++) validate(files);
const setTimes = [];
for (let r = 0; r < ROUNDS; r++) {
  t0 = performance.now();
  const f = validate(files);
  setTimes.push(performance.now() - t0);
  if (f.length) {
    console.error('unexpected findings:', f.slice(0, 3));
    process.exit(1);
  }
}
const setMs = median(setTimes);
const ourDocsPerSec = docCount / (setMs / 1000);

// One 2,000-line file: as many clusters as fit, in one editor document.
const lines = [];
for (let i = 0; lines.length < 2000; i++)
  lines.push(...(i ? ['---'] : []), ...clusters[i % clusters.length].join('\n---\n').split('\n'));
const big = { path: '/bench/big.yaml', text: lines.slice(0, lines.lastIndexOf('---')).join('\n') + '\n' };
const bigLines = big.text.split('\n').length - 1;
if (DUMP) writeFileSync(join(tmpdir(), 'flink-validate-bench-big.yaml'), big.text);
const bigTimes = [];
for (let r = 0; r < Math.max(ROUNDS, 10); r++) {
  t0 = performance.now();
  validate([big]);
  bigTimes.push(performance.now() - t0);
}
const bigMs = median(bigTimes);

// The editor: the parse cache holds the file's documents; each keystroke changes one document.
const cacheMap = new Map();
const cache = {
  get: (p, t) => {
    const e = cacheMap.get(p);
    return e && e.text === t ? e.parsed : undefined;
  },
  set: (p, t, parsed) => cacheMap.set(p, { text: t, parsed }),
};
validate([big], { cache });
const editTimes = [];
for (let r = 0; r < Math.max(ROUNDS, 10); r++) {
  const edited = {
    path: big.path,
    text: big.text.replace('parallelism.default: 2', `parallelism.default: ${r % 2 ? 2 : 1}`),
  };
  t0 = performance.now();
  const f = validate([edited], { cache });
  editTimes.push(performance.now() - t0);
  if (f.length) {
    console.error('unexpected findings after edit:', f.slice(0, 3));
    process.exit(1);
  }
}
const editMs = median(editTimes);

console.log(`documents: ${docCount} in ${files.length} files (${CLUSTERS} session clusters)`);
console.log(
  `extension validator (warm, as in the editor): ${ms(setMs)} for all documents (median of ${ROUNDS}) = ${Math.round(ourDocsPerSec)} documents/s; first call with schema compilation ${ms(coldMs)}`,
);
console.log(`one ${bigLines}-line file: ${ms(bigMs)} to findings, parsed from scratch (median of ${bigTimes.length})`);
console.log(
  `one ${bigLines}-line file in the editor, after an edit (parse cache warm, one document re-parsed): ${ms(editMs)} to findings (median of ${editTimes.length}; target < 50 ms) ${editMs < 50 ? 'OK' : 'MISSED'}`,
);

// ---- the peer: kubectl apply --dry-run=server against the test bed ----
const statePath = process.env.TESTBED_STATE ?? join(root, '.testbed', 'state.json');
if (!existsSync(statePath)) {
  console.error(
    `peer unavailable: no test bed state at ${statePath} (start it with \`npm run testbed:up\`); no ratio.`,
  );
  process.exit(1);
}
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const kubectl = state.kubectl;
if (!kubectl || !existsSync(kubectl)) {
  console.error(`peer unavailable: kubectl not found (state.json "kubectl": ${kubectl}); no ratio.`);
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'validate-bench-'));
mkdirSync(join(tmp, 'docs'));
for (const f of files) writeFileSync(join(tmp, 'docs', f.path.split('/').pop()), f.text);
const env = { ...process.env, HOME: join(tmp, 'home') }; // kubectl's discovery cache, not in ~
const base = [
  '--kubeconfig',
  state.kubeconfig,
  ...(state.context ? ['--context', state.context] : []),
  '-n',
  'default',
];
// Warm kubectl's discovery cache once, as a user's kubectl has it.
spawnSync(kubectl, [...base, 'apply', '--dry-run=server', '-f', join(tmp, 'docs', 'cluster-0.yaml')], {
  env,
  encoding: 'utf8',
});
const peerRounds = Math.min(ROUNDS, 3);
const peerTimes = [];
for (let r = 0; r < peerRounds; r++) {
  t0 = performance.now();
  const res = spawnSync(kubectl, [...base, 'apply', '--dry-run=server', '-f', join(tmp, 'docs')], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 600_000,
  });
  peerTimes.push(performance.now() - t0);
  if (res.status !== 0) {
    console.error(`peer failed (exit ${res.status}): ${(res.stderr || String(res.error)).slice(0, 500)}`);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }
}
// The CLI from cold (a fresh node process, schemas compiled on the way), as a CI job runs it.
const cli = join(root, 'dist', 'cli.js');
let cliMs;
if (existsSync(cli)) {
  const cliTimes = [];
  for (let r = 0; r < peerRounds; r++) {
    t0 = performance.now();
    const res = spawnSync(process.execPath, [cli, join(tmp, 'docs')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    cliTimes.push(performance.now() - t0);
    if (res.status !== 0) {
      console.error(`flink-lint failed (exit ${res.status}): ${res.stdout.slice(0, 300)}${res.stderr.slice(0, 300)}`);
      process.exit(1);
    }
  }
  cliMs = median(cliTimes);
}
rmSync(tmp, { recursive: true, force: true });
const peerMs = median(peerTimes);
const ratio = peerMs / setMs;
console.log(
  `kubectl apply --dry-run=server: ${ms(peerMs)} for the same ${docCount} documents (median of ${peerRounds}) = ${Math.round(docCount / (peerMs / 1000))} documents/s`,
);
console.log(
  `ratio: the extension validates ${ratio.toFixed(1)}x faster than the server dry-run (target >= 20x) ${ratio >= 20 ? 'OK' : 'MISSED'}`,
);
if (cliMs !== undefined)
  console.log(
    `flink-lint CLI from cold (node dist/cli.js <folder>): ${ms(cliMs)} (median of ${peerRounds}) = ${(peerMs / cliMs).toFixed(1)}x faster than the server dry-run`,
  );
else console.log('flink-lint CLI not measured: run `node scripts/build.mjs` first');
process.exitCode = ratio >= 20 && editMs < 50 ? 0 : 1;
