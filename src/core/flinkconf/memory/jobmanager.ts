// JobManagerFlinkMemoryUtils and JobManagerProcessUtils, ported: the JobManager's JVM heap and
// off-heap memory, with the checks and errors Flink raises.
import { ConfigReader, JM } from './options';
import { processMemory, type FlinkMemoryDerivation } from './process';
import { add, humanReadable as hr, MemoryConfigError, subtract } from './size';

export interface JobManagerFlinkMemory {
  heap: bigint;
  offHeap: bigint;
}

/** JobManagerOptions.MIN_JVM_HEAP_SIZE: below it Flink only warns. */
const MIN_JVM_HEAP = 128n * 1024n * 1024n;

const derivation: FlinkMemoryDerivation<JobManagerFlinkMemory> = {
  total: (m) => add(m.heap, m.offHeap),
  fromFineGrained(c, notes) {
    const heap = c.size(JM.heap);
    let offHeap = c.size(JM.offHeap);
    if (c.contains(JM.flinkSize)) {
      const total = c.size(JM.flinkSize);
      if (c.contains(JM.offHeap)) {
        if (add(heap, offHeap) !== total)
          throw new MemoryConfigError(
            `Sum of the configured JVM Heap Memory (${hr(heap)}) and the configured Off-heap Memory (${hr(offHeap)}) does not match the configured Total Flink Memory (${hr(total)}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.`,
          );
      } else {
        if (total < heap)
          throw new MemoryConfigError(
            `The configured JVM Heap Memory (${hr(heap)}) exceeds the configured Total Flink Memory (${hr(total)}). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory.`,
          );
        const derived = subtract(total, heap);
        if (derived !== offHeap)
          notes.push(
            `The Off-Heap Memory size (${hr(derived)}) is derived from the Total Flink Memory minus the JVM Heap; the default ${hr(offHeap)} is ignored.`,
          );
        offHeap = derived;
      }
    }
    return checked({ heap, offHeap }, notes);
  },
  fromTotalFlink(c, total, notes) {
    const offHeap = c.size(JM.offHeap);
    if (total <= offHeap)
      throw new MemoryConfigError(
        `The configured Total Flink Memory (${hr(total)}) is less than the configured Off-heap Memory (${hr(offHeap)}).`,
      );
    return checked({ heap: subtract(total, offHeap), offHeap }, notes);
  },
};

function checked(m: JobManagerFlinkMemory, notes: string[]): JobManagerFlinkMemory {
  if (m.heap < MIN_JVM_HEAP)
    notes.push(`The JVM heap (${hr(m.heap)}) is below its recommended minimum ${hr(MIN_JVM_HEAP)}; Flink warns.`);
  return m;
}

export function jobManagerMemory(c: ConfigReader, notes: string[]) {
  return processMemory(
    c,
    {
      fineGrained: [JM.heap],
      flinkSize: JM.flinkSize,
      processSize: JM.processSize,
      metaspace: JM.metaspace,
      overheadMin: JM.overheadMin,
      overheadMax: JM.overheadMax,
      overheadFraction: JM.overheadFraction,
    },
    derivation,
    notes,
  );
}
