// The manifest model: every YAML document of every file, with kind/apiVersion/name/namespace, the
// plain object and the `yaml` AST for source ranges. Parsing never throws.
import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  Schema,
  visit,
  type Node,
  type ParseOptions,
  type ScalarTag,
  type Tags,
} from 'yaml';
import type { ParseCache, Range, SourceFile } from '../validate/types';
import jsyaml from 'js-yaml';
import { jsYamlAst } from './js-ast';
import { DocLines, LineIndex, type TextLines } from './text';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = Record<string, unknown>;
export type PathSeg = string | number;

export interface SyntaxProblem {
  offsets: [number, number];
  message: string;
  code: string;
  /** Default: error. */
  severity?: 'error' | 'info';
}

export interface ManifestDoc {
  file: string;
  /** 0-based index among the non-empty documents of its file. */
  index: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Offsets [start, end) of the document in the file, and the same as a range. */
  offsets: [number, number];
  range: Range;
  /** The document's own text (what `kubectl apply` would send for it). */
  source: string;
  /** The document as plain data; undefined when it is not a mapping. */
  object?: Obj;
  /** The `yaml` AST, for ranges. */
  yaml: Document;
  /** Positions for this document's offsets (which are relative to the part of the file it was parsed from). */
  lines: TextLines;
  hasSyntaxErrors: boolean;
  /** Set when the file is a bare Flink configuration file rather than a Kubernetes manifest. */
  configFile?: 'flink-conf.yaml' | 'config.yaml';
}

export interface ParsedFile {
  path: string;
  text: string;
  lines: LineIndex;
  docs: ManifestDoc[];
  problems: SyntaxProblem[];
}

export interface ManifestSet {
  files: ParsedFile[];
  docs: ManifestDoc[];
}

// Kubernetes reads YAML 1.1 (go-yaml v2): `yes` is a bool, `0644` octal, `<<` merges. Timestamps stay strings.
// One Schema instance for all documents: building it per document costs more than parsing small ones.
const K8S_SCHEMA = new Schema({
  schema: 'yaml-1.1',
  merge: true,
  resolveKnownTags: true,
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => t !== 'timestamp' && (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'),
});
// uniqueKeys is off: `yaml` checks it by scanning each map per key (quadratic; 40,000 keys took 20 s).
// duplicateKeys() below does the same check in linear time.
export const K8S_PARSE = { version: '1.1' as const, schema: K8S_SCHEMA, uniqueKeys: false, prettyErrors: false };

/**
 * js-yaml reading plain scalars with `yaml`'s own YAML 1.1 tests and resolvers (yes/no/on/off, 0644,
 * 1:20, 1_000, .inf), so the fast path and `yaml` give the same values (model-js-ast.test.ts).
 */
export const K8S_JS_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  // js-yaml keeps one type per tag name: each variant (int: octal, hex, ...) gets a name of its own.
  implicit: K8S_SCHEMA.tags.flatMap((t, i) => {
    const tag = t as ScalarTag;
    if (tag.default !== true || !tag.test || !tag.resolve) return [];
    const test = tag.test;
    return [
      new jsyaml.Type(`${tag.tag}#${i}`, {
        kind: 'scalar',
        resolve: (data: unknown) => typeof data === 'string' && test.test(data),
        construct: (data: string) => {
          const v = tag.resolve(
            data,
            (message) => {
              throw new Error(message);
            },
            { intAsBigInt: false } as ParseOptions,
          );
          return isScalar(v) ? v.value : v; // booleans come back wrapped, to keep their source form
        },
      }),
    ];
  }),
});
export const MAX_ALIAS_COUNT = 100;
/** Nodes that anchors and aliases may add beyond the document's own: every rule walks the expanded tree. */
export const MAX_ALIAS_EXPANSION = 100_000;

export function parseFile(file: SourceFile, cache?: ParseCache): ParsedFile {
  const hit = cache?.get(file.path, file.text) as ParsedFile | undefined;
  if (hit) return hit;
  const parsed = parseFileUncached(file, cache);
  cache?.set(file.path, file.text, parsed);
  return parsed;
}

/** What parsing one chunk yields, independent of where the chunk sits in its file (cacheable). */
interface ChunkDoc {
  yaml: Document;
  object?: Obj;
  start: number;
  end: number;
  errors: boolean;
}
interface Chunk {
  docs: ChunkDoc[];
  problems: SyntaxProblem[];
}

// A line that is only a document marker: there the file can be cut and each part parsed alone, so an
// edit in one document re-parses only that document (the editor keeps the other parts cached).
const MARKER = /^---[ \t]*(?:#.*)?\r?$/gm;

function chunksOf(text: string): number[] {
  if (/^%/m.test(text)) return [0]; // directives belong to the next document: keep the file whole
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

function parseFileUncached(file: SourceFile, cache?: ParseCache): ParsedFile {
  const text = typeof file.text === 'string' ? file.text : '';
  const lines = new LineIndex(text);
  const out: ParsedFile = { path: file.path, text, lines, docs: [], problems: [] };
  const fileName = file.path.slice(Math.max(file.path.lastIndexOf('/'), file.path.lastIndexOf('\\')) + 1);
  if (fileName === 'flink-conf.yaml') {
    // Flink's legacy file is read by Flink's own line parser, not as YAML (flink.md §2.2).
    out.docs.push({
      file: file.path,
      index: 0,
      offsets: [0, text.length],
      range: lines.range(0, text.length),
      source: text,
      yaml: new Document(null),
      lines,
      hasSyntaxErrors: false,
      configFile: 'flink-conf.yaml',
    });
    return out;
  }
  const template = templateKind(fileName, text);
  if (template) {
    // Not a manifest yet: validating it would only cascade errors about `{{ }}`.
    out.problems.push({ offsets: [0, 0], severity: 'info', code: 'template-skipped', message: template });
    return out;
  }
  const starts = chunksOf(text);
  const bigFile = text.length > BIG_FILE;
  let index = 0;
  starts.forEach((base, ci) => {
    const chunkText = text.slice(base, ci + 1 < starts.length ? starts[ci + 1] : text.length);
    const key = `${file.path}\u0000${ci}\u0000${bigFile}`;
    let chunk = cache?.get(key, chunkText) as Chunk | undefined;
    if (!chunk) {
      chunk = parseChunk(chunkText, bigFile);
      cache?.set(key, chunkText, chunk);
    }
    for (const p of chunk.problems) out.problems.push({ ...p, offsets: [p.offsets[0] + base, p.offsets[1] + base] });
    const docLines = base === 0 && starts.length === 1 ? lines : new DocLines(lines, base, chunkText);
    for (const c of chunk.docs) {
      const md = {
        file: file.path,
        index: index++,
        offsets: [c.start, c.end],
        range: docLines.range(c.start, c.end),
        source: chunkText.slice(c.start, c.end),
        object: c.object,
        lines: docLines,
        hasSyntaxErrors: c.errors,
      } as Omit<ManifestDoc, 'yaml'> as ManifestDoc;
      // The AST may not exist yet (fast path): build it on first use.
      Object.defineProperty(md, 'yaml', { get: () => c.yaml, enumerable: true, configurable: true });
      if (c.object) {
        md.apiVersion = str(c.object.apiVersion);
        md.kind = str(c.object.kind);
        const meta = asObj(c.object.metadata);
        md.name = str(meta?.name);
        md.namespace = str(meta?.namespace);
        if (
          fileName === 'config.yaml' &&
          !md.kind &&
          !md.apiVersion &&
          Object.keys(c.object).some((k) => FLINK_KEY.test(k))
        )
          md.configFile = 'config.yaml';
      }
      out.docs.push(md);
    }
  });
  return out;
}

// A Helm/Go template action: `{{ .Values.x }}`, `{{- include "x" . }}`, `{{ $x }}`, `{{/* */}}`.
const TEMPLATE_ACTION =
  /\{\{-?\s*(?:[.$(/]|(?:if|else|end|range|with|include|template|define|toYaml|tpl|default|quote|printf|required|nindent|indent)\b)/;

/** Why this file is skipped as a template or an overlay, or undefined for a plain manifest. */
function templateKind(fileName: string, text: string): string | undefined {
  if (/^kustomization\.ya?ml$/i.test(fileName))
    return 'This is a Kustomize file: it is rendered by Kustomize, not applied as is. Validate the rendered output with `kubectl kustomize <dir> | flink-lint -`.';
  if (text.includes('{{') && TEMPLATE_ACTION.test(text))
    return 'This file is a template (it holds `{{ }}` actions), rendered by Helm: it was not validated. Validate the rendered output with `helm template <chart> | flink-lint -`.';
  return undefined;
}

const FLINK_KEY =
  /^(jobmanager|taskmanager|parallelism|high-availability|state|execution|rest|blob|restart-strategy|kubernetes|env|pipeline|metrics|security|io|table|pekko|akka|web|classloading|cluster|heartbeat|fs|s3|python|execution|checkpointing|slot|resourcemanager|historyserver|sql-gateway|zookeeper|yarn|slotmanager|queryable-state|restart-strategy|jmx|process)(\.|$)/;

// These constructs need `yaml`: aliases, tags and merges (bounded there), tabs (its error reporting).
// YAML 1.1 scalars (yes/no, 0644, 1:20) do not: the fast path reads them with K8S_JS_SCHEMA. Anchors
// alone are harmless; a shared node (an alias the pre-check missed) still goes to `yaml` (isTree).
const ALIAS_TAG = /(^|[\s[{,:?-])[*!][^\s]/m;

// A merge key; `<<` as a value is a plain string in both parsers.
const MERGE_KEY = /(^|[\s{,?-])<<[ \t]*:/m;
// A null key (`~: x`) is the key "" in `yaml` and "null" in js-yaml.
const NULL_KEY = /^[ \t-]*(?:~|[Nn]ull|NULL)[ \t]*:/m;

function needsFullParser(text: string): boolean {
  if (text.includes('\t')) return true;
  if (text.includes('<<') && MERGE_KEY.test(text)) return true;
  if ((text.includes('~') || /null/i.test(text)) && NULL_KEY.test(text)) return true;
  return /[*!]/.test(text) && ALIAS_TAG.test(text);
}

/**
 * The fast path: js-yaml reads a plain one-document chunk about ten times faster than `yaml`; the
 * `yaml` AST (for source ranges) is then built only when a rule asks for it, which for a clean
 * document is never. Anything unusual goes to `yaml` directly.
 */
function fastChunk(text: string): Chunk | undefined {
  if (needsFullParser(text)) return undefined;
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, undefined, { schema: K8S_JS_SCHEMA });
  } catch {
    return undefined; // let `yaml` report the error with its position
  }
  const docs = values.filter((v) => v !== null && v !== undefined);
  if (docs.length !== 1 || typeof docs[0] !== 'object' || Array.isArray(docs[0])) return undefined;
  // Decide on the result, not the text: shared nodes (anchors the pre-check missed) go to `yaml`, which bounds them.
  if (text.includes('&') && !isTree(docs[0])) return undefined;
  let start = 0;
  if (text.startsWith('---')) {
    const nl = text.indexOf('\n');
    start = nl < 0 ? text.length : nl + 1;
  }
  let ast: Document | undefined;
  const doc: ChunkDoc = {
    object: docs[0] as Obj,
    start,
    end: text.length,
    errors: false,
    get yaml(): Document {
      // js-yaml's events give the same AST several times faster (model-js-ast.test.ts); `yaml` when unsure.
      ast ??= jsYamlAst(text, K8S_JS_SCHEMA);
      if (!ast) {
        const all = parseAllDocuments(text, K8S_PARSE) as unknown;
        ast = (Array.isArray(all) ? (all as Document[]) : []).find((d) => isMap(d.contents)) ?? new Document(null);
      }
      return ast;
    },
  };
  return { docs: [doc], problems: [] };
}

// Only markers, comments and blank lines: nothing to parse (a file of 250,000 `---` lines took 5 s).
const EMPTY_CHUNK = /^(?:[ \t]*(?:---[ \t]*)?(?:#.*)?\r?(?:\n|$))*$/;
/** Kubernetes' YAML reader refuses deeper nesting long before this; `yaml` itself needs seconds for 500,000 levels. */
export const MAX_FLOW_DEPTH = 1000;

function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/**
 * Above this size a broken chunk is not handed to `yaml`: it reports every error and needs seconds for
 * thousands of them (150,000 tab-indented lines: 4.4 s). js-yaml stops at the first one in milliseconds.
 */
const BIG_CHUNK = 100_000;
/** The same for every broken document of a file this large: hundreds of broken documents cost as much. */
const BIG_FILE = 256 * 1024;

function bigChunkError(text: string, bigFile: boolean): SyntaxProblem | undefined {
  try {
    jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
    return undefined;
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { position?: number } };
    const at = Math.min(Math.max(err.mark?.position ?? 0, 0), text.length);
    const reason = err.reason ?? err.message?.split('\n')[0] ?? 'unreadable YAML';
    return {
      offsets: [at, at],
      message: `${reason} (only the first error of ${bigFile ? 'each document in a file this large' : 'this large document'} is shown)`,
      code: 'yaml-syntax',
    };
  }
}

function parseChunk(text: string, bigFile = false): Chunk {
  if (EMPTY_CHUNK.test(text)) return { docs: [], problems: [] };
  // Brackets inside quoted strings count too: only absurd nesting is refused, never a real manifest.
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    return {
      docs: [],
      problems: [
        {
          offsets: [0, 0],
          message: `This document nests more than ${MAX_FLOW_DEPTH} brackets deep, so it was not read: Kubernetes rejects such nesting. Flatten it.`,
          code: 'yaml-too-deep',
        },
      ],
    };
  }
  const fast = fastChunk(text);
  if (fast) return fast;
  const refused = text.length > BIG_CHUNK || bigFile ? bigChunkError(text, bigFile) : undefined;
  if (refused) return { docs: [], problems: [refused] };
  const out: Chunk = { docs: [], problems: [] };
  let docs: Document[];
  try {
    const r = parseAllDocuments(text, K8S_PARSE) as unknown;
    docs = Array.isArray(r) ? (r as Document[]) : [];
  } catch (e) {
    out.problems.push({
      offsets: [0, 0],
      message: `The YAML parser failed: ${(e as Error).message}`,
      code: 'yaml-syntax',
    });
    return out;
  }
  for (const d of docs) {
    const dupes = duplicateKeys(d);
    for (const e of d.errors)
      out.problems.push({
        offsets: [e.pos[0], e.pos[1]],
        message: e.message.split('\n')[0] ?? e.message,
        code: 'yaml-syntax',
      });
    for (const r of dupes) out.problems.push({ offsets: r, message: 'Map keys must be unique', code: 'yaml-syntax' });
    const contents = d.contents;
    if (
      !contents ||
      (isScalar(contents) && (contents.value === null || contents.value === undefined) && !d.errors.length)
    )
      continue;
    let start = d.range?.[0] ?? 0;
    // The document starts after its `---` marker line.
    if (text.startsWith('---', start)) {
      const nl = text.indexOf('\n', start);
      const contentStart = contents.range?.[0] ?? start;
      if (nl >= 0 && nl < contentStart) start = nl + 1;
    }
    const end = d.range?.[2] ?? d.range?.[1] ?? text.length;
    let object: Obj | undefined;
    if (isMap(contents)) {
      try {
        const js = d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
        const problem = js && typeof js === 'object' ? expansionProblem(js) : undefined;
        if (problem) {
          const r = contents.range ?? [start, start];
          out.problems.push({ offsets: [r[0], r[0]], message: problem, code: 'yaml-alias-limit' });
        } else if (js && typeof js === 'object' && !Array.isArray(js)) object = js as Obj;
      } catch (e) {
        const r = contents.range ?? [start, start];
        out.problems.push({
          offsets: [r[0], r[0]],
          message: `The document could not be read: ${(e as Error).message}. Kubernetes rejects documents with excessive aliases.`,
          code: 'yaml-alias-limit',
        });
      }
    } else if (!d.errors.length) {
      const r = contents.range ?? [start, start];
      out.problems.push({
        offsets: [r[0], r[1]],
        message:
          'This document is not a mapping, so it is not a Kubernetes object: kubectl rejects it. Write `apiVersion:`, `kind:` and `metadata:` keys.',
        code: 'not-an-object',
      });
    }
    out.docs.push({ yaml: d, object, start, end, errors: d.errors.length > 0 || dupes.length > 0 });
  }
  return out;
}

/** Ranges of keys repeated in the same mapping (kubectl rejects them: "key already set in map"). */
function duplicateKeys(doc: Document): [number, number][] {
  const out: [number, number][] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (isAlias(k) || (isScalar(k) && k.value === '<<')) continue;
        const id = isScalar(k) ? `${typeof k.value}:${String(k.value)}` : `node:${String(k)}`;
        if (seen.has(id)) {
          const r = (k as Node | null)?.range;
          out.push(r ? [r[0], r[1]] : [0, 0]);
        }
        seen.add(id);
      }
    },
  });
  return out;
}

/** True when no object or array is reachable twice (no aliases, no cycles). Iterative: depth is unbounded. */
function isTree(root: object): boolean {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length) {
    const o = stack.pop() as object;
    if (seen.has(o)) return false;
    seen.add(o);
    for (const v of Array.isArray(o) ? o : Object.values(o)) if (v && typeof v === 'object') stack.push(v as object);
  }
  return true;
}

/**
 * Why a document with aliases is refused, or undefined when its expanded tree stays small. `yaml`'s
 * maxAliasCount counts aliases, not the size of what they copy, so the expansion is measured here
 * (memoised per shared node, so measuring costs only the document's own size).
 */
function expansionProblem(root: object): string | undefined {
  if (isTree(root)) return undefined;
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  let cycle = false;
  let own = 0;
  const measure = (o: object, depth: number): number => {
    const known = size.get(o);
    if (known !== undefined) return known;
    if (onPath.has(o)) cycle = true;
    if (cycle || depth > 5000) return Infinity;
    onPath.add(o);
    let n = 1;
    own++;
    for (const v of Array.isArray(o) ? o : Object.values(o)) {
      if (v && typeof v === 'object') n += measure(v as object, depth + 1);
      else {
        n++;
        own++;
      }
      if (n > MAX_ALIAS_EXPANSION * 2) break;
    }
    onPath.delete(o);
    size.set(o, n);
    return n;
  };
  const expanded = measure(root, 0);
  if (cycle)
    return 'This document contains an alias inside its own anchor (a cycle): Kubernetes rejects it ("anchor value contains itself"). Replace the alias with the content it should hold.';
  if (expanded - own > MAX_ALIAS_EXPANSION)
    return `This document's aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes, so it was not validated: Kubernetes rejects excessive aliasing as a resource exhaustion attack. Write the repeated content out, or use fewer aliases.`;
  return undefined;
}

export function parseManifests(files: SourceFile[], cache?: ParseCache): ManifestSet {
  const parsed = files.map((f) => parseFile(f, cache));
  return { files: parsed, docs: parsed.flatMap((p) => p.docs) };
}

// ---- small typed accessors over plain objects ----
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
export function asObj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
/** A table lookup that ignores inherited names (`kind: toString` must not find Object.prototype.toString). */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function get(o: unknown, path: PathSeg[]): unknown {
  let cur: unknown = o;
  for (const s of path) {
    if (Array.isArray(cur) && typeof s === 'number') cur = cur[s];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur)) cur = (cur as Obj)[String(s)];
    else return undefined;
  }
  return cur;
}

// ---- source locations ----
export interface Located {
  node?: Node;
  key?: Node;
  missing?: PathSeg;
}

/** Walks the AST along `path`; on a missing step returns the deepest node reached and its key. */
export function locate(doc: Document, path: PathSeg[]): Located {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) return { node: node as Node, key, missing: seg };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return { node: node as Node, key, missing: seg };
      key = undefined;
      node = item;
    } else return { node: node as Node | undefined, key, missing: seg };
  }
  return { node: (node ?? undefined) as Node | undefined, key };
}

export type Part = 'key' | 'value';

/** Offsets of the key or value at `path`, falling back to the nearest existing ancestor. */
export function offsetsAt(md: ManifestDoc, path: PathSeg[], part: Part = 'value'): [number, number] {
  const { node, key, missing } = locate(md.yaml, path);
  const kr = key?.range;
  const nr = node?.range;
  const scalarValue = nr && nr[0] !== nr[1] && !isMap(node) && !isSeq(node);
  if (missing === undefined && part === 'value' && scalarValue) return [nr[0], nr[1]];
  if (kr) return [kr[0], kr[1]];
  if (scalarValue) return [nr[0], nr[1]];
  // Root-level: the first key of the document.
  const first = isMap(md.yaml.contents) ? md.yaml.contents.items[0]?.key : undefined;
  const fr = (first as Node | undefined)?.range;
  return fr ? [fr[0], fr[1]] : [md.offsets[0], md.offsets[0]];
}

export function rangeAt(md: ManifestDoc, path: PathSeg[], part: Part = 'value'): Range {
  const [s, e] = offsetsAt(md, path, part);
  return md.lines.range(s, e);
}

/** True when the path exists in the AST (not merged in through `<<`). */
export function hasPath(md: ManifestDoc, path: PathSeg[]): boolean {
  return locate(md.yaml, path).missing === undefined;
}
