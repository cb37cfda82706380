// JSON-schema validation with ajv: one instance per schema provider, validators compiled lazily
// (first use of a kind) and cached.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { SchemaProvider } from '../validate/types';

interface Compiled {
  ajv: Ajv;
  validators: Map<string, ValidateFunction | null>;
  bundlesAdded: boolean;
}
const byProvider = new Map<string, Compiled>();

function makeAjv(): Ajv {
  // Cluster-served schemas carry x-kubernetes-* keywords and OpenAPI formats: accept them (strict off),
  // formats are not what breaks Flink deployments.
  // inlineRefs off: shared definitions (PodSpec) compile once as functions, which halves compile time.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true, inlineRefs: false });
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    macro: (on: boolean) => (on ? { anyOf: [{ type: 'integer' }, { type: 'string' }] } : true),
  });
  return ajv;
}

export interface SchemaBundleProvider extends SchemaProvider {
  /** Schemas with an `$id` that kind schemas reference; added to ajv once. */
  bundles?(): object[];
}

/** The validator for apiVersion/kind, or null when the provider has no schema for it. */
export function validatorFor(
  provider: SchemaBundleProvider,
  apiVersion: string,
  kind: string,
): ValidateFunction | null {
  let c = byProvider.get(provider.id);
  if (!c) {
    c = { ajv: makeAjv(), validators: new Map(), bundlesAdded: false };
    byProvider.set(provider.id, c);
  }
  const key = `${apiVersion}/${kind}`;
  const cached = c.validators.get(key);
  if (cached !== undefined) return cached;
  let fn: ValidateFunction | null = null;
  try {
    if (!c.bundlesAdded) {
      for (const b of provider.bundles?.() ?? []) c.ajv.addSchema(b);
      c.bundlesAdded = true;
    }
    const schema = provider.schemaFor(apiVersion, kind);
    fn = schema ? c.ajv.compile(schema) : null;
  } catch {
    fn = null; // a schema ajv cannot compile is treated as unknown
  }
  c.validators.set(key, fn);
  return fn;
}

export type { ErrorObject };
