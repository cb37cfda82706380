// The Flink releases the memory differential test runs against (one per supported minor version), and
// where their jars' classpath is cached (outside the repo, keyed by release).
import { join } from 'node:path';
import { cacheDir } from '../../scripts/node-runtime.mjs';

/** Flink minor -> the newest release Maven Central serves (checked 2026-12). */
export const MEMORY_FLINK_RELEASES = {
  1.17: '1.17.2',
  1.18: '1.18.1',
  1.19: '1.19.3',
  '1.20': '1.20.5',
  '2.0': '2.0.2',
  2.1: '2.1.3',
  2.2: '2.2.1',
  2.3: '2.3.0',
};

export const memoryCacheDir = join(cacheDir, 'flink-memory');
export const memoryRepo = join(memoryCacheDir, 'm2');
/** A file listing the jars (':'-separated) that load Flink's memory utilities of one release. */
export function classpathFile(release) {
  return join(memoryCacheDir, release, 'classpath.txt');
}
