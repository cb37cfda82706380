// Loads the validators scripts/build.mjs precompiled next to the CLI bundle (dist/validators),
// one module per kind (kinds with a pod spec share one) on first use, so flink-lint neither loads nor runs ajv's compiler.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedSchemas } from '../core';
import type { SchemaBundleProvider } from '../core/schema/ajv';
import { registerPrecompiled, type ValidateFunction } from '../core/schema/ajv';
import type { Loader } from './code-cache';

interface Index {
  providerId: string;
  kinds: Record<string, string>;
}

// The shipped schemas' id, set by scripts/build.mjs in the bundle so that a run need not parse the
// schemas (a tenth of a one-file run) only to learn it. Undefined when running from sources.
declare const FLINK_SHIPPED_SCHEMAS_ID: string | undefined;
const shippedId = (): string =>
  typeof FLINK_SHIPPED_SCHEMAS_ID === 'string' ? FLINK_SHIPPED_SCHEMAS_ID : shippedSchemas().id;

/**
 * Registers the precompiled validators in `dir` if they match the shipped schemas, and returns the
 * schema provider to validate with (it parses the shipped schemas only if ajv must compile after all);
 * undefined when they are absent or stale.
 */
export function usePrecompiledValidators(dir: string, load: Loader = require): SchemaBundleProvider | undefined {
  const indexPath = join(dir, 'index.json');
  if (!existsSync(indexPath)) return undefined;
  let index: Index;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8')) as Index;
  } catch {
    return undefined;
  }
  const id = shippedId();
  if (index.providerId !== id) return undefined; // built from other schemas: compile instead
  type Module = ValidateFunction & Record<string, ValidateFunction | undefined>;
  const loaded = new Map<string, Module>();
  registerPrecompiled(id, (apiVersion, kind) => {
    const entry = index.kinds[`${apiVersion}/${kind}`];
    if (!entry) return null; // no shipped schema for this kind
    // `file` exports the validator itself; `file#name` is one of the validators a module shares.
    const [file = '', name] = entry.split('#');
    try {
      // Loaded once per run like `require` would: several kinds share a module.
      let mod = loaded.get(file);
      if (!mod) loaded.set(file, (mod = load(join(dir, file)) as Module));
      const fn = name ? mod[name] : mod;
      return typeof fn === 'function' ? fn : undefined;
    } catch {
      return undefined; // unreadable module: let ajv compile the schema
    }
  });
  return {
    id,
    schemaFor: (apiVersion, kind) => shippedSchemas().schemaFor(apiVersion, kind),
    bundles: () => shippedSchemas().bundles?.() ?? [],
  };
}
