// Builds the Flink Kubernetes Operator from its Apache-2.0 source (../shared/flink-kubernetes-operator,
// read in place, never copied into this repository) with Maven from Maven Central only, and caches
// the jars, CRDs and log config by a hash of the source, like the Kubernetes build. The source dir
// may be read-only, so Maven runs in a copy under the cache; the copy is removed afterwards and
// Maven's own repository (<cache>/m2) is kept so that a rebuild after a source change is quicker.
//   node test/testbed/operator-install.mjs      (install.mjs calls it too)
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, repoRoot } from './versions.mjs';
import { log, run } from './proc.mjs';

/** The operator source: $FLINK_OPERATOR_SRC or the shared checkout beside the repository. */
export function operatorSrc() {
  return process.env.FLINK_OPERATOR_SRC ?? join(repoRoot, '..', 'shared', 'flink-kubernetes-operator');
}

// What the build reads: the parent pom, the four modules the operator jar is made of, and the
// helm chart's CRDs and log config that the test bed installs next to it.
const HASHED = [
  'pom.xml',
  'flink-kubernetes-standalone',
  'flink-kubernetes-operator-api',
  'flink-autoscaler',
  'flink-kubernetes-operator',
  'helm/flink-kubernetes-operator/crds',
  'helm/flink-kubernetes-operator/conf',
];

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'target') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const hashes = new Map(); // src -> hash, once per process (hashing reads ~5 MB)

/** sha256 of the paths and contents of everything the build reads (12 hex digits). */
export function operatorSourceHash(src = operatorSrc()) {
  const known = hashes.get(src);
  if (known) return known;
  const h = createHash('sha256');
  for (const part of HASHED) {
    const p = join(src, part);
    for (const f of statSync(p).isDirectory() ? walk(p, []) : [p]) {
      h.update(relative(src, f)).update('\0').update(readFileSync(f)).update('\0');
    }
  }
  h.update(MVN_SKIPS.join(' ') + ANNOTATIONS + 'metrics-no-override');
  const hash = h.digest('hex').slice(0, 12);
  hashes.set(src, hash);
  return hash;
}

function operatorVersion(src) {
  const pom = readFileSync(join(src, 'pom.xml'), 'utf8');
  const m = /<artifactId>flink-kubernetes-operator-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom);
  if (!m?.[1]) throw new Error(`cannot read the operator version from ${join(src, 'pom.xml')}`);
  return m[1];
}

/** Where the built operator lives: { dir, operatorJar, standaloneJar, log4jDir, crdsDir, log4jConfig, version }. */
export function operatorBuild(src = operatorSrc()) {
  const dir = join(cacheDir, `flink-operator-${operatorSourceHash(src)}`);
  return {
    dir,
    version: operatorVersion(src),
    operatorJar: join(dir, 'lib', 'flink-kubernetes-operator-shaded.jar'),
    standaloneJar: join(dir, 'lib', 'flink-kubernetes-standalone.jar'),
    log4jDir: join(dir, 'log4j'),
    crdsDir: join(dir, 'crds'),
    log4jConfig: join(dir, 'conf', 'log4j-operator.properties'),
    complete: join(dir, '.complete'),
  };
}

export function operatorInstalled() {
  try {
    return existsSync(operatorBuild().complete);
  } catch {
    return false;
  }
}

// The operator's pom pins Flink 1.20.4, but flink-kubernetes and flink-container 1.20.4 are not
// served by the Maven Central this project reaches (a "not found", not a time-out); 1.20.0 of the
// same line is, so the operator is built against Flink 1.20.0 client modules. Part of the cache key.
export const OPERATOR_FLINK_VERSION = '1.20.0';
export const OPERATOR_FABRIC8_VERSION = '7.9.0'; // see adjustPoms()
// The pom's Java Operator SDK 5.5.0 is not served either; 5.2.3 is the newest operator-framework that is.
export const OPERATOR_JOSDK_VERSION = '5.2.3';

// Everything that needs more than Maven Central or only checks the source is skipped; test
// sources are not compiled (maven.test.skip) and the test-plugin assembly is not made.
const MVN_SKIPS = [
  '-Dmaven.test.skip=true',
  '-DskipTests',
  '-Dassembly.skipAssembly=true',
  '-Dcheckstyle.skip',
  '-Dspotless.check.skip',
  '-Dspotless.apply.skip',
  '-Drat.skip',
  '-Dmaven.javadoc.skip',
  '-Djapicmp.skip',
  '-Dcyclonedx.skip',
  '-Dmaven.source.skip',
  // The CRD compatibility check (antrun) compares the generated CRDs, which are not generated here.
  '-Dmaven.antrun.skip=true',
  `-Dflink.version=${OPERATOR_FLINK_VERSION}`,
  `-Dfabric8.version=${OPERATOR_FABRIC8_VERSION}`,
  `-Doperator.sdk.version=${OPERATOR_JOSDK_VERSION}`,
  '-Dfabric8.httpclient.impl=jdk',
  '-P',
  '!depend-on-okhttp4',
];

// What Maven Central serves here differs from what the operator's pom names, and the build copy's
// poms are adjusted for it (never the source):
//  - fabric8 7.8.0's crd-generator-api-v2 and crd-generator-maven-plugin are not served ("not
//    found"); 7.9.0 of every fabric8 module is, so the build uses fabric8.version=7.9.0 with the JDK
//    HTTP client (kubernetes-httpclient-jdk 7.9.0 is served; the okhttp one is not listed).
//  - the CRD generator plugin only regenerates the CRD YAML the source carries in helm/.../crds
//    (which the test bed installs) and nothing reads the generated copy at run time: dropped.
//  - org.jetbrains:annotations (compile-only, @NotNull/@Nullable) came with the newer SDK: added.
//  - with SDK 5.2.3, OperatorJosdkMetrics' @Override on five SDK metrics callbacks that 5.2.3's
//    Metrics interface does not have yet fails to compile: the copy drops those annotations (the
//    methods stay; that SDK just never calls them, so those operator metrics are not reported).
//  - test-scoped dependencies are dropped: tests are not compiled, but Maven still resolves them,
//    and some (fabric8 kube-api-test) are not served.
const MODULE_POMS = [
  'pom.xml',
  'flink-kubernetes-standalone/pom.xml',
  'flink-kubernetes-operator-api/pom.xml',
  'flink-autoscaler/pom.xml',
  'flink-kubernetes-operator/pom.xml',
];
const ANNOTATIONS =
  '<dependency><groupId>org.jetbrains</groupId><artifactId>annotations</artifactId><version>26.0.2</version><scope>provided</scope></dependency>';
function adjustPoms(work) {
  const generator =
    /<plugin>\s*<groupId>io\.fabric8<\/groupId>\s*<artifactId>crd-generator-maven-plugin<\/artifactId>[\s\S]*?<\/plugin>/;
  const testDep =
    /<dependency>(?:(?!<\/dependency>)[\s\S])*?<scope>test<\/scope>(?:(?!<\/dependency>)[\s\S])*?<\/dependency>/g;
  for (const rel of MODULE_POMS) {
    const path = join(work, rel);
    let pom = readFileSync(path, 'utf8').replace(generator, '').replace(testDep, '');
    if (rel === 'flink-kubernetes-operator/pom.xml')
      pom = pom.replace('<dependencies>', `<dependencies>${ANNOTATIONS}`);
    writeFileSync(path, pom);
  }
  const metrics = join(work, METRICS_JAVA);
  writeFileSync(metrics, readFileSync(metrics, 'utf8').replace(/^\s*@Override\n/gm, ''));
}
const METRICS_JAVA =
  'flink-kubernetes-operator/src/main/java/org/apache/flink/kubernetes/operator/metrics/OperatorJosdkMetrics.java';

export async function installOperator() {
  const src = operatorSrc();
  if (!existsSync(join(src, 'pom.xml'))) {
    throw new Error(
      `The Flink Kubernetes Operator source is not at ${src}: put a checkout there or set FLINK_OPERATOR_SRC.`,
    );
  }
  const b = operatorBuild(src);
  if (existsSync(b.complete)) return b;
  const t0 = Date.now();
  const hash = operatorSourceHash(src);
  log(
    `building the Flink Kubernetes Operator ${b.version} (source ${hash}) with Maven; the first build downloads ~400 MB`,
  );
  const work = join(cacheDir, `operator-src-${hash}`);
  rmSync(work, { recursive: true, force: true });
  cpSync(src, work, { recursive: true, filter: (p) => !p.endsWith('/target') && !p.endsWith('/.git') });
  adjustPoms(work);
  await run(
    'mvn',
    [
      '-B',
      '-ntp',
      `-Dmaven.repo.local=${join(cacheDir, 'm2')}`,
      'package',
      '-pl',
      'flink-kubernetes-operator',
      '-am',
      ...MVN_SKIPS,
    ],
    { cwd: work, quiet: !process.env.TESTBED_VERBOSE },
  );
  const tmp = `${b.dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'lib'), { recursive: true });
  const opTarget = join(work, 'flink-kubernetes-operator', 'target');
  const shaded = readdirSync(opTarget).find((f) => /^flink-kubernetes-operator-.*-shaded\.jar$/.test(f));
  const saTarget = join(work, 'flink-kubernetes-standalone', 'target');
  const standalone = readdirSync(saTarget).find((f) => /^flink-kubernetes-standalone-[^-]+(-SNAPSHOT)?\.jar$/.test(f));
  if (!shaded || !standalone)
    throw new Error(`the Maven build made no operator jars (looked in ${opTarget}, ${saTarget})`);
  cpSync(join(opTarget, shaded), join(tmp, 'lib', 'flink-kubernetes-operator-shaded.jar'));
  cpSync(join(saTarget, standalone), join(tmp, 'lib', 'flink-kubernetes-standalone.jar'));
  cpSync(join(opTarget, 'log4j'), join(tmp, 'log4j'), { recursive: true });
  cpSync(join(work, 'helm', 'flink-kubernetes-operator', 'crds'), join(tmp, 'crds'), { recursive: true });
  cpSync(join(work, 'helm', 'flink-kubernetes-operator', 'conf'), join(tmp, 'conf'), { recursive: true });
  await run('touch', [join(tmp, '.complete')]);
  rmSync(b.dir, { recursive: true, force: true });
  renameSync(tmp, b.dir);
  rmSync(work, { recursive: true, force: true });
  log(`building the Flink Kubernetes Operator: done in ${Math.round((Date.now() - t0) / 1000)} s`);
  return b;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  installOperator().then(
    (b) => console.log(`operator in ${b.dir}`),
    (e) => {
      console.error(`operator install failed: ${e.message}`);
      process.exit(1);
    },
  );
}
