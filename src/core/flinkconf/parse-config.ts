// Reads Flink configuration out of manifests, with source offsets for every key and value:
// - `flink-conf.yaml` and `FLINK_PROPERTIES`: Flink's own loose line parser, not YAML (docs/reference/flink.md §2.2);
// - `config.yaml` (1.19+): YAML 1.2, flat or nested keys, duplicate keys are an error;
// - operator `flinkConfiguration`: a map, nested in newer CRDs;
// - `-Dkey=value` dynamic properties in container args.
import jsyaml from 'js-yaml';
import { isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document, type Node, type YAMLMap } from 'yaml';
import type { ManifestDoc, PathSeg } from '../model/parse';
import { get, locate, offsetsAt } from '../model/parse';
import { jsYamlAst } from '../model/js-ast';

export type ConfigOrigin =
  'flink-conf.yaml' | 'config.yaml' | 'FLINK_PROPERTIES' | 'flinkConfiguration' | 'dynamic-property';

export interface ConfigEntry {
  key: string;
  /** The value as Flink sees it (a string); undefined for YAML null. */
  value: string | undefined;
  doc: ManifestDoc;
  /** Source offsets, computed when first read (only findings need them). */
  readonly keyOffsets: [number, number];
  readonly valueOffsets: [number, number];
  /** Offsets point exactly at the key text, so a fix may replace it. */
  readonly exactKey: boolean;
  origin: ConfigOrigin;
}

export interface ConfigProblem {
  offsets: [number, number];
  message: string;
  code: string;
  severity: 'error' | 'warning';
}

export interface ConfigBlock {
  origin: ConfigOrigin;
  doc: ManifestDoc;
  /** Path of the scalar (or map) holding the configuration. */
  path: PathSeg[];
  entries: ConfigEntry[];
  problems: ConfigProblem[];
}

type Mapper = (inner: number) => number;

/** Maps offsets inside a scalar's value to offsets in the file; null when no exact mapping exists. */
export function scalarMapper(text: string, scalar: Scalar): Mapper | null {
  const r = scalar.range;
  const value = String(scalar.value ?? '');
  if (!r) return null;
  if (scalar.type === Scalar.BLOCK_LITERAL) {
    const contentStart = text.indexOf('\n', r[0]) + 1;
    if (contentStart <= 0) return null;
    const srcLines = text.slice(contentStart, Math.max(contentStart, r[1])).split('\n');
    const valLines = value.split('\n');
    let trim = -1;
    for (let i = 0; i < valLines.length && i < srcLines.length; i++) {
      const val = valLines[i] ?? '';
      if (val !== '') {
        trim = (srcLines[i] ?? '').replace(/\r$/, '').length - val.length;
        break;
      }
    }
    if (trim < 0) return null;
    const outerStarts: number[] = [];
    let off = contentStart;
    for (const l of srcLines) {
      outerStarts.push(off);
      off += l.length + 1;
    }
    const innerStarts = [0];
    let innerOff = 0;
    for (const l of valLines.slice(0, -1)) {
      innerOff += l.length + 1;
      innerStarts.push(innerOff);
    }
    return (inner) => {
      let lo = 0,
        hi = Math.min(innerStarts.length, outerStarts.length) - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        const start = innerStarts[mid];
        if (start !== undefined && start <= inner) lo = mid;
        else hi = mid - 1;
      }
      // lo stays within both arrays; the fallbacks are their first entries.
      const outer = outerStarts[lo] ?? contentStart;
      return Math.min(outer + trim + (inner - (innerStarts[lo] ?? 0)), text.length);
    };
  }
  if (value.includes('\n')) return null;
  const src = text.slice(r[0], r[1]);
  if (scalar.type === Scalar.PLAIN && src === value) return (i) => r[0] + i;
  if ((scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) && src.slice(1, -1) === value)
    return (i) => r[0] + 1 + i;
  return null;
}

function scalarAt(md: ManifestDoc, path: PathSeg[]): Scalar | undefined {
  const { node, missing } = locate(md.yaml, path);
  return missing === undefined && isScalar(node) ? node : undefined;
}

/** Where a scalar's text lies in the file, resolved on first use: building the AST is the costly
 * part, and a clean document never needs it (its entries' offsets are read only to report). */
class ScalarPlace {
  private resolved?: { map: Mapper | null; whole: [number, number] };
  constructor(
    private readonly md: ManifestDoc,
    private readonly path: PathSeg[],
  ) {}
  private get r(): { map: Mapper | null; whole: [number, number] } {
    if (!this.resolved) {
      const scalar = scalarAt(this.md, this.path);
      this.resolved = scalar?.range
        ? { map: scalarMapper(this.md.lines.text, scalar), whole: [scalar.range[0], scalar.range[1]] }
        : { map: null, whole: offsetsAt(this.md, this.path) };
    }
    return this.resolved;
  }
  at = (s: number, e: number): [number, number] => {
    const r = this.r;
    return r.map ? [r.map(s), r.map(e)] : r.whole;
  };
  exact = (): boolean => !!this.r.map;
}

function lazyEntry(
  key: string,
  value: string | undefined,
  doc: ManifestDoc,
  origin: ConfigOrigin,
  keyAt: () => [number, number],
  valueAt: () => [number, number],
  exact: () => boolean,
): ConfigEntry {
  let k: [number, number] | undefined, v: [number, number] | undefined, x: boolean | undefined;
  return {
    key,
    value,
    doc,
    origin,
    get keyOffsets() {
      return (k ??= keyAt());
    },
    get valueOffsets() {
      return (v ??= valueAt());
    },
    get exactKey() {
      return (x ??= exact());
    },
  };
}

function textAt(md: ManifestDoc, path: PathSeg[]): string | undefined {
  const v = get(md.object, path);
  return typeof v === 'string' ? v : undefined;
}

/** Flink's legacy `key: value` line format (GlobalConfiguration before 2.0): `#` starts a comment, the
 * separator is ": ", lines without it or with an empty value are skipped with a warning in Flink's log. */
export function parseLoose(md: ManifestDoc, path: PathSeg[], origin: ConfigOrigin): ConfigBlock {
  const text = textAt(md, path);
  if (text === undefined) return { origin, doc: md, path, entries: [], problems: [] };
  const place = new ScalarPlace(md, path);
  return parseLooseText(md, path, origin, text, place.at, place.exact);
}

/** A whole flink-conf.yaml file. */
export function parseLooseFile(md: ManifestDoc): ConfigBlock {
  return parseLooseText(
    md,
    [],
    'flink-conf.yaml',
    md.lines.text,
    (s, e) => [s, e],
    () => true,
  );
}

function parseLooseText(
  md: ManifestDoc,
  path: PathSeg[],
  origin: ConfigOrigin,
  text: string,
  at: (s: number, e: number) => [number, number],
  exact: () => boolean,
): ConfigBlock {
  const block: ConfigBlock = { origin, doc: md, path, entries: [], problems: [] };
  let lineStart = 0;
  for (const rawLine of text.split('\n')) {
    const start = lineStart;
    lineStart += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const hash = line.indexOf('#');
    const conf = hash >= 0 ? line.slice(0, hash) : line;
    if (!conf.trim()) continue;
    const lead = conf.length - conf.trimStart().length;
    const sep = conf.indexOf(': ');
    if (sep < 0) {
      const trimmed = conf.trim();
      // `key: ` at the end of a line (empty value) has no ": " once trailing spaces are gone.
      const colonEnd = trimmed.endsWith(':');
      block.problems.push({
        offsets: at(start + lead, start + lead + trimmed.length),
        message: colonEnd
          ? `"${trimmed}" has no value: Flink skips the line and logs a warning. Give it a value or remove it.`
          : `Flink cannot read "${trimmed}": it splits ${origin} lines at ": " (colon and space), skips this line and logs a warning. Write \`key: value\`.`,
        code: 'flink-config-syntax',
        severity: 'warning',
      });
      continue;
    }
    const key = conf.slice(0, sep).trim();
    const value = conf.slice(sep + 2).trim();
    const keyStart = start + lead;
    const valueStart = start + sep + 2 + (conf.slice(sep + 2).length - conf.slice(sep + 2).trimStart().length);
    if (!key || !value) {
      block.problems.push({
        offsets: at(keyStart, start + conf.trimEnd().length),
        message: `"${conf.trim()}" has an empty ${key ? 'value' : 'key'}: Flink skips the line and logs a warning.`,
        code: 'flink-config-syntax',
        severity: 'warning',
      });
      continue;
    }
    block.entries.push(
      lazyEntry(
        key,
        value,
        md,
        origin,
        () => at(keyStart, keyStart + key.length),
        () => at(valueStart, valueStart + value.length),
        exact,
      ),
    );
  }
  return block;
}

/** `config.yaml` inside a ConfigMap: YAML 1.2, keys flat or nested. */
export function parseConfigYaml(md: ManifestDoc, path: PathSeg[]): ConfigBlock {
  const block: ConfigBlock = { origin: 'config.yaml', doc: md, path, entries: [], problems: [] };
  const text = textAt(md, path);
  if (text === undefined) return block;
  const place = new ScalarPlace(md, path);
  // Fast path: js-yaml reads it (and throws on duplicates or syntax errors, which `yaml` then locates).
  let fast: unknown;
  try {
    fast = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    fast = undefined;
  }
  // Anchors, aliases and tags go to the AST path, which never expands aliases. `:` is in the class
  // because a flow mapping with quoted keys puts the anchor right after it (`"k":&a [...]`).
  if (fast !== undefined && !/(^|[\s[{,:])[&*!][^\s]|<<\s*:/m.test(text) && isTree(fast)) {
    if (!fast || typeof fast !== 'object' || Array.isArray(fast)) return block;
    let inner: Document | undefined;
    const innerDoc = () =>
      (inner ??= jsYamlAst(text) ?? parseDocument(text, { uniqueKeys: false, prettyErrors: false }));
    const walk = (o: Record<string, unknown>, prefix: PathSeg[]) => {
      for (const [k, v] of Object.entries(o)) {
        const p = [...prefix, k];
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          walk(v as Record<string, unknown>, p);
          continue;
        }
        const value =
          v === null || v === undefined ? undefined : Array.isArray(v) ? v.map((x) => String(x)).join(';') : String(v);
        const loc = () => {
          const l = locate(innerDoc(), p);
          return { k: l.key?.range, v: l.node?.range, plain: isScalar(l.key) && l.key.type === Scalar.PLAIN };
        };
        block.entries.push(
          lazyEntry(
            p.join('.'),
            value,
            md,
            'config.yaml',
            () => {
              const r = loc().k;
              return r ? place.at(r[0], r[1]) : place.at(0, 0);
            },
            () => {
              const l = loc();
              const r = l.v ?? l.k;
              return r ? place.at(r[0], r[1]) : place.at(0, 0);
            },
            () => prefix.length === 0 && loc().plain && place.exact(),
          ),
        );
      }
    };
    walk(fast as Record<string, unknown>, []);
    return block;
  }
  const at = place.at;
  let inner;
  try {
    inner = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  } catch {
    return block;
  }
  let aliases = 0;
  visit(inner, {
    Alias: () => {
      aliases++;
      return visit.SKIP;
    },
  });
  if (aliases > 0)
    block.problems.push({
      offsets: at(0, Math.min(text.length, 1)),
      message: `config.yaml uses ${aliases} YAML alias${aliases > 1 ? 'es' : ''} (*name): the values under them are not checked, and Flink 2.x refuses a config.yaml with more than 50 aliases of collections. Write the values out.`,
      code: 'flink-config-alias',
      severity: 'warning',
    });
  for (const e of inner.errors) {
    const dup = e.code === 'DUPLICATE_KEY';
    block.problems.push({
      offsets: at(e.pos[0], e.pos[1]),
      message: dup
        ? `Duplicate key in config.yaml: Flink reads config.yaml as standard YAML and refuses to start on duplicate keys. Keep one. (${e.message.split('\n')[0]})`
        : `config.yaml is not valid YAML, so Flink cannot start: ${e.message.split('\n')[0]}`,
      code: dup ? 'flink-config-duplicate-key' : 'flink-config-syntax',
      severity: 'error',
    });
  }
  if (isMap(inner.contents)) walkMap(inner.contents, '', md, 'config.yaml', at, place.exact(), block.entries);
  return block;
}

/** Most nodes a config.yaml may hold before it is read as hostile (Flink's own files have a few hundred). */
const NODE_BUDGET = 20_000;

/** True when a loaded YAML value is a plain tree: no node reached twice (an alias) and within the budget. */
function isTree(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (seen.has(v) || seen.size >= NODE_BUDGET) return false;
    seen.add(v);
    for (const c of Array.isArray(v) ? v : Object.values(v)) if (c && typeof c === 'object') stack.push(c);
  }
  return true;
}

/** The operator's `flinkConfiguration` map (string values in old CRDs, any YAML and nesting since operator 1.13). */
export function parseFlinkConfiguration(
  md: ManifestDoc,
  path: PathSeg[],
  origin: ConfigOrigin = 'flinkConfiguration',
): ConfigBlock {
  const block: ConfigBlock = { origin, doc: md, path, entries: [], problems: [] };
  const { node, missing } = locate(md.yaml, path);
  if (missing === undefined && isMap(node)) walkMap(node, '', md, origin, (s, e) => [s, e], true, block.entries);
  return block;
}

function walkMap(
  map: YAMLMap,
  prefix: string,
  md: ManifestDoc,
  origin: ConfigOrigin,
  at: (s: number, e: number) => [number, number],
  exact: boolean,
  out: ConfigEntry[],
): void {
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    if (!isScalar(k) || !k.range) continue;
    const key = prefix + String(k.value);
    const v = pair.value as Node | null;
    if (isMap(v)) {
      walkMap(v, key + '.', md, origin, at, exact, out);
      continue;
    }
    let value: string | undefined;
    if (isScalar(v)) value = v.value === null || v.value === undefined ? undefined : String(v.value);
    else if (isSeq(v)) value = v.items.map((i) => (isScalar(i) ? String(i.value) : '')).join(';');
    const vr = v?.range ?? k.range;
    out.push({
      key,
      value,
      doc: md,
      origin,
      keyOffsets: at(k.range[0], k.range[1]),
      valueOffsets: at(vr[0], vr[1]),
      exactKey: exact && !prefix && (k.type === Scalar.PLAIN || k.type === undefined),
    });
  }
}

/** `-Dkey=value` items of a container's args or command. */
export function parseDynamicProperties(md: ManifestDoc, listPath: PathSeg[], items: unknown[]): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const m = /^-D([^=\s]+)=(.*)$/.exec(item.trim());
    if (!m) return;
    const [, key = '', val = ''] = m;
    // Offsets resolve on first read: finding the item's scalar builds the `yaml` AST, which a clean
    // document never needs (flink-lint's cold start on one file).
    const place = new ScalarPlace(md, [...listPath, i]);
    const lead = item.length - item.trimStart().length;
    const ks = lead + 2,
      ke = ks + key.length;
    out.push(
      lazyEntry(
        key,
        val,
        md,
        'dynamic-property',
        () => place.at(ks, ke),
        () => place.at(ke + 1, ke + 1 + val.length),
        place.exact,
      ),
    );
  });
  return out;
}
