// The Flink Kubernetes Operator half of the test bed: its CRDs (from the operator source the jar
// was built from) applied to the apiserver, and the operator itself run as a plain java process
// (what the image's docker-entrypoint.sh does for `operator`) against the test bed's kubeconfig.
//
// How the operator reaches "the JobManager": run outside a cluster (no KUBERNETES_SERVICE_HOST),
// the operator itself replaces the JobManager service host with `localhost`
// (FlinkOperatorConfiguration.flinkServiceHostOverride), and the port is the deployment's
// `rest.port`. The operator's default Flink configuration (inherited by every FlinkDeployment)
// sets `rest.port` to the real Flink's REST port, so every FlinkDeployment's REST calls (health,
// job status, savepoints, session-job submission) reach the one real Flink cluster the kwok pods
// stand for. The kwok JobManager pod of an application cluster cannot run its job itself, so
// operator-apps.mjs submits that job (jar, entry class, args, fixed job id, savepoint path from the
// cluster's own ConfigMap) to the real Flink, as the container would have; see README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { operatorBuild } from './operator-install.mjs';
import { run, startProcess, waitFor } from './proc.mjs';
import { kubectlBin, testbedSrc } from './versions.mjs';
import { ADMIN_USER } from './kube.mjs';

/** Namespaces the operator watches (the operator tests use these; other suites see no reconciler). */
export const OPERATOR_NAMESPACES = ['flink-operator'];

const CONTROLLERS = ['flinkdeploymentcontroller', 'flinksessionjobcontroller', 'flinkstatesnapshotcontroller'];

/** Apply the operator's CRDs (server-side: they are too large for client-side apply's annotation). */
export async function installOperatorCrds({ kubeconfig, crdsDir }) {
  await run(kubectlBin, [
    '--kubeconfig',
    kubeconfig,
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=flink-testbed',
    '-f',
    crdsDir,
  ]);
  // A CRD read before the API server wrote its first status has no conditions, and kubectl wait
  // then fails at once (".status.conditions accessor error: <nil>") instead of waiting: ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      await run(kubectlBin, [
        '--kubeconfig',
        kubeconfig,
        'wait',
        '--for=condition=Established',
        '--timeout=60s',
        '-f',
        crdsDir,
      ]);
      return;
    } catch (e) {
      if (attempt >= 10 || !/accessor error/.test(String(e?.message ?? e))) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function createNamespaces(kubeconfig, namespaces) {
  const yaml = namespaces.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join('---\n');
  await run(
    kubectlBin,
    ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager=flink-testbed', '-f', '-'],
    {
      input: yaml,
    },
  );
}

function writeOperatorConf(confDir, { flinkRestPort, runDir, savepointDir, checkpointDir, namespaces }) {
  mkdirSync(confDir, { recursive: true });
  const conf = {
    // Where the operator's REST calls land: localhost (its own host override) at this port.
    'rest.port': flinkRestPort,
    'kubernetes.operator.watched.namespaces': namespaces.join(','),
    'kubernetes.operator.leader-election.enabled': false,
    // The probe binds every interface; readiness is read from the log instead.
    'kubernetes.operator.health.probe.enabled': false,
    // Fast turns for tests (defaults: 60 s, 10 s, 10 s).
    'kubernetes.operator.reconcile.interval': '5 s',
    'kubernetes.operator.observer.progress-check.interval': '1 s',
    'kubernetes.operator.observer.rest-ready.delay': '1 s',
    'kubernetes.operator.reconcile.parallelism': 10,
    // FlinkSessionJob jars come from the test bed's files (default: https only).
    'kubernetes.operator.user.artifacts.allowed-schemes': 'file;https',
    'kubernetes.operator.user.artifacts.base.dir': join(runDir, 'operator-artifacts'),
    // The real session cluster always runs the test bed's own jobs, which no operator manages.
    'kubernetes.operator.session.deletion.block-on-unmanaged-jobs': false,
    'kubernetes.operator.snapshot.resource.enabled': true,
    // Defaults every FlinkDeployment inherits: the real Flink's savepoint/checkpoint dirs.
    'state.savepoints.dir': savepointDir,
    'execution.checkpointing.savepoint-dir': savepointDir,
    'state.checkpoints.dir': checkpointDir,
    'execution.checkpointing.dir': checkpointDir,
    'taskmanager.numberOfTaskSlots': 1,
    'parallelism.default': 1,
  };
  // The legacy flat format, as the operator's Helm chart ships it (flink-conf.yaml).
  writeFileSync(
    join(confDir, 'flink-conf.yaml'),
    Object.entries(conf)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n',
  );
}

/**
 * Install the CRDs, start the operator and the application-job runner; resolves once the operator
 * has started its controllers. Returns the state fields for `state.operator`.
 */
/**
 * The operator's own kubeconfig and client cert (user flink-operator in system:masters). fabric8,
 * both the operator's and the copy shaded into Flink's Kubernetes client, assumes RSA client keys
 * (an EC key fails, or needs BouncyCastle), so the operator gets an RSA key signed by the test bed's CA.
 */
async function operatorKubeconfig(runDir, api) {
  const dir = join(runDir, 'operator-kube');
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'operator.key');
  const csr = join(dir, 'operator.csr');
  const cert = join(dir, 'operator.crt');
  const ext = join(dir, 'operator.ext');
  writeFileSync(
    ext,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  const caKey = join(dirname(api.pki.ca.cert), 'ca.key');
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/O=system:masters/CN=flink-operator',
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    api.pki.ca.cert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '30',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    cert,
  ]);
  const path = join(dir, 'kubeconfig');
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: testbed\n  cluster:\n    server: ${api.url}\n    certificate-authority: ${api.pki.ca.cert}`,
    'users:',
    `- name: flink-operator\n  user:\n    client-certificate: ${cert}\n    client-key: ${key}`,
    'contexts:',
    '- name: operator\n  context:\n    cluster: testbed\n    user: flink-operator',
    'current-context: operator',
  ];
  writeFileSync(path, yaml.join('\n') + '\n');
  return path;
}

export async function startOperator({
  runDir,
  pidDir,
  logDir,
  kubeconfig,
  api,
  flink,
  namespaces = OPERATOR_NAMESPACES,
}) {
  const b = operatorBuild();
  await installOperatorCrds({ kubeconfig, crdsDir: b.crdsDir });
  await createNamespaces(kubeconfig, namespaces);
  const confDir = join(runDir, 'operator-conf');
  writeOperatorConf(confDir, {
    flinkRestPort: flink.restPort,
    runDir,
    savepointDir: flink.savepoints,
    checkpointDir: flink.checkpoints,
    namespaces,
  });
  const logFile = join(logDir, 'flink-operator.log');
  const proc = startProcess(
    pidDir,
    'flink-operator',
    'java',
    [
      '-Xmx512m',
      '-XX:+UseSerialGC',
      `-Dlog4j.configurationFile=${b.log4jConfig}`,
      '-cp',
      [b.standaloneJar, b.operatorJar, join(b.log4jDir, '*')].join(':'),
      'org.apache.flink.kubernetes.operator.FlinkOperator',
    ],
    {
      env: {
        KUBECONFIG: await operatorKubeconfig(runDir, api),
        FLINK_CONF_DIR: confDir,
        FLINK_PLUGINS_DIR: join(runDir, 'operator-plugins'),
        LOG4J_FORMAT_MSG_NO_LOOKUPS: 'true',
      },
      cwd: runDir,
      logFile,
    },
  );
  const apps = startProcess(pidDir, 'operator-apps', process.execPath, [join(testbedSrc, 'operator-apps.mjs')], {
    env: {
      OPERATOR_APPS_API: api.url,
      OPERATOR_APPS_CA: api.pki.ca.cert,
      OPERATOR_APPS_CERT: api.pki.users[ADMIN_USER].cert,
      OPERATOR_APPS_KEY: api.pki.users[ADMIN_USER].key,
      OPERATOR_APPS_FLINK: flink.restUrl,
    },
    cwd: runDir,
    logFile: join(logDir, 'operator-apps.log'),
  });
  return {
    procs: [proc, apps],
    ready: () =>
      waitFor(
        'the Flink Kubernetes Operator to start its controllers',
        () => {
          // The operator SDK logs "'<name>' controller started" once each controller's informers sync.
          const text = readLog(logFile);
          // A failed start leaves the JVM alive (non-daemon client threads): read the failure instead.
          if (
            /Exception in thread "main"|at org\.apache\.flink\.kubernetes\.operator\.FlinkOperator\.main/.test(text)
          ) {
            throw Object.assign(new Error(`the Flink Kubernetes Operator failed to start; see ${logFile}`), {
              fatal: true,
            });
          }
          return CONTROLLERS.every((c) => text.includes(`'${c}' controller started`));
        },
        { timeoutMs: 180_000, watch: [proc, apps] },
      ),
    state: {
      version: b.version,
      build: b.dir,
      crdsDir: b.crdsDir,
      namespaces,
      confDir,
      log: logFile,
      appsLog: join(logDir, 'operator-apps.log'),
      restHost: 'localhost (the operator host override outside a cluster)',
      restPort: flink.restPort,
    },
  };
}

function readLog(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
