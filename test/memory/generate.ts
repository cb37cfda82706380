// fast-check generators of Flink memory configurations for the differential test: mostly plausible
// settings (so that many are accepted and the numbers get compared), with conflicting, out-of-range,
// deprecated, legacy and malformed values mixed in (so that rejections get compared too).
import fc from 'fast-check';

const mib = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => `${n}m`);
const size = (lo: number, hi: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: mib(lo, hi) },
    { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }).map((n) => `${n * 1024 * 1024 + 7}`) },
    { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }).map((n) => `${n * 1024} kb`) },
    { weight: 2, arbitrary: fc.integer({ min: Math.ceil(lo / 1024), max: Math.ceil(hi / 1024) }).map((n) => `${n}g`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0',
        '1b',
        '-1m',
        '1.5g',
        'lots',
        '',
        ' 64 MB ',
        '9223372036854775807',
        '99999999999t',
      ),
    },
  );
const fraction = (typical: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 95 }).map((n) => `0.${String(n).padStart(2, '0')}`) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 999 }).map((n) => String(n / 1000)) },
    { weight: 4, arbitrary: fc.constant(String(typical)) },
    { weight: 1, arbitrary: fc.constantFrom('1', '1.0', '-0.1', '0.25f', 'half', '.3', '1e-1', 'NaN') },
  );

type Entry = [string, fc.Arbitrary<string>, number];

/** Optional entries: [key, value, weight of being absent against 1 of being set]. */
function configOf(entries: Entry[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      ...entries.map(([, arb, absent]) =>
        fc.oneof({ weight: absent, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb }),
      ),
    )
    .map((values) => {
      const out: Record<string, string> = {};
      values.forEach((v, i) => {
        const key = entries[i]?.[0];
        if (v !== null && key) out[key] = v;
      });
      return out;
    });
}

export const taskManagerConfig = configOf([
  ['taskmanager.memory.process.size', size(300, 16384), 1],
  ['taskmanager.memory.flink.size', size(200, 12288), 3],
  ['taskmanager.memory.task.heap.size', size(16, 4096), 3],
  ['taskmanager.memory.managed.size', size(0, 4096), 4],
  ['taskmanager.memory.managed.fraction', fraction(0.4), 4],
  ['taskmanager.memory.framework.heap.size', size(16, 512), 6],
  ['taskmanager.memory.framework.off-heap.size', size(16, 512), 6],
  ['taskmanager.memory.task.off-heap.size', size(0, 512), 5],
  ['taskmanager.memory.network.min', size(16, 512), 5],
  ['taskmanager.memory.network.max', size(64, 4096), 5],
  ['taskmanager.memory.network.fraction', fraction(0.1), 5],
  ['taskmanager.memory.jvm-metaspace.size', size(64, 1024), 5],
  ['taskmanager.memory.jvm-overhead.min', size(64, 1024), 5],
  ['taskmanager.memory.jvm-overhead.max', size(128, 2048), 5],
  ['taskmanager.memory.jvm-overhead.fraction', fraction(0.1), 5],
  ['taskmanager.numberOfTaskSlots', fc.constantFrom('1', '2', '4', '0', '-1', 'x'), 6],
  ['taskmanager.cpu.cores', fc.constantFrom('1', '0.5', '2.0', '0', '-1', 'many'), 8],
  // Deprecated keys (all versions) and the 1.x legacy options (ignored by 2.x).
  ['taskmanager.memory.size', size(0, 2048), 12],
  ['taskmanager.network.memory.min', size(16, 512), 12],
  ['taskmanager.network.memory.fraction', fraction(0.1), 12],
  ['taskmanager.heap.size', size(300, 8192), 10],
  ['taskmanager.heap.mb', fc.constantFrom('1024', '2048', '-5', 'x'), 14],
  ['taskmanager.network.numberOfBuffers', fc.constantFrom('2048', '4096', '100', '-1'), 10],
  ['taskmanager.memory.segment-size', fc.constantFrom('32kb', '64kb', '4kb', '1000', '2kb'), 12],
]);

export const jobManagerConfig = configOf([
  ['jobmanager.memory.process.size', size(300, 16384), 1],
  ['jobmanager.memory.flink.size', size(100, 12288), 3],
  ['jobmanager.memory.heap.size', size(32, 8192), 3],
  ['jobmanager.memory.off-heap.size', size(0, 1024), 4],
  ['jobmanager.memory.jvm-metaspace.size', size(64, 1024), 5],
  ['jobmanager.memory.jvm-overhead.min', size(64, 1024), 5],
  ['jobmanager.memory.jvm-overhead.max', size(128, 2048), 5],
  ['jobmanager.memory.jvm-overhead.fraction', fraction(0.1), 5],
  ['jobmanager.heap.size', size(300, 8192), 8],
  ['jobmanager.heap.mb', fc.constantFrom('1024', '-5', 'x'), 12],
]);
