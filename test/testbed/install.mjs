// Builds and downloads everything the test bed runs into the cache (see versions.mjs), skipping
// what is already there. Sources: the Go module proxy (Kubernetes, etcd, kwok) and PyPI (Flink).
// Each artifact is built into a temp name and renamed when complete, so an interrupted build
// never leaves a half-written binary that a later run would take as done.
//   node test/testbed/install.mjs        (also called by scripts/setup.mjs and .ci/run)
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ETCD,
  FLINK,
  KUBERNETES,
  KWOK,
  cacheDir,
  etcdBin,
  flinkDir,
  flinkHome,
  flinkJarsDir,
  kubeBin,
  kwokBin,
  kwokStagesDir,
  testbedSrc,
} from './versions.mjs';
import { log, run } from './proc.mjs';
import { installOperator, operatorInstalled, operatorSrc } from './operator-install.mjs';

const KUBE_CMDS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'];
const GO_FLAGS = ['-trimpath', '-buildvcs=false', '-ldflags=-s -w'];

async function need(cmd, args, hint) {
  try {
    await run(cmd, args);
  } catch {
    throw new Error(`${cmd} is needed to build the test bed but was not found or failed: ${hint}`);
  }
}

async function timed(what, fn) {
  const t0 = Date.now();
  log(`${what}...`);
  await fn();
  log(`${what}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

async function buildKube() {
  if (KUBE_CMDS.every((c) => existsSync(join(kubeBin, c)))) return;
  await timed(
    `building Kubernetes ${KUBERNETES} (${KUBE_CMDS.join(', ')}) from the Go module proxy; the first build takes 15-25 min on 2 cores`,
    async () => {
      const tmp = `${kubeBin}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      // Stamp the release into /version (a plain `go build` reports v0.0.0-master).
      const [major, minor] = KUBERNETES.slice(1).split('.');
      const stamp = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
        .flatMap((pkg) => [
          `-X ${pkg}.gitVersion=${KUBERNETES}`,
          `-X ${pkg}.gitMajor=${major}`,
          `-X ${pkg}.gitMinor=${minor}`,
          `-X ${pkg}.gitTreeState=clean`,
        ])
        .join(' ');
      const flags = GO_FLAGS.map((f) => (f.startsWith('-ldflags=') ? `${f} ${stamp}` : f));
      await run('go', ['build', ...flags, '-o', tmp + '/', './cmd/...'], {
        cwd: join(testbedSrc, 'kube'),
        quiet: false,
      });
      rmSync(kubeBin, { recursive: true, force: true });
      renameSync(tmp, kubeBin);
    },
  );
}

async function buildEtcd() {
  if (existsSync(etcdBin)) return;
  await timed(`building etcd ${ETCD} from the Go module proxy (about 2-4 min)`, async () => {
    mkdirSync(join(etcdBin, '..'), { recursive: true });
    await run('go', ['build', ...GO_FLAGS, '-o', `${etcdBin}.tmp`, '.'], {
      cwd: join(testbedSrc, 'etcd'),
      quiet: false,
    });
    renameSync(`${etcdBin}.tmp`, etcdBin);
  });
}

async function buildKwok() {
  if (existsSync(kwokBin)) return;
  await timed(`building kwok ${KWOK} (go install, about 3-5 min)`, async () => {
    const gobin = mkdtempSync(join(cacheDir, 'kwok-build-'));
    try {
      await run('go', ['install', ...GO_FLAGS, `sigs.k8s.io/kwok/cmd/kwok@${KWOK}`], {
        env: { GOBIN: gobin, GOFLAGS: '' },
        quiet: false,
      });
      mkdirSync(join(kwokBin, '..'), { recursive: true });
      renameSync(join(gobin, 'kwok'), kwokBin);
    } finally {
      rmSync(gobin, { recursive: true, force: true });
    }
  });
}

/** kwok's own pod Stages of the same tag (kept next to the binary; stages.mjs extends them). */
async function copyKwokStages() {
  if (existsSync(join(kwokStagesDir, 'pod-delete.yaml'))) return;
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `sigs.k8s.io/kwok@${KWOK}`], { env: { GOFLAGS: '' } }),
  );
  const tmp = `${kwokStagesDir}.tmp`;
  mkdirSync(tmp, { recursive: true });
  for (const f of ['pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml']) {
    cpSync(join(info.Dir, 'kustomize', 'stage', 'pod', 'fast', f), join(tmp, f));
  }
  rmSync(kwokStagesDir, { recursive: true, force: true });
  renameSync(tmp, kwokStagesDir);
}

/** Flink from PyPI: apache-flink + apache-flink-libraries (--no-deps) carry the whole distribution. */
async function installFlink(release) {
  const dir = flinkDir(release);
  const marker = join(dir, 'venv', '.complete');
  if (!existsSync(marker)) {
    await timed(`installing Flink ${release} from PyPI (about 550 MB download)`, async () => {
      rmSync(join(dir, 'venv'), { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await run('python3', ['-m', 'venv', join(dir, 'venv')]);
      await run(
        join(dir, 'venv', 'bin', 'pip'),
        [
          'install',
          '--no-deps',
          '--no-cache-dir',
          '--disable-pip-version-check',
          '--progress-bar',
          'off',
          `apache-flink==${release}`,
          `apache-flink-libraries==${release}`,
        ],
        { quiet: false },
      );
      if (!existsSync(join(flinkHome(release), 'bin', 'jobmanager.sh')))
        throw new Error(`Flink ${release} from PyPI has no bin/jobmanager.sh under ${flinkHome(release)}`);
      await run('touch', [marker]);
    });
  }
  await buildJobsJar(release);
}

/** The jar is rebuilt when TestbedJobs.java changes: its hash is kept beside the jar. */
function jobsSourceHash() {
  return createHash('sha256')
    .update(readFileSync(join(testbedSrc, 'jobs', 'TestbedJobs.java')))
    .digest('hex');
}

function jobsJarCurrent(release) {
  const jar = join(flinkJarsDir(release), 'testbed-jobs.jar');
  if (!existsSync(jar) || !existsSync(`${jar}.sha256`)) return false;
  return readFileSync(`${jar}.sha256`, 'utf8').trim() === jobsSourceHash();
}

/** The test bed's own jobs (jobs/TestbedJobs.java), compiled against this release's flink-dist. */
async function buildJobsJar(release) {
  const jars = flinkJarsDir(release);
  const jar = join(jars, 'testbed-jobs.jar');
  if (jobsJarCurrent(release)) return;
  await timed(`compiling the test bed jobs for Flink ${release}`, async () => {
    const classes = join(jars, 'classes');
    rmSync(classes, { recursive: true, force: true });
    mkdirSync(classes, { recursive: true });
    const lib = join(flinkHome(release), 'lib');
    const cp = readdirSync(lib)
      .filter((f) => f.endsWith('.jar'))
      .map((f) => join(lib, f))
      .join(':');
    await run('javac', [
      '--release',
      '11',
      '-nowarn',
      '-cp',
      cp,
      '-d',
      classes,
      join(testbedSrc, 'jobs', 'TestbedJobs.java'),
    ]);
    await run('jar', ['--create', '--file', `${jar}.tmp`, '--main-class', 'TestbedJobs', '-C', classes, '.']);
    renameSync(`${jar}.tmp`, jar);
    writeFileSync(`${jar}.sha256`, jobsSourceHash());
    rmSync(classes, { recursive: true, force: true });
  });
}

export async function install({ flinkReleases = Object.values(FLINK) } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  await need('go', ['version'], 'install Go >= 1.24 (the machine image has it; https://go.dev/doc/install).');
  await need('java', ['-version'], 'install a JDK 17 (Debian: openjdk-17-jdk-headless).');
  await need('javac', ['-version'], 'install a JDK 17 (Debian: openjdk-17-jdk-headless).');
  await need('python3', ['-m', 'venv', '--help'], 'install python3 with venv (Debian: python3-venv).');
  await need('openssl', ['version'], 'install openssl (Debian: openssl).');
  await need('mvn', ['-v'], 'install Maven 3.8+ (Debian: maven); it builds the Flink Kubernetes Operator.');
  log(`installing into ${cacheDir} (cached, keyed by version)`);
  // Downloads (PyPI) overlap with the CPU-bound Go builds; the Go builds run one after another.
  const goChain = (async () => {
    await buildEtcd();
    await buildKwok();
    await copyKwokStages();
    await buildKube();
  })();
  const flinkChain = (async () => {
    for (const r of flinkReleases) await installFlink(r);
  })();
  // The operator's Maven build downloads first and compiles briefly: it follows the PyPI downloads.
  const operatorChain = (async () => {
    await flinkChain;
    if (existsSync(operatorSrc())) await installOperator();
    else log(`skipping the Flink Kubernetes Operator: no source at ${operatorSrc()}`);
  })();
  const results = await Promise.allSettled([goChain, flinkChain, operatorChain]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) throw new Error(failed.map((r) => r.reason.message).join('\n'));
  log('install complete');
}

/** True when everything for one Flink release is in the cache (up() then skips install()). */
export function installed(release) {
  return (
    KUBE_CMDS.every((c) => existsSync(join(kubeBin, c))) &&
    existsSync(etcdBin) &&
    existsSync(kwokBin) &&
    existsSync(join(kwokStagesDir, 'pod-delete.yaml')) &&
    existsSync(join(flinkDir(release), 'venv', '.complete')) &&
    jobsJarCurrent(release) &&
    (operatorInstalled() || !existsSync(operatorSrc()))
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  install().catch((e) => {
    console.error(`testbed install failed: ${e.message}`);
    process.exit(1);
  });
}
