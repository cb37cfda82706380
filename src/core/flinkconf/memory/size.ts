// Flink's MemorySize arithmetic, exactly: byte counts are Java longs (bigint here), parsing follows
// MemorySize.parseBytes, multiply truncates like BigDecimal.valueOf(double).longValue(), and
// add/subtract fail where Math.addExact/subtractExact or a negative size would.

export const LONG_MAX = 9223372036854775807n;
const KIB = 1024n;
const UNITS: [string[], bigint][] = [
  [['b', 'bytes'], 1n],
  [['k', 'kb', 'kibibytes'], KIB],
  [['m', 'mb', 'mebibytes'], KIB ** 2n],
  [['g', 'gb', 'gibibytes'], KIB ** 3n],
  [['t', 'tb', 'tebibytes'], KIB ** 4n],
];
const ALL_UNITS = UNITS.map(([u]) => `(${u.join(' | ')})`).join(' / ');

/** An inconsistent or unreadable memory configuration: what Flink throws, worded as Flink words it. */
export class MemoryConfigError extends Error {}

/** Java's String.trim(): strips chars <= U+0020 only. */
export function javaTrim(text: string): string {
  let a = 0,
    b = text.length;
  while (a < b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b - 1) <= 32) b--;
  return text.slice(a, b);
}

/** MemorySize.parseBytes: digits, optional unit; a bare number is bytes. */
export function parseMemorySize(text: string): bigint {
  const trimmed = javaTrim(text);
  if (!trimmed) throw new MemoryConfigError('argument is an empty- or whitespace-only string');
  const digits = /^[0-9]*/.exec(trimmed)?.[0] ?? '';
  const unit = javaTrim(trimmed.slice(digits.length)).toLowerCase();
  if (!digits) throw new MemoryConfigError('text does not start with a number');
  const value = BigInt(digits);
  if (value > LONG_MAX)
    throw new MemoryConfigError(`The value '${digits}' cannot be re represented as 64bit number (numeric overflow).`);
  let multiplier = 1n;
  if (unit) {
    const hit = UNITS.find(([names]) => names.includes(unit));
    if (!hit)
      throw new MemoryConfigError(
        `Memory size unit '${unit}' does not match any of the recognized units: ${ALL_UNITS}`,
      );
    multiplier = hit[1];
  }
  const result = value * multiplier;
  if (result > LONG_MAX)
    throw new MemoryConfigError(
      `The value '${text}' cannot be re represented as 64bit number of bytes (numeric overflow).`,
    );
  return result;
}

export function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > LONG_MAX) throw new MemoryConfigError('long overflow');
  return r;
}

export function subtract(a: bigint, b: bigint): bigint {
  const r = a - b;
  if (r < 0n) throw new MemoryConfigError('bytes must be >= 0');
  return r;
}

/** BigDecimal.valueOf(bytes).multiply(BigDecimal.valueOf(multiplier)).longValue(). */
export function multiply(bytes: bigint, multiplier: number): bigint {
  if (!(multiplier >= 0)) throw new MemoryConfigError('multiplier must be >= 0');
  const { digits, scale } = decimal(multiplier);
  const product = bytes * digits;
  const whole = scale >= 0 ? product / 10n ** BigInt(scale) : product * 10n ** BigInt(-scale);
  // BigDecimal compares the exact product against Long.MAX_VALUE before truncating.
  if (whole > LONG_MAX || (whole === LONG_MAX && scale > 0 && product % 10n ** BigInt(scale) !== 0n))
    throw new MemoryConfigError('long overflow');
  return whole;
}

/** The decimal a double prints as (Double.toString and JS agree on the shortest form): digits x 10^-scale. */
function decimal(x: number): { digits: bigint; scale: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new MemoryConfigError(`not a finite multiplier: ${x}`);
  const frac = m[2] ?? '';
  return { digits: BigInt((m[1] ?? '0') + frac), scale: frac.length - Number(m[3] ?? 0) };
}

/** MemorySize.toHumanReadableString: "128.000mb (134217728 bytes)" or "0 bytes". */
export function humanReadable(bytes: bigint): string {
  let unit = -1;
  for (let i = 0; i < UNITS.length; i++) if (bytes > (UNITS[i]?.[1] ?? 0n)) unit = i;
  const u = UNITS[unit];
  if (unit <= 0 || !u) return `${bytes} bytes`;
  return `${(Number(bytes) / Number(u[1])).toFixed(3)}${u[0][1]} (${bytes} bytes)`;
}
