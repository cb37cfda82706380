// A `yaml` AST (Document, YAMLMap, YAMLSeq, Pair, Scalar with source ranges) built from js-yaml's parse
// events instead of `yaml`'s own parser. Rules read ranges, scalar styles and flow flags from the AST;
// `yaml` needs about 1 s and 100 MB of CST for a 1 MB document, js-yaml a seventh of that. Only plain
// documents come here (no aliases, tags, merges or tabs: parse.ts sends those to `yaml`), and any
// doubt returns undefined so the caller falls back to `yaml`. A differential test compares every key
// and scalar range with `yaml`'s over real and generated manifests.
import jsyaml from 'js-yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

interface Frame {
  open: number;
  children: Built[];
}
interface Built {
  node: Node;
  value: unknown;
  /** Start of content and end of the value (trailing comments and blank lines excluded). */
  start: number;
  end: number;
}
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** From an event's position, past separation space, comments and an anchor, to the node's first character. */
function contentStart(text: string, i: number): number {
  for (;;) {
    while (i < text.length && SPACE.has(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    else if (c === 0x26 /* & */) while (i < text.length && !SPACE.has(text.charCodeAt(i))) i++;
    else return i;
  }
}

/** Back from an event's end position over trailing space (a plain scalar may stop after it). */
function contentEnd(text: string, start: number, i: number): number {
  i = Math.min(i, text.length);
  while (i > start && SPACE.has(text.charCodeAt(i - 1))) i--;
  return i;
}

function scalarType(c: string): Scalar.Type {
  switch (c) {
    case '"':
      return Scalar.QUOTE_DOUBLE;
    case "'":
      return Scalar.QUOTE_SINGLE;
    case '|':
      return Scalar.BLOCK_LITERAL;
    case '>':
      return Scalar.BLOCK_FOLDED;
    default:
      return Scalar.PLAIN;
  }
}

/** The document's AST, or undefined when js-yaml fails or its events cannot be mapped with certainty. */
export function jsYamlAst(text: string, schema: jsyaml.Schema = jsyaml.CORE_SCHEMA): Document | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined; // js-yaml drops the BOM: offsets would shift
  const stack: Frame[] = [];
  const roots: Built[] = [];
  let broken = false;
  const close = (f: Frame, s: ListenerState): Built | undefined => {
    if (s.kind === null) {
      // An empty value (`key:`) has no characters: `yaml` places it after the spaces that follow the
      // indicator, before any comment or line break.
      let at = f.open;
      while (text[at] === ' ' || text[at] === '\t') at++;
      const node = new Scalar(null);
      node.range = [at, at, at];
      return { node, value: s.result, start: at, end: at };
    }
    // A frame that only wraps the node read inside it (js-yaml first tries a collection as a block
    // mapping's key, then reads it again as the node itself): the inner node is the one.
    const only = f.children.length === 1 ? f.children[0] : undefined;
    if (only && s.kind !== 'scalar' && Object.is(only.value, s.result)) return only;
    const start = contentStart(text, f.open);
    if (s.kind === 'scalar') {
      const node = new Scalar(s.result);
      node.type = scalarType(text[start] ?? '');
      let end = contentEnd(text, start, s.position);
      // A block scalar's source takes in its trailing line breaks, as in `yaml`.
      // js-yaml stops after the next line's indentation: step back over it.
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
        end = Math.min(s.position, text.length);
        while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      }
      node.range = [start, end, end];
      return { node, value: s.result, start, end };
    }
    if (s.kind === 'mapping') {
      const obj = s.result as Record<string, unknown>;
      const ch = f.children;
      if (ch.length % 2 !== 0 || ch.length / 2 !== Object.keys(obj).length) return undefined;
      const map = new YAMLMap();
      map.flow = text[start] === '{';
      for (let i = 0; i < ch.length; i += 2) map.items.push(new Pair(ch[i]!.node, ch[i + 1]!.node));
      const end = map.flow ? contentEnd(text, start, s.position) : (ch[ch.length - 1]?.end ?? start);
      map.range = [start, end, end];
      return { node: map, value: obj, start, end };
    }
    if (s.kind === 'sequence') {
      const arr = s.result as unknown[];
      const seq = new YAMLSeq();
      seq.flow = text[start] === '[';
      // An empty block item (`-` alone) has no events, so no position: leave such a list to `yaml`.
      if (f.children.length !== arr.length) return undefined;
      for (const [i, child] of f.children.entries()) {
        if (!Object.is(child.value, arr[i])) return undefined;
        seq.items.push(child.node);
      }
      const last = f.children[f.children.length - 1];
      const end = seq.flow ? contentEnd(text, start, s.position) : (last?.end ?? start);
      seq.range = [start, end, end];
      return { node: seq, value: arr, start, end };
    }
    return undefined;
  };
  try {
    jsyaml.loadAll(text, undefined, {
      schema,
      listener(event, state) {
        if (broken) return;
        const s = state as unknown as ListenerState;
        if (event === 'open') {
          stack.push({ open: s.position, children: [] });
          return;
        }
        const f = stack.pop();
        const built = f && close(f, s);
        if (!built) {
          broken = true;
          return;
        }
        // A scalar's frame may hold the failed attempt to read it as a mapping key: the scalar wins.
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(built);
        else roots.push(built);
      },
    });
  } catch {
    return undefined;
  }
  const root = roots.find((r) => r.node instanceof YAMLMap);
  if (broken || !root) return undefined;
  const doc = new Document();
  doc.contents = root.node as YAMLMap;
  return doc;
}
