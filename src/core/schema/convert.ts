// Kubernetes OpenAPI v3 and CRD openAPIV3Schema -> compact draft-07 JSON schemas for ajv
// (shared/reference/schemas.md §3.3): refs to #/definitions, int-or-string and Quantity as unions,
// unknown fields rejected (additionalProperties: false unless x-kubernetes-preserve-unknown-fields),
// descriptions, defaults, formats and x-kubernetes-* dropped, OpenAPI 3.0 leftovers fixed.
// Used by scripts/gen-schemas.mjs (shipped schemas) and by providers built from a cluster's schemas.
import type { SchemaBundleProvider } from './ajv';

type S = Record<string, unknown>;

export const INT_OR_STRING = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
export const QUANTITY = {
  anyOf: [
    { type: 'string', pattern: '^[+-]?(\\d+|\\d+\\.\\d*|\\.\\d+)([eE][+-]?\\d+|[KMGTPE]i|[mkMGTPE]|)$' },
    { type: 'number' },
  ],
};
const DROP = new Set([
  'description',
  'default',
  'example',
  'format',
  'nullable',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
  'externalDocs',
]);
const SCHEMA_MAPS = new Set(['properties', 'definitions', '$defs', 'patternProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Converts one OpenAPI v3 schema (recursively). `refBase` replaces `#/components/schemas/`. */
export function strictify(s: unknown, refBase = '#/definitions/'): unknown {
  if (Array.isArray(s)) return s.map((x) => strictify(x, refBase));
  if (!s || typeof s !== 'object') return s;
  const src = s as S;
  if (src.format === 'int-or-string' || src['x-kubernetes-int-or-string'] === true) return { ...INT_OR_STRING };
  const o: S = {};
  for (const [k, v] of Object.entries(src)) {
    if (DROP.has(k) || k === 'x-kubernetes-int-or-string') continue;
    if (k === '$ref') o.$ref = String(v).replace('#/components/schemas/', refBase);
    else if (SCHEMA_MAPS.has(k) && v && typeof v === 'object') {
      const m: S = {};
      for (const [name, sub] of Object.entries(v as S)) m[name] = strictify(sub, refBase);
      o[k] = m;
    } else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) o[k] = v.map((x) => strictify(x, refBase));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not')
      o[k] = typeof v === 'object' ? strictify(v, refBase) : v;
    else if (k === 'x-kubernetes-preserve-unknown-fields') continue;
    else o[k] = v;
  }
  if (o.$ref && Object.keys(o).length > 1) {
    const { $ref, ...rest } = o;
    return { ...rest, allOf: [...((rest.allOf as unknown[]) ?? []), { $ref }] };
  }
  if (Array.isArray(o.allOf) && o.allOf.length === 1 && Object.keys(o).length === 1) return o.allOf[0];
  for (const b of ['Minimum', 'Maximum'] as const) {
    const ex = `exclusive${b}`,
      plain = b.toLowerCase();
    if (o[ex] === true) {
      o[ex] = o[plain];
      delete o[plain];
    } else if (o[ex] === false) delete o[ex];
  }
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (o.properties && !preserve && o.additionalProperties === undefined) o.additionalProperties = false;
  return o;
}

function reachable(all: S, root: string, out: Set<string>): void {
  if (out.has(root) || !all[root]) return;
  out.add(root);
  JSON.stringify(all[root], (k, v) => {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
      reachable(all, v.slice('#/components/schemas/'.length), out);
    return v;
  });
}

export interface Bundle {
  $id: string;
  version?: string;
  definitions: Record<string, unknown>;
  kinds: Record<string, string>;
}

/**
 * Required fields the API server fills in itself before validating (SetDefaults_*), so leaving them
 * out is accepted: RoleBinding/ClusterRoleBinding roleRef.apiGroup defaults to rbac.authorization.k8s.io.
 */
const DEFAULTED_REQUIRED: Record<string, string[]> = { 'io.k8s.api.rbac.v1.RoleRef': ['apiGroup'] };

function dropDefaultedRequired(name: string, def: unknown): unknown {
  const drop = Object.prototype.hasOwnProperty.call(DEFAULTED_REQUIRED, name) ? DEFAULTED_REQUIRED[name] : undefined;
  if (!drop || !def || typeof def !== 'object' || !Array.isArray((def as S).required)) return def;
  const required = ((def as S).required as string[]).filter((r) => !drop.includes(r));
  return { ...(def as S), required };
}

/** One bundle from Kubernetes OpenAPI v3 group-version documents, for the listed apiVersion/kind pairs. */
export function bundleFromOpenApi(docs: S[], want: string[], id: string, version?: string): Bundle {
  const definitions: Record<string, unknown> = {};
  const kinds: Record<string, string> = {};
  for (const doc of docs) {
    const all = ((doc.components as S | undefined)?.schemas ?? {}) as S;
    for (const [name, schema] of Object.entries(all)) {
      const gvks = ((schema as S)['x-kubernetes-group-version-kind'] ?? []) as {
        group: string;
        version: string;
        kind: string;
      }[];
      for (const g of gvks) {
        const key = `${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`;
        if (!want.includes(key) || kinds[key]) continue;
        const names = new Set<string>();
        reachable(all, name, names);
        for (const n of names) {
          if (definitions[n]) continue;
          definitions[n] = n.endsWith('util.intstr.IntOrString')
            ? INT_OR_STRING
            : n.endsWith('api.resource.Quantity')
              ? QUANTITY
              : n.endsWith('apiextensions.v1.JSON')
                ? {}
                : dropDefaultedRequired(n, strictify(all[n]));
        }
        // A wrapper, not an edit of the definition: the same definition is embedded elsewhere without
        // apiVersion/kind (StatefulSet volumeClaimTemplates are PersistentVolumeClaims).
        const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
        const def = `${name}@kind`; // no "/" in it: refs are JSON pointers
        definitions[def] = {
          allOf: [{ $ref: `#/definitions/${name}` }],
          properties: { apiVersion: { const: apiVersion }, kind: { const: g.kind } },
          required: ['apiVersion', 'kind'],
        };
        kinds[key] = def;
      }
    }
  }
  return { $id: id, version, definitions, kinds };
}

/** One bundle from CustomResourceDefinition objects (their served versions' openAPIV3Schema). */
export function bundleFromCrds(crds: S[], id: string, version?: string, objectMetaRef?: string): Bundle {
  const definitions: Record<string, unknown> = {};
  const kinds: Record<string, string> = {};
  for (const crd of crds) {
    const spec = crd.spec as S | undefined;
    const group = spec?.group as string | undefined;
    const kind = (spec?.names as S | undefined)?.kind as string | undefined;
    if (!group || !kind) continue;
    for (const v of (spec?.versions ?? []) as S[]) {
      const schema = (v.schema as S | undefined)?.openAPIV3Schema;
      if (!schema || v.served === false) continue;
      const apiVersion = `${group}/${String(v.name)}`;
      const root = strictify(schema) as S;
      root.properties = {
        ...(root.properties as S),
        apiVersion: { const: apiVersion },
        kind: { const: kind },
        metadata: objectMetaRef ? { $ref: objectMetaRef } : { type: 'object' },
      };
      root.required = [...new Set([...((root.required as string[]) ?? []), 'apiVersion', 'kind'])];
      const name = `${group}.${String(v.name)}.${kind}`;
      definitions[name] = root;
      kinds[`${apiVersion}/${kind}`] = name;
    }
  }
  hoistRepeats(definitions);
  return { $id: id, version, definitions, kinds };
}

/** Moves large sub-schemas that occur more than once (the CRDs embed PodTemplateSpec three times) into definitions. */
export function hoistRepeats(definitions: Record<string, unknown>, minSize = 2000): void {
  // Only schema positions: a `properties` map is not a schema and must stay in place.
  const children = (s: S, f: (sub: unknown) => unknown): S => {
    const o: S = { ...s };
    if (s.properties && typeof s.properties === 'object') {
      const p: S = {};
      for (const [k, v] of Object.entries(s.properties as S)) p[k] = f(v);
      o.properties = p;
    }
    for (const k of ['items', 'additionalProperties', 'not']) if (s[k] && typeof s[k] === 'object') o[k] = f(s[k]);
    for (const k of SCHEMA_LISTS) if (Array.isArray(s[k])) o[k] = (s[k] as unknown[]).map(f);
    return o;
  };
  const count = new Map<string, number>();
  const visit = (s: unknown): unknown => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
    const j = JSON.stringify(s);
    if (j.length >= minSize) count.set(j, (count.get(j) ?? 0) + 1);
    return children(s as S, visit);
  };
  for (const d of Object.values(definitions)) if (d && typeof d === 'object') children(d as S, visit);
  const names = new Map<string, string>();
  [...count.entries()]
    .filter(([, n]) => n > 1)
    .map(([j]) => j)
    .sort((a, b) => b.length - a.length)
    .forEach((j, i) => names.set(j, `shared${i}`));
  const replace = (s: unknown): unknown => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
    const n = names.get(JSON.stringify(s));
    return n ? { $ref: `#/definitions/${n}` } : children(s as S, replace);
  };
  for (const [j, n] of names) definitions[n] = children(JSON.parse(j) as S, replace);
  for (const k of Object.keys(definitions))
    if (!names.has(JSON.stringify(definitions[k]))) definitions[k] = children(definitions[k] as S, replace);
}

/**
 * A provider from the OpenAPI v3 documents a cluster serves (GET /openapi/v3, then each group-version's
 * serverRelativeURL): every kind they define, including installed CRDs such as the Flink operator's.
 * For the deploy feature, which fetches the documents; `id` should change when they do (e.g. their hashes).
 */
export function clusterSchemaProvider(docs: S[], id: string): SchemaBundleProvider {
  const want: string[] = [];
  for (const doc of docs) {
    for (const schema of Object.values(((doc.components as S | undefined)?.schemas ?? {}) as S)) {
      for (const g of ((schema as S)['x-kubernetes-group-version-kind'] ?? []) as {
        group: string;
        version: string;
        kind: string;
      }[]) {
        want.push(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`);
      }
    }
  }
  return providerFromBundles(id, [bundleFromOpenApi(docs, want, `cluster:${id}`)]);
}

/** A provider from bundles (shipped ones, or built from the schemas a cluster serves). */
export function providerFromBundles(id: string, bundles: Bundle[]): SchemaBundleProvider {
  return {
    id,
    bundles: () => bundles.map((b) => ({ $id: b.$id, definitions: b.definitions })),
    schemaFor(apiVersion: string, kind: string) {
      for (const b of bundles) {
        const def = b.kinds[`${apiVersion}/${kind}`];
        if (def) return { $ref: `${b.$id}#/definitions/${def}` };
      }
      return undefined;
    },
  };
}
