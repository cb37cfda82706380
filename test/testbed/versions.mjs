// Pinned versions of everything the test bed runs, and where each lives in the build cache
// (outside the repo, keyed by version, so that a version bump builds anew and old caches stay valid).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../../scripts/node-runtime.mjs';

export const KUBERNETES = 'v1.34.4'; // test/testbed/kube/go.mod pins the same release
export const ETCD = 'v3.6.16'; // test/testbed/etcd/go.mod
export const KWOK = 'v0.7.0'; // last release with built-in default Stages
/** FLINK_VERSION values ('1.20', '2') -> the pinned release of that line. */
export const FLINK = { '1.20': '1.20.5', 2: '2.2.1' };

export const testbedSrc = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export { cacheDir };

export const kubeBin = join(cacheDir, `kube-${KUBERNETES}`, 'bin');
export const etcdBin = join(cacheDir, `etcd-${ETCD}`, 'bin', 'etcd');
export const kwokBin = join(cacheDir, `kwok-${KWOK}`, 'bin', 'kwok');
export const kwokStagesDir = join(cacheDir, `kwok-${KWOK}`, 'stages');
export const kubectlBin = join(kubeBin, 'kubectl');

/** Resolve '1.20' | '2' | '1.20.5' | undefined (-> $FLINK_VERSION -> '1.20') to a pinned release. */
export function flinkRelease(requested) {
  const want = String(requested ?? process.env.FLINK_VERSION ?? '1.20');
  if (FLINK[want]) return FLINK[want];
  const hit = Object.values(FLINK).find((v) => v === want);
  if (hit) return hit;
  const major = want.split('.')[0];
  if (major === '2') return FLINK['2'];
  if (want.startsWith('1.20')) return FLINK['1.20'];
  throw new Error(
    `Unknown Flink version "${want}": the test bed has ${Object.keys(FLINK).join(' and ')} (${Object.values(FLINK).join(', ')}).`,
  );
}

export function flinkDir(release) {
  return join(cacheDir, `flink-${release}`);
}
/** FLINK_HOME inside the pip venv (apache-flink-libraries ships the whole distribution). */
export function flinkHome(release) {
  const lib = join(flinkDir(release), 'venv', 'lib');
  const py = existsSync(lib) ? readdirSync(lib).find((d) => d.startsWith('python')) : undefined;
  return join(lib, py ?? 'python3', 'site-packages', 'pyflink');
}
export function flinkJarsDir(release) {
  return join(flinkDir(release), 'jars');
}
