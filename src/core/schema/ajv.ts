// JSON-schema validation with ajv: one instance per schema provider, validators compiled lazily
// (first use of a kind) and kept in bounded LRU caches, so switching clusters does not grow memory
// forever. Precompiled validators (ajv standalone code generated at build time, see
// precompile.ts) are used when registered for a provider, and then ajv itself is never loaded.
import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { SchemaProvider } from '../validate/types';

/** Providers whose compiled validators are kept (the shipped one, the current cluster's, a previous one). */
export const MAX_PROVIDERS = 4;
/** Compiled validators kept per provider; a cluster serves hundreds of kinds, a workspace uses few. */
export const MAX_VALIDATORS_PER_PROVIDER = 64;

interface Entry {
  fn: ValidateFunction | null;
  /** The schema object compiled, to drop it from ajv's own cache on eviction. */
  schema?: object;
}
interface Compiled {
  ajv?: Ajv;
  validators: Map<string, Entry>;
  bundlesAdded: boolean;
}
const byProvider = new Map<string, Compiled>();

/** (apiVersion, kind) -> validator; undefined when the loader has nothing for that kind (then ajv compiles). */
export type PrecompiledLoader = (apiVersion: string, kind: string) => ValidateFunction | null | undefined;
const precompiled = new Map<string, PrecompiledLoader>();

/** Uses build-time validators for the provider with this id (the CLI does this for the shipped schemas). */
export function registerPrecompiled(providerId: string, loader: PrecompiledLoader): void {
  precompiled.set(providerId, loader);
}

export function makeAjv(extra: Options = {}): Ajv {
  // Loaded on first compile only: a run served by precompiled validators never pays for ajv's compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  // Cluster-served schemas carry x-kubernetes-* keywords and OpenAPI formats: accept them (strict off),
  // formats are not what breaks Flink deployments.
  // inlineRefs off: shared definitions (PodSpec) compile once as functions, which halves compile time.
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    validateFormats: false,
    verbose: true,
    inlineRefs: false,
    ...extra,
  });
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

function touch<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

function compiledFor(providerId: string): Compiled {
  let c = byProvider.get(providerId);
  if (c) touch(byProvider, providerId, c);
  else {
    c = { validators: new Map(), bundlesAdded: false };
    byProvider.set(providerId, c);
    // Dropping the whole ajv instance frees everything it compiled for that provider.
    for (const old of byProvider.keys()) {
      if (byProvider.size <= MAX_PROVIDERS) break;
      byProvider.delete(old);
    }
  }
  return c;
}

function compile(c: Compiled, provider: SchemaBundleProvider, apiVersion: string, kind: string): Entry {
  try {
    c.ajv ??= makeAjv();
    if (!c.bundlesAdded) {
      for (const b of provider.bundles?.() ?? []) c.ajv.addSchema(b);
      c.bundlesAdded = true;
    }
    const schema = provider.schemaFor(apiVersion, kind);
    return schema ? { fn: c.ajv.compile(schema), schema } : { fn: null };
  } catch {
    return { fn: null }; // a schema ajv cannot compile is treated as unknown
  }
}

/** The validator for apiVersion/kind, or null when the provider has no schema for it. */
export function validatorFor(
  provider: SchemaBundleProvider,
  apiVersion: string,
  kind: string,
): ValidateFunction | null {
  const c = compiledFor(provider.id);
  const key = `${apiVersion}/${kind}`;
  const cached = c.validators.get(key);
  if (cached) {
    touch(c.validators, key, cached);
    return cached.fn;
  }
  const pre = precompiled.get(provider.id)?.(apiVersion, kind);
  const entry = pre !== undefined ? { fn: pre } : compile(c, provider, apiVersion, kind);
  c.validators.set(key, entry);
  for (const [oldKey, old] of c.validators) {
    if (c.validators.size <= MAX_VALIDATORS_PER_PROVIDER) break;
    c.validators.delete(oldKey);
    if (old.schema) c.ajv?.removeSchema(old.schema);
  }
  return entry.fn;
}

/** Cache sizes, for tests and diagnostics. */
export function schemaCacheStats(): { providers: string[]; validators: Record<string, number>; ajvLoaded: boolean } {
  const validators: Record<string, number> = {};
  for (const [id, c] of byProvider) validators[id] = c.validators.size;
  return { providers: [...byProvider.keys()], validators, ajvLoaded: [...byProvider.values()].some((c) => !!c.ajv) };
}

export type { ErrorObject, ValidateFunction };
