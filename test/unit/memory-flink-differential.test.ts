// Differential test: the TypeScript memory model against Flink's own TaskExecutorProcessUtils and
// JobManagerProcessUtils (as BashJavaUtils calls them), for every supported Flink version, on
// fast-check generated configurations, in one JVM per version. Needs the jars that
// `node scripts/setup.mjs memory` fetches from Maven Central; without them it fails, never skips.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  computeJobManagerMemory,
  computeTaskManagerMemory,
  isMemoryError,
} from '../../src/core/flinkconf/memory/index';
import { jobManagerConfig, taskManagerConfig } from '../memory/generate';
import { MEMORY_FLINK_RELEASES, classpathFile, memoryCacheDir } from '../memory/versions.mjs';

const releases = MEMORY_FLINK_RELEASES;
const HARNESS = join(__dirname, '..', 'memory', 'MemoryHarness.java');
const TM_CASES = 400;
const JM_CASES = 200;

function classpath(release: string): string {
  const file = classpathFile(release);
  if (!existsSync(file))
    assert.fail(`Flink ${release} jars are missing (${file}): run "node scripts/setup.mjs memory" to fetch them.`);
  return readFileSync(file, 'utf8').trim();
}

/** Compiles the harness against this release once per harness content (cached beside the jars). */
function harnessClasses(release: string, cp: string): string {
  const hash = createHash('sha256').update(readFileSync(HARNESS)).digest('hex').slice(0, 12);
  const dir = join(memoryCacheDir, release, `harness-${hash}`);
  if (!existsSync(join(dir, 'MemoryHarness.class'))) {
    const tmp = `${dir}.tmp${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('javac', ['-nowarn', '-cp', cp, '-d', tmp, HARNESS], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return dir;
}

type Case = { role: 'TM' | 'JM'; config: Record<string, string> };

function runFlink(release: string, cases: Case[]): string[] {
  const cp = classpath(release);
  const classes = harnessClasses(release, cp);
  const input = cases.map((c) => [c.role, ...Object.entries(c.config).map(([k, v]) => `${k}=${v}`)].join('\t'));
  const out = execFileSync('java', ['-Xshare:auto', '-cp', `${classes}:${cp}`, 'MemoryHarness'], {
    input: input.join('\n') + '\n',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\n').filter((l) => l.startsWith('OK') || l.startsWith('ERR'));
}

/** The TypeScript answer in the harness's line format. */
function ours(c: Case, version: string): { ok: string } | { err: string } {
  if (c.role === 'TM') {
    const m = computeTaskManagerMemory(c.config, version);
    if (isMemoryError(m)) return { err: m.error };
    const sizes = [m.frameworkHeap, m.taskHeap, m.frameworkOffHeap, m.taskOffHeap, m.network, m.managed];
    const rest = [m.jvmMetaspace, m.jvmOverhead, m.totalFlink, m.totalProcess];
    return { ok: `OK ${[...sizes, ...rest].join(' ')} ${m.cpuCores} ${m.numSlots}` };
  }
  const m = computeJobManagerMemory(c.config, version);
  if (isMemoryError(m)) return { err: m.error };
  return { ok: `OK ${[m.jvmHeap, m.offHeap, m.jvmMetaspace, m.jvmOverhead, m.totalFlink, m.totalProcess].join(' ')}` };
}

/** Java prints the CPU cores as a double ("1.0"); compare it as a number. */
function normalize(line: string, role: 'TM' | 'JM'): string {
  if (!line.startsWith('OK') || role !== 'TM') return line;
  const parts = line.split(' ');
  parts[11] = String(Number(parts[11]));
  return parts.join(' ');
}

describe('memory model vs the real Flink (differential, fake-free)', () => {
  for (const [minor, release] of Object.entries(releases)) {
    it(`computes what Flink ${release} computes, and rejects what it rejects`, () => {
      const seed = 20261206 + Number(minor.replace('.', ''));
      const cases: Case[] = [
        ...fc.sample(taskManagerConfig, { numRuns: TM_CASES, seed }).map((config) => ({ role: 'TM' as const, config })),
        ...fc.sample(jobManagerConfig, { numRuns: JM_CASES, seed }).map((config) => ({ role: 'JM' as const, config })),
      ];
      const flink = runFlink(release, cases);
      assert.equal(
        flink.length,
        cases.length,
        `the harness answered ${flink.length} of ${cases.length} configurations`,
      );
      let accepted = 0;
      const mismatches: string[] = [];
      cases.forEach((c, i) => {
        const theirs = normalize(flink[i] ?? '', c.role);
        const mine = ours(c, minor);
        if ('ok' in mine) accepted++;
        const same = 'ok' in mine ? mine.ok === theirs : theirs.startsWith('ERR');
        if (!same)
          mismatches.push(
            `${c.role} ${JSON.stringify(c.config)}\n  Flink: ${theirs}\n  ours:  ${'ok' in mine ? mine.ok : `ERR ${mine.err}`}`,
          );
      });
      console.log(
        `memory differential Flink ${release}: ${cases.length} configurations (${cases.length - mismatches.length} identical; ${accepted} accepted, ${cases.length - accepted} rejected by ours)`,
      );
      assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${cases.length} differ`);
      // Both outcomes must be exercised, or the comparison proves little.
      assert.ok(
        accepted > cases.length * 0.15 && accepted < cases.length * 0.9,
        `accepted ${accepted} of ${cases.length}`,
      );
    });
  }
});
