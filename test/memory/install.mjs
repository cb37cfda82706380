// Fetches flink-runtime (+ flink-core and what they need to load) of every Flink release the memory
// differential test covers from Maven Central, into the cache outside the repo, and records each
// release's classpath. Heavy runtime parts the memory utilities never touch (RPC, ZooKeeper, Netty,
// compression) are excluded. Skips releases already resolved.
//   node test/memory/install.mjs       (also: node scripts/setup.mjs memory)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, run } from '../testbed/proc.mjs';
import { MEMORY_FLINK_RELEASES, classpathFile, memoryCacheDir, memoryRepo } from './versions.mjs';

const EXCLUDE = [
  ['org.apache.flink', 'flink-rpc-akka-loader'],
  ['org.apache.flink', 'flink-rpc-pekko-loader'],
  ['org.apache.flink', 'flink-shaded-zookeeper-3'],
  ['org.apache.flink', 'flink-shaded-netty'],
  ['org.apache.flink', 'flink-hadoop-fs'],
  ['org.apache.flink', 'flink-queryable-state-client-java'],
  ['org.xerial.snappy', 'snappy-java'],
  ['org.lz4', 'lz4-java'],
  ['at.yawk.lz4', 'lz4-java'],
  ['org.apache.commons', 'commons-math3'],
  ['org.javassist', 'javassist'],
];

function pom(release) {
  const exclusions = EXCLUDE.map(
    ([g, a]) => `<exclusion><groupId>${g}</groupId><artifactId>${a}</artifactId></exclusion>`,
  ).join('');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>flink-vscode</groupId><artifactId>memory-harness</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.apache.flink</groupId><artifactId>flink-runtime</artifactId><version>${release}</version>
<exclusions>${exclusions}</exclusions></dependency></dependencies></project>
`;
}

async function resolve(release) {
  const file = classpathFile(release);
  if (existsSync(file)) return;
  log(`memory: fetching flink-runtime ${release} and its dependencies from Maven Central...`);
  const started = Date.now();
  const work = mkdtempSync(join(memoryCacheDir, 'pom-'));
  try {
    writeFileSync(join(work, 'pom.xml'), pom(release));
    await run(
      'mvn',
      ['-q', '-B', `-Dmaven.repo.local=${memoryRepo}`, 'dependency:build-classpath', `-Dmdep.outputFile=${file}.tmp`],
      { cwd: work, quiet: true },
    );
    const cp = readFileSync(`${file}.tmp`, 'utf8').trim();
    if (!cp.includes(`flink-runtime-${release}.jar`)) throw new Error(`no flink-runtime ${release} on ${cp}`);
    renameSync(`${file}.tmp`, file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`memory: flink-runtime ${release} resolved in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function install() {
  try {
    await run('mvn', ['-v']);
  } catch {
    throw new Error(
      'memory: Maven (mvn) is needed to fetch the Flink jars for the memory differential test: apt-get install maven',
    );
  }
  for (const release of Object.values(MEMORY_FLINK_RELEASES)) {
    mkdirSync(join(memoryCacheDir, release), { recursive: true });
    await resolve(release);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await install();
