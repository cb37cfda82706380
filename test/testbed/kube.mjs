// The Kubernetes half of the test bed: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok (one fake node), all on 127.0.0.1, plus the kubeconfig with an admin
// and a limited (read-only) context.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makePki } from './pki.mjs';
import { podStagesYaml } from './stages.mjs';
import { freePort, httpCall, log, startProcess, waitFor } from './proc.mjs';
import { KUBERNETES, KWOK, etcdBin, kubeBin, kwokBin } from './versions.mjs';

export const NODE_NAME = 'kwok-node-0';
export const ADMIN_USER = 'testbed-admin';
export const LIMITED_USER = 'testbed-viewer';
export const CONTEXT = 'flink-testbed';
export const LIMITED_CONTEXT = 'flink-testbed-readonly';
export const CLUSTER = 'flink-testbed';
export const FLINK_REST_POD_PORT = 8081;

/** Requests to the apiserver as admin (client cert), for bootstrap and readiness checks. */
export function kubeClient(url, pki) {
  const tls = {
    ca: readFileSync(pki.ca.cert),
    cert: readFileSync(pki.users[ADMIN_USER].cert),
    key: readFileSync(pki.users[ADMIN_USER].key),
  };
  return async (method, path, body) => {
    const r = await httpCall(url + path, {
      method,
      tls,
      timeoutMs: 10_000,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    if (r.status >= 300) {
      const err = new Error(`${method} ${path}: HTTP ${r.status}: ${r.text.slice(0, 500)}`);
      err.status = r.status;
      throw err;
    }
    return r.text ? JSON.parse(r.text) : undefined;
  };
}

function writeKubeconfig(file, url, pki) {
  const b64 = (p) => readFileSync(p).toString('base64');
  const user = (name) => ({
    name,
    user: { 'client-certificate-data': b64(pki.users[name].cert), 'client-key-data': b64(pki.users[name].key) },
  });
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: CLUSTER, cluster: { server: url, 'certificate-authority-data': b64(pki.ca.cert) } }],
      users: [user(ADMIN_USER), user(LIMITED_USER)],
      contexts: [
        { name: CONTEXT, context: { cluster: CLUSTER, user: ADMIN_USER, namespace: 'default' } },
        { name: LIMITED_CONTEXT, context: { cluster: CLUSTER, user: LIMITED_USER, namespace: 'default' } },
      ],
      'current-context': CONTEXT,
    }),
    { mode: 0o600 },
  );
}

/**
 * kwok's objects (the --config route, no CRDs): every pod's port 8081 forwards to the Flink REST
 * port; container "taskmanager" logs are the TaskManager's log, every other container's are the
 * JobManager's (both as CRI-format copies kept current by cri-follower.mjs), except two whose files
 * only their writer fills: "bench-taskmanager" (the logs bench) and "rotated-taskmanager" (the test
 * of the REST fill-in).
 */
function writeKwokConfig(file, { flinkRestPort, jobManagerCriLog, taskManagerCriLog, benchCriLog, rotatedCriLog }) {
  const docs = [
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterPortForward',
      metadata: { name: 'flink-rest' },
      spec: { forwards: [{ ports: [FLINK_REST_POD_PORT], target: { address: '127.0.0.1', port: flinkRestPort } }] },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'flink-logs' },
      spec: {
        logs: [
          // previousLogsFile: `--previous` (a restarted container's last run) answers with the
          // TaskManager's log too; other containers have none, as a container that never restarted.
          {
            containers: ['taskmanager'],
            logsFile: taskManagerCriLog,
            previousLogsFile: taskManagerCriLog,
            follow: true,
          },
          { containers: ['bench-taskmanager'], logsFile: benchCriLog, follow: true },
          { containers: ['rotated-taskmanager'], logsFile: rotatedCriLog, follow: true },
          { logsFile: jobManagerCriLog, follow: true },
        ],
      },
    },
  ];
  writeFileSync(file, [...docs.map((d) => stringify(d)), podStagesYaml()].join('---\n'));
}

/** Start etcd and the apiserver; returns once /readyz answers 200. */
export async function startApiServer({ runDir, pidDir, logDir, dataDir }) {
  const pkiDir = join(runDir, 'pki');
  const pki = await makePki(pkiDir, { adminUser: ADMIN_USER, limitedUser: LIMITED_USER });
  const [etcdPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
  log(`starting etcd on ${etcdUrl}`);
  mkdirSync(dataDir, { recursive: true });
  const etcd = startProcess(
    pidDir,
    'etcd',
    etcdBin,
    [
      '--name=testbed',
      `--data-dir=${join(dataDir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=testbed=${peerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    { logFile: join(logDir, 'etcd.log'), cwd: runDir },
  );
  await waitFor(
    'etcd /health',
    async () => {
      const r = await httpCall(`${etcdUrl}/health`);
      return r.status === 200 && r.text.includes('"true"');
    },
    { watch: [etcd], timeoutMs: 60_000 },
  );

  const url = `https://127.0.0.1:${apiPort}`;
  log(`starting kube-apiserver ${KUBERNETES} on ${url}`);
  const apiserver = startProcess(
    pidDir,
    'kube-apiserver',
    join(kubeBin, 'kube-apiserver'),
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${pki.serving.cert}`,
      `--tls-private-key-file=${pki.serving.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--authorization-mode=Node,RBAC',
      '--allow-privileged=true',
      // The apiserver would publish its loopback address as the `kubernetes` Service endpoint, which
      // endpoints validation rejects; nothing in the test bed needs that Service.
      '--endpoint-reconciler-type=none',
      // Dial kwok's kubelet API by the node's InternalIP (127.0.0.1), never by a host name.
      '--kubelet-preferred-address-types=InternalIP',
      '--profiling=false',
      '--v=1',
    ],
    { logFile: join(logDir, 'kube-apiserver.log'), cwd: runDir },
  );
  const kube = kubeClient(url, pki);
  await waitFor(
    'kube-apiserver /readyz',
    async () => {
      const r = await httpCall(`${url}/readyz`, {
        tls: {
          ca: readFileSync(pki.ca.cert),
          cert: readFileSync(pki.users[ADMIN_USER].cert),
          key: readFileSync(pki.users[ADMIN_USER].key),
        },
      });
      return r.status === 200;
    },
    { watch: [etcd, apiserver], timeoutMs: 180_000, intervalMs: 500 },
  );
  const kubeconfig = join(runDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, url, pki);
  return { url, pki, kube, kubeconfig, procs: [etcd, apiserver], etcdUrl };
}

async function bootstrapObjects(kube) {
  // The limited user may read everything and change nothing (denial tests: create -> 403).
  await kube('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'testbed-read-only' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
  });
  await kube('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'testbed-read-only' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'testbed-read-only' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: LIMITED_USER }],
  });
  await kube('POST', '/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
    },
  });
}

/** Controllers, scheduler and kwok; returns once the fake node is Ready and schedulable. */
export async function startNodes({
  runDir,
  pidDir,
  logDir,
  api,
  flinkRestPort,
  jobManagerCriLog,
  taskManagerCriLog,
  benchCriLog,
  rotatedCriLog,
}) {
  const { kube, kubeconfig, pki } = api;
  await bootstrapObjects(kube);
  log('starting kube-controller-manager, kube-scheduler');
  // --secure-port=0: their own HTTPS endpoints are not needed; readiness is seen through the API.
  const kcm = startProcess(
    pidDir,
    'kube-controller-manager',
    join(kubeBin, 'kube-controller-manager'),
    [
      `--kubeconfig=${kubeconfig}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      `--root-ca-file=${pki.ca.cert}`,
      `--service-account-private-key-file=${pki.saKey}`,
      '--v=1',
    ],
    { logFile: join(logDir, 'kube-controller-manager.log'), cwd: runDir },
  );
  const scheduler = startProcess(
    pidDir,
    'kube-scheduler',
    join(kubeBin, 'kube-scheduler'),
    [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0', '--v=1'],
    { logFile: join(logDir, 'kube-scheduler.log'), cwd: runDir },
  );

  const kwokConfig = join(runDir, 'kwok.yaml');
  writeKwokConfig(kwokConfig, { flinkRestPort, jobManagerCriLog, taskManagerCriLog, benchCriLog, rotatedCriLog });
  const kwokPort = await freePort();
  log(`starting kwok ${KWOK} (kubelet API on 127.0.0.1:${kwokPort})`);
  const kwokHome = join(runDir, 'kwok-home'); // kwok auto-loads ~/.kwok/kwok.yaml: keep it away from ~
  mkdirSync(kwokHome, { recursive: true });
  const kwok = startProcess(
    pidDir,
    'kwok',
    kwokBin,
    [
      `--kubeconfig=${kubeconfig}`,
      `--config=${kwokConfig}`,
      '--manage-all-nodes=true',
      '--node-name=localhost',
      '--node-ip=127.0.0.1',
      `--node-port=${kwokPort}`,
      `--server-address=127.0.0.1:${kwokPort}`,
      '--node-lease-duration-seconds=40',
    ],
    { logFile: join(logDir, 'kwok.log'), cwd: runDir, env: { HOME: kwokHome } },
  );
  const procs = [kcm, scheduler, kwok];
  await waitFor(
    `node ${NODE_NAME} Ready without taints`,
    async () => {
      const node = await kube('GET', `/api/v1/nodes/${NODE_NAME}`);
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return ready && !node.spec?.taints?.length;
    },
    { watch: [...api.procs, ...procs], timeoutMs: 120_000, intervalMs: 500 },
  );
  await waitFor(
    'ServiceAccount default/default',
    async () => kube('GET', '/api/v1/namespaces/default/serviceaccounts/default'),
    { watch: [...api.procs, ...procs], timeoutMs: 60_000 },
  );
  await waitFor('kwok /healthz', async () => (await httpCall(`http://127.0.0.1:${kwokPort}/healthz`)).status === 200, {
    watch: [kwok],
  });
  return { procs, kwokPort, kwokConfig };
}
