// TaskExecutorFlinkMemoryUtils and TaskExecutorProcessUtils, ported: the TaskManager's heap, managed,
// network and off-heap memory from the configuration, with the checks and errors Flink raises.
import { ConfigReader, TM } from './options';
import {
  deriveWithFraction,
  deriveWithInverseFraction,
  processMemory,
  rangeFraction,
  type FlinkMemoryDerivation,
  type RangeFraction,
} from './process';
import { add, humanReadable as hr, LONG_MAX, MemoryConfigError, subtract } from './size';
import type { MemoryModelVersion } from './version';

export interface TaskManagerFlinkMemory {
  frameworkHeap: bigint;
  taskHeap: bigint;
  frameworkOffHeap: bigint;
  taskOffHeap: bigint;
  network: bigint;
  managed: bigint;
}

const sumFlink = (m: TaskManagerFlinkMemory): bigint =>
  [m.frameworkHeap, m.taskHeap, m.frameworkOffHeap, m.taskOffHeap, m.network, m.managed].reduce(add);

export function taskManagerMemory(c: ConfigReader, v: MemoryModelVersion, notes: string[]) {
  const derivation = flinkDerivation(v);
  const mem = processMemory(
    c,
    {
      fineGrained: [TM.taskHeap, TM.managedSize],
      flinkSize: TM.flinkSize,
      processSize: TM.processSize,
      metaspace: TM.metaspace,
      overheadMin: TM.overheadMin,
      overheadMax: TM.overheadMax,
      overheadFraction: TM.overheadFraction,
    },
    derivation,
    notes,
  );
  const numSlots = c.get(TM.numSlots) ?? 1;
  const cpuCores = c.contains(TM.cpuCores) ? (c.get(TM.cpuCores) ?? NaN) : numSlots;
  if (!(cpuCores > 0))
    throw new MemoryConfigError(
      `TaskExecutors need to be started with a positive number of CPU cores. Please configure ${TM.cpuCores.key} accordingly.`,
    );
  return { ...mem, cpuCores, numSlots };
}

function flinkDerivation(v: MemoryModelVersion): FlinkMemoryDerivation<TaskManagerFlinkMemory> {
  const legacyNetwork = (c: ConfigReader) =>
    v.legacy &&
    !c.contains(TM.networkMin) &&
    !c.contains(TM.networkMax) &&
    !c.contains(TM.networkFraction) &&
    c.contains(TM.legacyNetworkBuffers);

  const checkNetwork = (c: ConfigReader, network: bigint) => {
    if (legacyNetwork(c)) {
      const configured = legacyNetworkSize(c);
      if (configured !== network)
        throw new MemoryConfigError(
          `Derived Network Memory size (${hr(network)}) does not match configured Network Memory size (${hr(configured)}).`,
        );
      return;
    }
    const r = networkRange(c);
    if (network > r.max || network < r.min)
      throw new MemoryConfigError(
        `If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory size is the rest of the Total Flink memory after subtracting all other configured types of memory, but the derived Network Memory is inconsistent with its configuration: Derived Network Memory size (${hr(network)}) is not in configured Network Memory range [${hr(r.min)}, ${hr(r.max)}].`,
      );
  };

  const checkTotal = (c: ConfigReader, m: TaskManagerFlinkMemory) => {
    const total = sumFlink(m);
    if (c.contains(TM.flinkSize)) {
      const configured = c.size(TM.flinkSize);
      if (configured !== total)
        throw new MemoryConfigError(
          `Configured and Derived Flink internal memory sizes (total ${hr(total)}) do not add up to the configured Total Flink Memory size (${hr(configured)}).`,
        );
    }
  };

  const exceeds = (parts: [string, bigint][], total: bigint) =>
    new MemoryConfigError(
      `Sum of configured ${parts.map(([n, b]) => `${n} (${hr(b)})`).join(', ')} exceed configured Total Flink Memory (${hr(total)}).`,
    );

  return {
    total: sumFlink,
    fromFineGrained(c, notes) {
      const taskHeap = c.size(TM.taskHeap);
      const managed = c.size(TM.managedSize);
      const frameworkHeap = c.size(TM.frameworkHeap);
      const frameworkOffHeap = c.size(TM.frameworkOffHeap);
      const taskOffHeap = c.size(TM.taskOffHeap);
      const withoutNetwork = [frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, managed].reduce(add);
      let network: bigint;
      if (c.contains(TM.flinkSize)) {
        const total = c.size(TM.flinkSize);
        if (withoutNetwork > total)
          throw exceeds(
            [
              ['Framework Heap Memory', frameworkHeap],
              ['Framework Off-Heap Memory', frameworkOffHeap],
              ['Task Heap Memory', taskHeap],
              ['Task Off-Heap Memory', taskOffHeap],
              ['Managed Memory', managed],
            ],
            total,
          );
        network = subtract(total, withoutNetwork);
        checkNetwork(c, network);
      } else {
        network = legacyNetwork(c)
          ? legacyNetworkSize(c)
          : deriveWithInverseFraction('network memory', withoutNetwork, networkRange(c), notes);
      }
      const m = { frameworkHeap, taskHeap, frameworkOffHeap, taskOffHeap, network, managed };
      checkTotal(c, m);
      return m;
    },
    fromTotalFlink(c, total, notes) {
      const frameworkHeap = c.size(TM.frameworkHeap);
      const frameworkOffHeap = c.size(TM.frameworkOffHeap);
      const taskOffHeap = c.size(TM.taskOffHeap);
      const managedOf = () =>
        c.contains(TM.managedSize)
          ? c.size(TM.managedSize)
          : deriveWithFraction('managed memory', total, rangeFraction(0n, LONG_MAX, TM.managedFraction, c), notes);
      let m: TaskManagerFlinkMemory;
      if (c.contains(TM.taskHeap)) {
        const taskHeap = c.size(TM.taskHeap);
        const managed = managedOf();
        const withoutNetwork = [frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, managed].reduce(add);
        if (withoutNetwork > total)
          throw exceeds(
            [
              ['Framework Heap Memory', frameworkHeap],
              ['Framework Off-Heap Memory', frameworkOffHeap],
              ['Task Heap Memory', taskHeap],
              ['Task Off-Heap Memory', taskOffHeap],
              ['Managed Memory', managed],
            ],
            total,
          );
        const network = subtract(total, withoutNetwork);
        checkNetwork(c, network);
        m = { frameworkHeap, taskHeap, frameworkOffHeap, taskOffHeap, network, managed };
      } else {
        const managed = managedOf();
        const network = legacyNetwork(c)
          ? legacyNetworkSize(c)
          : deriveWithFraction('network memory', total, networkRange(c), notes);
        const withoutTaskHeap = [frameworkHeap, frameworkOffHeap, taskOffHeap, managed, network].reduce(add);
        if (withoutTaskHeap > total)
          throw exceeds(
            [
              ['Framework Heap Memory', frameworkHeap],
              ['Framework Off-Heap Memory', frameworkOffHeap],
              ['Task Off-Heap Memory', taskOffHeap],
              ['Managed Memory', managed],
              ['Network Memory', network],
            ],
            total,
          );
        m = {
          frameworkHeap,
          taskHeap: subtract(total, withoutTaskHeap),
          frameworkOffHeap,
          taskOffHeap,
          network,
          managed,
        };
      }
      checkTotal(c, m);
      return m;
    },
  };
}

function networkRange(c: ConfigReader): RangeFraction {
  return rangeFraction(c.size(TM.networkMin), c.size(TM.networkMax), TM.networkFraction, c);
}

/** Flink 1.x: `taskmanager.network.numberOfBuffers` times a valid page size (a power of 2, at least 4 KiB). */
function legacyNetworkSize(c: ConfigReader): bigint {
  const buffers = c.get(TM.legacyNetworkBuffers) ?? 2048;
  const page = c.get(TM.segmentSize) ?? 32768n;
  if (page > 2147483647n) throw new MemoryConfigError(`Cannot downcast long value ${page} to integer.`);
  if (page < 4096n || (page & (page - 1n)) !== 0n)
    throw new MemoryConfigError(
      `Invalid configuration value for ${TM.segmentSize.key} : ${page} - Memory segment size must be a power of 2, at least 4096.`,
    );
  const bytes = BigInt(buffers) * page;
  if (bytes < 0n) throw new MemoryConfigError('bytes must be >= 0');
  return bytes;
}
