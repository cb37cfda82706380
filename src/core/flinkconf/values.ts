// Value syntax of Flink options and Kubernetes quantities.
import type { ValueType } from './keys';

const MIB = 1024 * 1024;

// Flink MemorySize: an integer and an optional binary unit, case-insensitive (docs/reference/flink.md §4.4: `m` = MiB).
const FLINK_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kibibytes: 1024,
  m: MIB,
  mb: MIB,
  mebibytes: MIB,
  g: 1024 * MIB,
  gb: 1024 * MIB,
  gibibytes: 1024 * MIB,
  t: 1024 * 1024 * MIB,
  tb: 1024 * 1024 * MIB,
  tebibytes: 1024 * 1024 * MIB,
};

/** Bytes of a Flink memory size ("1600m", "2 gb", "1024"), or undefined when Flink cannot parse it. */
export function parseFlinkMemory(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = FLINK_UNITS[(m[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

// Kubernetes resource.Quantity: decimal SI (k, M, G, ...), binary SI (Ki, Mi, ...), exponent, or `m` (milli).
const K8S_SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: MIB,
  Gi: 1024 * MIB,
  Ti: 1024 * 1024 * MIB,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

/** Bytes of a Kubernetes quantity, or undefined when it is not one. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE])?)$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1] + (m[2] ?? ''));
  // The regex only admits suffixes listed in K8S_SUFFIX.
  return n * (m[2] ? 1 : (K8S_SUFFIX[m[3] ?? ''] ?? NaN));
}

/** The operator reads `resource.memory` as a Flink MemorySize first, then as a Kubernetes quantity (docs/reference/flink.md §4.4). */
export function parseOperatorMemory(v: unknown): number | undefined {
  if (typeof v === 'string') return parseFlinkMemory(v) ?? parseQuantity(v);
  return parseQuantity(v);
}

export function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return Number.isInteger(mib) ? `${mib}Mi` : `${Math.ceil(mib)}Mi`;
}

const DURATION_UNITS = new Set([
  'd',
  'day',
  'days',
  'h',
  'hour',
  'hours',
  'min',
  'm',
  'minute',
  'minutes',
  's',
  'sec',
  'secs',
  'second',
  'seconds',
  'ms',
  'milli',
  'millis',
  'millisecond',
  'milliseconds',
  'µs',
  'micro',
  'micros',
  'microsecond',
  'microseconds',
  'ns',
  'nano',
  'nanos',
  'nanosecond',
  'nanoseconds',
]);

/** Flink TimeUtils: an integer with an optional unit ("10 s", "5min", "30000" = ms). ISO-8601 is also accepted to be safe. */
export function isFlinkDuration(text: string): boolean {
  const t = text.trim();
  if (/^P(?:\d|T)/i.test(t)) return true;
  const m = /^(\d+)\s*([a-zA-Zµ]*)$/.exec(t);
  const unit = m?.[2] ?? '';
  return !!m && (unit === '' || DURATION_UNITS.has(unit.toLowerCase()));
}

/** Why Flink cannot read `value` as `type`, or undefined when it can. */
export function valueProblem(type: ValueType, value: string, values?: string[]): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'memory':
      return parseFlinkMemory(v) === undefined
        ? `"${v}" is not a Flink memory size: write an integer and a unit such as 1600m, 2g or 1024mb (fractions like 1.5g are rejected)`
        : undefined;
    case 'duration':
      return isFlinkDuration(v)
        ? undefined
        : `"${v}" is not a Flink duration: write an integer and a unit such as 10 s, 5 min or 500 ms`;
    case 'int':
      return /^[+-]?\d+$/.test(v) ? undefined : `"${v}" is not an integer`;
    case 'port': {
      if (!/^\d+$/.test(v)) return `"${v}" is not a port number`;
      return Number(v) > 65535 ? `${v} is not a valid port (0-65535)` : undefined;
    }
    case 'port-range':
      return /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/.test(v)
        ? undefined
        : `"${v}" is not a port, port range or list of ports`;
    case 'bool':
      return /^(true|false)$/i.test(v) ? undefined : `"${v}" is not a boolean: write true or false`;
    case 'float':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? undefined : `"${v}" is not a number`;
    case 'string':
      if (values && v && !values.includes(v.toLowerCase()) && !v.includes('.'))
        return `"${v}" is not one of ${values.join(', ')}`;
      return undefined;
  }
}

/** A single fixed port, or undefined for 0 (random), ranges and lists. */
export function fixedPort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && n <= 65535 ? n : undefined;
}
