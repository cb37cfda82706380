// ProcessMemoryUtils, ported: which of fine-grained / total Flink / total process memory drives the
// derivation, and the JVM metaspace and overhead around the Flink memory, with Flink's range checks.
import type { ConfigReader, Option } from './options';
import { add, humanReadable as hr, MemoryConfigError, multiply, subtract } from './size';

export interface ProcessOptions {
  fineGrained: Option<bigint>[];
  flinkSize: Option<bigint>;
  processSize: Option<bigint>;
  metaspace: Option<bigint>;
  overheadMin: Option<bigint>;
  overheadMax: Option<bigint>;
  overheadFraction: Option<number>;
}

export interface FlinkMemoryDerivation<FM> {
  fromFineGrained(c: ConfigReader, notes: string[]): FM;
  fromTotalFlink(c: ConfigReader, totalFlink: bigint, notes: string[]): FM;
  total(fm: FM): bigint;
}

export type DerivedFrom = 'fine-grained' | 'flink-size' | 'process-size';

export interface ProcessMemory<FM> {
  flink: FM;
  metaspace: bigint;
  overhead: bigint;
  derivedFrom: DerivedFrom;
}

export interface RangeFraction {
  min: bigint;
  max: bigint;
  fraction: number;
}

export function processMemory<FM>(
  c: ConfigReader,
  o: ProcessOptions,
  d: FlinkMemoryDerivation<FM>,
  notes: string[],
): ProcessMemory<FM> {
  if (o.fineGrained.every((f) => c.contains(f))) {
    const flink = d.fromFineGrained(c, notes);
    return { flink, ...metaspaceAndOverheadFromFlink(c, o, d.total(flink), notes), derivedFrom: 'fine-grained' };
  }
  if (c.contains(o.flinkSize)) {
    const total = c.size(o.flinkSize);
    const flink = d.fromTotalFlink(c, total, notes);
    return { flink, ...metaspaceAndOverheadFromFlink(c, o, total, notes), derivedFrom: 'flink-size' };
  }
  if (c.contains(o.processSize)) {
    const process = c.size(o.processSize);
    const metaspace = c.size(o.metaspace);
    const overhead = deriveWithFraction('jvm overhead memory', process, overheadRange(c, o), notes);
    if (add(metaspace, overhead) > process)
      throw new MemoryConfigError(
        `Sum of configured JVM Metaspace (${hr(metaspace)}) and JVM Overhead (${hr(overhead)}) exceed configured Total Process Memory (${hr(process)}).`,
      );
    const flink = d.fromTotalFlink(c, subtract(process, add(metaspace, overhead)), notes);
    return { flink, metaspace, overhead, derivedFrom: 'process-size' };
  }
  throw new MemoryConfigError(
    `Either required fine-grained memory (${o.fineGrained.map((f) => f.key).join(' and ')}), or Total Flink Memory size (${o.flinkSize.key}), or Total Process Memory size (${o.processSize.key}) need to be configured explicitly.`,
  );
}

function metaspaceAndOverheadFromFlink(
  c: ConfigReader,
  o: ProcessOptions,
  totalFlink: bigint,
  notes: string[],
): { metaspace: bigint; overhead: bigint } {
  const metaspace = c.size(o.metaspace);
  const flinkAndMetaspace = add(totalFlink, metaspace);
  if (c.contains(o.processSize)) {
    // The overhead is what is left of the configured process size; it must still fit its range.
    const process = c.size(o.processSize);
    const metaspace2 = c.size(o.metaspace);
    const sum = add(totalFlink, metaspace2);
    if (process < sum)
      throw new MemoryConfigError(
        `The configured Total Process Memory size (${hr(process)}) is less than the sum of the derived Total Flink Memory size (${hr(totalFlink)}) and the configured or default JVM Metaspace size  (${hr(metaspace2)}).`,
      );
    const overhead = subtract(process, sum);
    const range = overheadRange(c, o);
    if (overhead > range.max || overhead < range.min)
      throw new MemoryConfigError(
        `Derived JVM Overhead size (${hr(overhead)}) is not in configured JVM Overhead range [${hr(range.min)}, ${hr(range.max)}].`,
      );
    return { metaspace, overhead };
  }
  const overhead = deriveWithInverseFraction('jvm overhead memory', flinkAndMetaspace, overheadRange(c, o), notes);
  add(flinkAndMetaspace, overhead); // Flink sums the process size and fails on overflow
  return { metaspace, overhead };
}

function overheadRange(c: ConfigReader, o: ProcessOptions): RangeFraction {
  return rangeFraction(c.size(o.overheadMin), c.size(o.overheadMax), o.overheadFraction, c);
}

/** ProcessMemoryUtils.getRangeFraction: min <= max and 0 <= fraction < 1, else Flink rejects the setting. */
export function rangeFraction(
  min: bigint,
  max: bigint,
  fractionOption: Option<number>,
  c: ConfigReader,
): RangeFraction {
  const fraction = c.get(fractionOption) ?? NaN;
  if (!(min <= max && fraction >= 0 && fraction < 1))
    throw new MemoryConfigError(
      `Inconsistently configured ${fractionOption.key} (${fraction}) and its min (${hr(min)}), max (${hr(max)}) value: ${min <= max ? 'fraction must be in range [0, 1)' : 'min value must be less or equal to max value'}`,
    );
  return { min, max, fraction };
}

export function deriveWithFraction(what: string, base: bigint, r: RangeFraction, notes: string[]): bigint {
  return capToMinMax(what, multiply(base, r.fraction), r, notes);
}

export function deriveWithInverseFraction(what: string, base: bigint, r: RangeFraction, notes: string[]): bigint {
  return capToMinMax(what, multiply(base, r.fraction / (1 - r.fraction)), r, notes);
}

function capToMinMax(what: string, relative: bigint, r: RangeFraction, notes: string[]): bigint {
  if (relative > r.max) {
    notes.push(
      `The ${what} derived from its fraction (${hr(relative)}) is above its max; the max ${hr(r.max)} is used.`,
    );
    return r.max;
  }
  if (relative < r.min) {
    notes.push(
      `The ${what} derived from its fraction (${hr(relative)}) is below its min; the min ${hr(r.min)} is used.`,
    );
    return r.min;
  }
  return relative;
}
