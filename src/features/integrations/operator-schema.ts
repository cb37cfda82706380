// The Flink operator schemas we hand to Red Hat YAML: which documents they answer for, and one
// self-contained JSON schema per answer, built from the same generated bundles our validator uses
// (schemas/flink-operator.json and the ObjectMeta it borrows from schemas/kubernetes.json), so
// both report the same schema findings. Pure: no vscode import, unit-tested with plain Node.
import type { Bundle } from '../../core/schema/convert';

/** The contributor's name, which Red Hat YAML also uses as the URI scheme of our schemas. */
export const SCHEME = 'flink-operator';
const OPERATOR_GROUP = 'flink.apache.org/';
const KUBE_REF = 'flink-vscode:kubernetes#/definitions/';

export interface DocKind {
  apiVersion?: string;
  kind?: string;
}

/**
 * apiVersion and kind of each non-empty YAML document, read from top-level lines only (the request
 * is synchronous and made for every schema lookup: no full parse).
 */
export function documentKinds(text: string): DocKind[] {
  const out: DocKind[] = [];
  for (const doc of text.split(/^---[ \t]*(?:#.*)?$/m)) {
    if (!/^[^\s#]/m.test(doc)) continue;
    const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?$/m.exec(doc)?.[1];
    const apiVersion = /^apiVersion:[ \t]*["']?([A-Za-z0-9./-]+)["']?[ \t]*(?:#.*)?$/m.exec(doc)?.[1];
    out.push({ apiVersion, kind });
  }
  return out;
}

/**
 * The schema URI for a file, or undefined when any of its documents is not a Flink operator kind
 * we have a schema for: Red Hat YAML applies one schema to every document of a file, so a file that
 * mixes a Deployment with a FlinkDeployment is left to its own Kubernetes schema (and to our validator).
 */
export function schemaUriFor(text: string, known: readonly string[]): string | undefined {
  const docs = documentKinds(text);
  if (!docs.length) return undefined;
  const keys = new Set<string>();
  for (const d of docs) {
    if (!d.kind || !d.apiVersion?.startsWith(OPERATOR_GROUP)) return undefined;
    const key = `${d.apiVersion}/${d.kind}`;
    if (!known.includes(key)) return undefined;
    keys.add(key);
  }
  return `${SCHEME}://schemas/${[...keys].sort().join('+')}.json`;
}

/** apiVersion/kind keys named by a URI from schemaUriFor; [] for anything else. */
export function keysOfUri(uri: string): string[] {
  const m = new RegExp(`^${SCHEME}://schemas/(.+)\\.json$`).exec(uri);
  return m?.[1] ? m[1].split('+').filter(Boolean) : [];
}

type S = Record<string, unknown>;

/** Every "#/definitions/x" and kubernetes-bundle ref inside a schema value. */
function refsIn(v: unknown, out: string[]): void {
  if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as S)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refsIn(x, out);
    }
}

function localRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(localRefs);
  if (!v || typeof v !== 'object') return v;
  const o: S = {};
  for (const [k, x] of Object.entries(v as S))
    o[k] = k === '$ref' && typeof x === 'string' ? x.replace(KUBE_REF, '#/definitions/') : localRefs(x);
  return o;
}

/**
 * One draft-07 schema for the given apiVersion/kind keys, with every definition they reach copied
 * in (the kubernetes bundle's too, its refs made local). Several kinds: an if/then per kind.
 * Undefined when a key has no schema.
 */
export function standaloneSchema(operator: Bundle, kubernetes: Bundle, keys: readonly string[]): S | undefined {
  const roots: { key: string; def: string }[] = [];
  for (const key of keys) {
    const def = operator.kinds[key];
    if (!def) return undefined;
    roots.push({ key, def });
  }
  if (!roots.length) return undefined;
  const definitions: S = {};
  // Refs are followed per bundle: inside the kubernetes bundle "#/definitions/x" is its own x.
  const queue: { from: Bundle; name: string }[] = roots.map((r) => ({ from: operator, name: r.def }));
  const seen = new Set<string>();
  for (let next = queue.pop(); next; next = queue.pop()) {
    const { from, name } = next;
    const id = `${from === operator ? 'o' : 'k'}:${name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const def = from.definitions[name];
    if (def === undefined) continue;
    definitions[name] = localRefs(def);
    const found: string[] = [];
    refsIn(def, found);
    for (const r of found) {
      if (r.startsWith(KUBE_REF)) queue.push({ from: kubernetes, name: r.slice(KUBE_REF.length) });
      else if (r.startsWith('#/definitions/')) queue.push({ from, name: r.slice('#/definitions/'.length) });
    }
  }
  const first = roots[0] as { key: string; def: string };
  const body: S =
    roots.length === 1
      ? { allOf: [{ $ref: `#/definitions/${first.def}` }] }
      : {
          allOf: roots.map((r) => ({
            if: { properties: { kind: { const: r.key.split('/').pop() } }, required: ['kind'] },
            then: { $ref: `#/definitions/${r.def}` },
          })),
        };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${SCHEME}://schemas/${[...keys].sort().join('+')}.json`,
    title: roots.map((r) => r.key.split('/').pop()).join(', '),
    description: `Flink Kubernetes Operator ${operator.version ?? ''} (from the Flink on Kubernetes extension)`.trim(),
    ...body,
    definitions,
  };
}
