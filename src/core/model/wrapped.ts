// Objects inside other objects (issue 11): a `List`'s items, an OpenShift `Template`'s objects and a
// FlinkBlueGreenDeployment's `spec.template` become documents of their own, so every rule sees them and
// reports on the inner lines. Only the validator expands them (deploy sends what the file holds).
import { Document, isMap, type Node } from 'yaml';
import { asArr, asObj, get, locate, str, type ManifestDoc, type ManifestSet, type Obj, type PathSeg } from './parse';

export interface Wrapper {
  /** Kind of the enclosing document. */
  kind: string;
  /** Where the inner object sits in the enclosing document. */
  path: PathSeg[];
  /**
   * The inner object was completed from its wrapper (a BlueGreen template has no apiVersion/kind): its
   * schema is already checked as part of the wrapper's, so the schema rule skips it.
   */
  synthetic?: boolean;
}

/** A ManifestDoc that came out of another one. */
export type InnerDoc = ManifestDoc & { wrapper: Wrapper };

export function wrapperOf(d: ManifestDoc): Wrapper | undefined {
  return (d as Partial<InnerDoc>).wrapper;
}

const PLACEHOLDER = /\$\{\{?([A-Za-z0-9_]+)\}?\}/;

/** OpenShift parameters: `${P}` inside strings, `${{P}}` as a whole non-string value; undefined when one has no value. */
function substitute(v: unknown, params: Map<string, string>): { value: unknown; unresolved: boolean } {
  let unresolved = false;
  const walk = (x: unknown, depth: number): unknown => {
    if (depth > 100) return x;
    if (typeof x === 'string') {
      if (!PLACEHOLDER.test(x)) return x;
      const whole = /^\$\{\{([A-Za-z0-9_]+)\}\}$/.exec(x);
      if (whole) {
        const p = params.get(whole[1] as string);
        if (p === undefined) {
          unresolved = true;
          return x;
        }
        try {
          return JSON.parse(p) as unknown;
        } catch {
          return p;
        }
      }
      return x.replace(/\$\{\{?([A-Za-z0-9_]+)\}?\}/g, (m, name: string) => {
        const p = params.get(name);
        if (p === undefined) unresolved = true;
        return p ?? m;
      });
    }
    if (Array.isArray(x)) return x.map((y) => walk(y, depth + 1));
    if (x && typeof x === 'object') {
      const out: Obj = {};
      for (const [k, y] of Object.entries(x)) out[k] = walk(y, depth + 1);
      return out;
    }
    return x;
  };
  const value = walk(v, 0);
  return { value, unresolved };
}

function innerDoc(outer: ManifestDoc, path: PathSeg[], object: Obj, wrapper: Wrapper): InnerDoc | undefined {
  const node = locate(outer.yaml, path).node as Node | undefined;
  if (!node || !isMap(node) || !node.range) return undefined;
  const [s, e] = [node.range[0], node.range[1]];
  const yaml = new Document(null);
  yaml.contents = node;
  const meta = asObj(object.metadata);
  return {
    file: outer.file,
    index: outer.index,
    apiVersion: str(object.apiVersion),
    kind: str(object.kind),
    name: str(meta?.name),
    namespace: str(meta?.namespace) ?? outer.namespace,
    offsets: [s, e],
    range: outer.lines.range(s, e),
    source: outer.source.slice(Math.max(0, s - outer.offsets[0]), Math.max(0, e - outer.offsets[0])),
    object,
    yaml,
    lines: outer.lines,
    hasSyntaxErrors: outer.hasSyntaxErrors,
    wrapper,
  };
}

/** The documents wrapped by `d` (none for ordinary objects). */
export function unwrap(d: ManifestDoc): InnerDoc[] {
  const o = d.object;
  if (!o || !d.kind || d.hasSyntaxErrors || d.configFile) return [];
  const out: InnerDoc[] = [];
  const add = (x: InnerDoc | undefined) => {
    if (x) out.push(x);
  };
  if (d.kind === 'List' || (d.kind === 'Template' && d.apiVersion?.startsWith('template.openshift.io/'))) {
    const key = d.kind === 'List' ? 'items' : 'objects';
    const params = new Map<string, string>();
    for (const p of asArr(o.parameters)) {
      const name = str(asObj(p)?.name);
      const value = str(asObj(p)?.value);
      if (name && value !== undefined) params.set(name, value);
    }
    asArr(o[key]).forEach((item, i) => {
      if (!asObj(item)) return;
      const { value, unresolved } =
        d.kind === 'Template' ? substitute(item, params) : { value: item, unresolved: false };
      // A parameter without a default is filled in by `oc process`: the object is not known before.
      if (unresolved) return;
      add(innerDoc(d, [key, i], value as Obj, { kind: d.kind as string, path: [key, i] }));
    });
  } else if (d.kind === 'FlinkBlueGreenDeployment' && d.apiVersion?.startsWith('flink.apache.org/')) {
    const template = asObj(get(o, ['spec', 'template']));
    if (template) {
      const meta = asObj(template.metadata) ?? {};
      const object: Obj = {
        apiVersion: d.apiVersion,
        kind: 'FlinkDeployment',
        metadata: { ...meta, name: str(meta.name) ?? d.name, namespace: str(meta.namespace) ?? d.namespace },
        spec: template.spec,
      };
      add(innerDoc(d, ['spec', 'template'], object, { kind: d.kind, path: ['spec', 'template'], synthetic: true }));
    }
  }
  return out;
}

/** The set with wrapped objects added after their wrappers; the same set when nothing is wrapped or already expanded. */
export function expandWrapped(set: ManifestSet): ManifestSet {
  if (set.docs.some((d) => wrapperOf(d))) return set;
  let any = false;
  const docs: ManifestDoc[] = [];
  for (const d of set.docs) {
    docs.push(d);
    if (d.kind !== 'List' && d.kind !== 'Template' && d.kind !== 'FlinkBlueGreenDeployment') continue;
    const inner = unwrap(d);
    if (inner.length) any = true;
    docs.push(...inner);
  }
  return any ? { files: set.files, docs } : set;
}
