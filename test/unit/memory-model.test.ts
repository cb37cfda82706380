// The memory model on settings whose results were taken from the real Flink 1.20.5 and 2.2.1
// (test/memory/MemoryHarness.java); the differential test covers generated settings for every version.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeJobManagerMemory,
  computeTaskManagerMemory,
  formatMemoryBreakdown,
  isMemoryError,
  memoryModelVersion,
  parseMemorySize,
  type JobManagerMemory,
  type MemoryError,
  type TaskManagerMemory,
} from '../../src/core/flinkconf/memory';
import { containerMemory } from '../../src/core/flinkconf/memory/container';
import { buildModel } from '../../src/core/flinkconf/cluster';
import { parseManifests } from '../../src/core/model/parse';
import { session } from './validate-helpers';

function tm(config: Record<string, string>, version = '2.2'): TaskManagerMemory {
  const m = computeTaskManagerMemory(config, version);
  if (isMemoryError(m)) assert.fail(m.error);
  return m;
}
function jm(config: Record<string, string>, version = '2.2'): JobManagerMemory {
  const m = computeJobManagerMemory(config, version);
  if (isMemoryError(m)) assert.fail(m.error);
  return m;
}
function tmError(config: Record<string, string>, version = '2.2'): MemoryError {
  const m = computeTaskManagerMemory(config, version);
  assert.ok(isMemoryError(m), 'expected Flink to refuse this configuration');
  return m;
}
/** framework heap, task heap, framework off-heap, task off-heap, network, managed, metaspace, overhead, flink, process */
const tmNumbers = (m: TaskManagerMemory) =>
  [
    m.frameworkHeap,
    m.taskHeap,
    m.frameworkOffHeap,
    m.taskOffHeap,
    m.network,
    m.managed,
    m.jvmMetaspace,
    m.jvmOverhead,
    m.totalFlink,
    m.totalProcess,
  ].join(' ');

describe('Flink memory model', () => {
  it('derives the TaskManager of the default config.yaml (process size 1728m) as Flink does', () => {
    const m = tm({ 'taskmanager.memory.process.size': '1728m' });
    assert.equal(
      tmNumbers(m),
      '134217728 402653174 134217728 0 134217730 536870920 268435456 201326592 1342177280 1811939328',
    );
    assert.equal(m.derivedFrom, 'process-size');
    assert.equal(m.jvmHeap, 536870902n);
    assert.equal(m.jvmDirect, 268435458n);
    assert.match(m.notes.join('\n'), /jvm overhead memory .* below its min/);
  });

  it('derives from the total Flink size, from fine-grained sizes, and with fractions', () => {
    assert.equal(
      tmNumbers(tm({ 'taskmanager.memory.flink.size': '1280m' }))
        .split(' ')
        .at(-1),
      '1811939328',
    );
    const fine = tm({ 'taskmanager.memory.task.heap.size': '512m', 'taskmanager.memory.managed.size': '512m' });
    assert.equal(
      tmNumbers(fine),
      '134217728 536870912 134217728 0 149130811 536870912 268435456 201326592 1491308091 1961070139',
    );
    assert.equal(fine.derivedFrom, 'fine-grained');
    const fractions = tm({
      'taskmanager.memory.process.size': '4g',
      'taskmanager.memory.managed.fraction': '0.2',
      'taskmanager.memory.network.fraction': '0.15',
    });
    assert.equal(
      tmNumbers(fractions),
      '134217728 2069637330 134217728 0 539555287 719407031 268435456 429496736 3597035104 4294967296',
    );
  });

  it('derives the JobManager from the process size and from the heap', () => {
    const configs: Record<string, string>[] = [
      { 'jobmanager.memory.process.size': '1600m' },
      { 'jobmanager.memory.heap.size': '1g' },
    ];
    for (const config of configs) {
      const m = jm(config);
      assert.deepEqual(
        [m.jvmHeap, m.offHeap, m.jvmMetaspace, m.jvmOverhead, m.totalFlink, m.totalProcess],
        [1073741824n, 134217728n, 268435456n, 201326592n, 1207959552n, 1677721600n],
      );
    }
  });

  it("raises Flink's errors, in Flink's words", () => {
    assert.equal(
      tmError({ 'taskmanager.memory.process.size': '1728m', 'taskmanager.memory.flink.size': '1500m' }).error,
      'TaskManager memory configuration failed: The configured Total Process Memory size (1.688gb (1811939328 bytes)) is less than the sum of the derived Total Flink Memory size (1.465gb (1572864000 bytes)) and the configured or default JVM Metaspace size  (256.000mb (268435456 bytes)).',
    );
    assert.match(
      tmError({
        'taskmanager.memory.process.size': '2g',
        'taskmanager.memory.network.min': '512m',
        'taskmanager.memory.network.max': '256m',
      }).error,
      /Inconsistently configured taskmanager\.memory\.network\.fraction \(0\.10000000149011612\) and its min \(512\.000mb \(536870912 bytes\)\), max \(256\.000mb/,
    );
    assert.match(tmError({ 'taskmanager.memory.process.size': '981m' }).error, /exceed configured Total Flink Memory/);
    assert.match(tmError({}).error, /Either required fine-grained memory/);
    assert.match(tmError({ 'taskmanager.memory.process.size': '2 gigs' }).error, /taskmanager\.memory\.process\.size/);
  });

  it('reads a value only when Flink reads it: a malformed unused option does not fail', () => {
    const config = {
      'taskmanager.memory.task.heap.size': '512m',
      'taskmanager.memory.managed.size': '512m',
      'taskmanager.memory.managed.fraction': 'oops',
    };
    assert.equal(tm(config).totalProcess, 1961070139n);
    assert.match(
      tmError({ 'taskmanager.memory.flink.size': '2g', 'taskmanager.memory.managed.fraction': 'oops' }).error,
      /managed\.fraction/,
    );
  });

  it('honours the legacy heap keys in Flink 1.x only (removed in 2.0)', () => {
    const legacy = { 'taskmanager.heap.size': '1024m' };
    assert.equal(tm(legacy, '1.20').totalProcess, 1543503872n);
    assert.match(tmError(legacy, '2.0').error, /Either required fine-grained memory/);
    assert.equal(jm({ 'jobmanager.heap.size': '1g' }, '1.17').jvmHeap, 1073741824n);
    assert.ok(isMemoryError(computeJobManagerMemory({ 'jobmanager.heap.size': '1g' }, '2.1')));
  });

  it('follows deprecated keys (taskmanager.network.memory.*, taskmanager.memory.size) in every version', () => {
    for (const v of ['1.17', '2.3']) {
      const m = tm({ 'taskmanager.memory.process.size': '2g', 'taskmanager.memory.size': '300m' }, v);
      assert.equal(m.managed, 300n * 1024n * 1024n);
      const n = tm({ 'taskmanager.memory.process.size': '2g', 'taskmanager.network.memory.max': '100m' }, v);
      assert.equal(n.network, 100n * 1024n * 1024n);
    }
  });

  it('names the version it computed for, and says when it assumed one', () => {
    assert.deepEqual(memoryModelVersion('v1_19'), { version: '1.19', assumed: false, legacy: true });
    assert.deepEqual(memoryModelVersion(undefined), { version: '2.3', assumed: true, legacy: false });
    assert.deepEqual(memoryModelVersion('1.15'), { version: '1.17', assumed: true, legacy: true });
    assert.deepEqual(memoryModelVersion({ major: 2, minor: 9 }), { version: '2.3', assumed: true, legacy: false });
  });

  it('parses sizes as Flink does (bare numbers are bytes, no fractions, 64-bit)', () => {
    assert.equal(parseMemorySize('1728m'), 1811939328n);
    assert.equal(parseMemorySize(' 64 MB '), 67108864n);
    assert.equal(parseMemorySize('100'), 100n);
    assert.throws(() => parseMemorySize('1.5g'), /does not match any of the recognized units/);
    assert.throws(() => parseMemorySize('99999999999t'), /numeric overflow/);
  });

  it('formats a hover with the breakdown and the headroom against the container limit', () => {
    const m = tm({ 'taskmanager.memory.process.size': '1728m' });
    const ok = formatMemoryBreakdown(m, { limit: 2n * 1024n ** 3n });
    assert.match(ok, /\| Total Process Memory \| 1\.688 GiB \|/);
    assert.match(ok, /\| &nbsp;&nbsp;JVM Metaspace \| 256 MiB \|/);
    assert.match(ok, /Container limit 2 GiB: headroom 320 MiB\./);
    assert.match(ok, /-Xmx536870902/);
    const tight = formatMemoryBreakdown(m, { limit: 1536 * 1024 * 1024 });
    assert.match(
      tight,
      /Container limit 1\.500 GiB is 192 MiB below the process size: the container will be OOMKilled\./,
    );
    const err = formatMemoryBreakdown(tmError({}, 'x'));
    assert.match(err, /Flink 2\.3 \(assumed: set the Flink version to be exact\)/);
    assert.match(err, /refuses this configuration at startup/);
  });
});

describe('memory of a manifest container', () => {
  it('gives each Flink container its breakdown, version and limit (for the hover)', () => {
    const text = session({ tmLimit: '2Gi' });
    const model = buildModel(parseManifests([{ path: 'session.yaml', text }]));
    const got = model.containers.map((ec) => containerMemory(ec, model));
    const tmMem = got.find((c) => c?.role === 'taskmanager');
    const jmMem = got.find((c) => c?.role === 'jobmanager');
    assert.ok(tmMem && jmMem && !isMemoryError(tmMem.result) && !isMemoryError(jmMem.result));
    assert.equal(tmMem.result.totalProcess, 1811939328n);
    assert.equal(tmMem.limit, 2 * 1024 ** 3);
    assert.equal(tmMem.versionKnown, true);
    assert.equal(jmMem.result.version.version, '1.20');
    assert.match(formatMemoryBreakdown(tmMem.result, { limit: tmMem.limit }), /headroom 320 MiB/);
  });
});
