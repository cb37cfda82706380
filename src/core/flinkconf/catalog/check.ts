// What the catalog says about one configuration entry: unknown (with did you mean), not in this
// version, deprecated, wrong type or enum value. Pure; the config-keys rule reports it.
import { closest, distance } from '../../validate/rules/strings';
import { valueProblem } from '../values';
import type { FlinkVersion } from '../version';
import { catalog, type CatalogOption } from './index';

export interface KeyVerdict {
  code:
    | 'flink-config-unknown-key'
    | 'flink-config-removed-key'
    | 'flink-config-not-yet-key'
    | 'flink-config-deprecated-key'
    | 'flink-config-invalid-value';
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** On the key (default) or on the value. */
  onValue?: boolean;
  /** A key to put in place of this one. */
  replacement?: string;
}

/** Prefixes where plugins, connectors or the table planner define keys the catalog cannot list:
 * an unknown key there is only reported when it is a near miss of a known one. */
const OPEN_PREFIXES = [
  'table.',
  'sql-gateway.',
  'fs.',
  's3.',
  'gs.',
  'azure.',
  'flink.hadoop.',
  'kubernetes.operator.',
];

let namespaces: Set<string> | undefined;
/** First segments Flink itself owns (taskmanager, execution, ...): unknown keys there are typos. */
function flinkNamespaces(): Set<string> {
  if (!namespaces) {
    namespaces = new Set();
    for (const k of catalog().keys()) if (!catalog().find(k)?.option.o) namespaces.add(k.split('.')[0] ?? k);
  }
  return namespaces;
}

let candidates: string[] | undefined;
function documentedKeys(): string[] {
  return (candidates ??= catalog()
    .keys()
    .filter((k) => !catalog().find(k)?.option.i));
}

const byNamespace = new Map<string, string[]>();
/** Documented keys whose first segment is the key's or a near miss of it: a "did you mean" beyond
 * that is not plausible, and comparing against all 1,400 keys made a 20,000-key file take seconds. */
function candidatesFor(ns: string): string[] {
  let c = byNamespace.get(ns);
  if (!c) {
    const max = ns.length >= 6 ? 2 : 1;
    const near = new Set([...flinkNamespaces()].filter((n) => distance(ns.toLowerCase(), n.toLowerCase(), max) <= max));
    c = near.size ? documentedKeys().filter((k) => near.has(k.split('.')[0] ?? k)) : [];
    if (byNamespace.size < 10_000) byNamespace.set(ns, c);
  }
  return c;
}

const show = (v: FlinkVersion) => `${v.major}.${v.minor}`;

/** Problems of one key/value for Flink `v` (undefined: version unknown, nothing version-specific said). */
export function checkKey(key: string, value: string | undefined, v: FlinkVersion | undefined): KeyVerdict[] {
  const cat = catalog();
  const found = cat.find(key);
  if (!found) return unknown(key, value, v);
  const o = found.option;
  const out: KeyVerdict[] = [];
  const vi = cat.index(v);
  if (vi !== undefined && v && !cat.has(o, vi)) {
    const r = cat.range(o);
    const later = o.v?.some(([a]) => a > vi);
    if (later && !o.v?.some(([a]) => a <= vi))
      out.push({
        code: 'flink-config-not-yet-key',
        severity: 'warning',
        message: `${key} exists from Flink ${r.addedIn} on: Flink ${show(v)} ignores it.`,
      });
    else
      out.push({
        code: 'flink-config-removed-key',
        severity: 'warning',
        message: `${key} was removed in Flink ${r.removedIn ?? 'a later version'}: Flink ${show(v)} ignores it${o.r ? `. Use ${o.r}` : ''}.`,
        replacement: o.r,
      });
    return out;
  }
  if (o.r && (vi === undefined || deprecatedAt(o, vi))) {
    out.push({
      code: 'flink-config-deprecated-key',
      severity: 'info',
      message: `${key} is deprecated${o.ds ? ` (Flink ${o.ds} or earlier)` : ''}; use ${o.r}.`,
      replacement: o.r,
    });
  }
  if (value !== undefined) {
    const p = typeProblem(o, value);
    if (p)
      out.push({
        code: 'flink-config-invalid-value',
        severity: o.t === 'enum' ? 'warning' : 'error',
        message: `${key}: ${p}. Flink fails when it reads this option.`,
        onValue: true,
      });
  }
  return out;
}

function deprecatedAt(o: CatalogOption, vi: number): boolean {
  const i = o.ds ? catalog().versions.indexOf(o.ds) : 0;
  return i <= vi;
}

/** Why `value` does not fit the option's type, or undefined. */
export function typeProblem(o: CatalogOption, value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  switch (o.t) {
    case 'memory':
      return valueProblem('memory', v);
    case 'duration':
      return valueProblem('duration', v);
    case 'int':
    case 'long':
      return valueProblem('int', v);
    case 'bool':
      return valueProblem('bool', v);
    case 'float':
      return valueProblem('float', v);
    case 'enum':
      if (o.e && o.e.length && !o.e.some((e) => e.toLowerCase() === v.toLowerCase()))
        return `"${v}" is not one of ${o.e.join(', ')}`;
      return undefined;
    default:
      return undefined;
  }
}

function unknown(key: string, value: string | undefined, v: FlinkVersion | undefined): KeyVerdict[] {
  const open = OPEN_PREFIXES.some((p) => key.startsWith(p));
  const ns = key.split('.')[0] ?? key;
  // Key and value swapped: `execution.checkpointing.filesystem: storage` for `...storage: filesystem`.
  const dot = key.lastIndexOf('.');
  const last = key.slice(dot + 1);
  const swapped = value && dot > 0 ? `${key.slice(0, dot)}.${value.trim()}` : undefined;
  const so = swapped ? catalog().find(swapped) : undefined;
  if (swapped && so && !so.family && !typeProblem(so.option, last))
    return [
      {
        code: 'flink-config-unknown-key',
        severity: 'warning',
        message: `Flink has no option ${key}, so this setting is silently ignored. Key and value look swapped: did you mean ${swapped}: ${last}?`,
      },
    ];
  const guess = closest(key, candidatesFor(ns));
  if (guess)
    return [
      {
        code: 'flink-config-unknown-key',
        severity: 'warning',
        message: `Flink has no option ${key}, so this setting is silently ignored. Did you mean ${guess}?`,
        replacement: guess,
      },
    ];
  if (open || !flinkNamespaces().has(ns) || !key.includes('.')) return [];
  const near = nearestBySegments(key);
  return [
    {
      code: 'flink-config-unknown-key',
      severity: 'warning',
      message: `Flink${v ? ' ' + show(v) : ''} has no option ${key}, so this setting is silently ignored.${near ? ` Closest ${ns}.* option: ${near}.` : ''} A key your own job reads is fine: then ignore this warning.`,
      replacement: undefined,
    },
  ];
}

/** The known key sharing the longest prefix of segments, then the smallest edit distance of the rest. */
function nearestBySegments(key: string): string | undefined {
  const segs = key.split('.');
  let best: string | undefined;
  let bestScore = -1;
  for (const k of documentedKeys()) {
    const ks = k.split('.');
    let n = 0;
    while (n < segs.length && n < ks.length && segs[n] === ks[n]) n++;
    if (n === 0) continue;
    // Most shared leading segments first, then the closest remainder.
    const rest = distance(segs.slice(n).join('.'), ks.slice(n).join('.'), 30);
    const score = n + 1 / (2 + rest);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return bestScore >= 2 ? best : undefined;
}
