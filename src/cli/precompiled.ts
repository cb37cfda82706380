// Loads the validators scripts/build.mjs precompiled next to the CLI bundle (dist/validators),
// one file per kind on first use, so flink-lint neither loads nor runs ajv's compiler.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedSchemas } from '../core';
import { registerPrecompiled, type ValidateFunction } from '../core/schema/ajv';

interface Index {
  providerId: string;
  kinds: Record<string, string>;
}

/** Registers the precompiled validators in `dir` if they match the shipped schemas; false when absent or stale. */
export function usePrecompiledValidators(dir: string): boolean {
  const indexPath = join(dir, 'index.json');
  if (!existsSync(indexPath)) return false;
  let index: Index;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8')) as Index;
  } catch {
    return false;
  }
  const provider = shippedSchemas();
  if (index.providerId !== provider.id) return false; // built from other schemas: compile instead
  registerPrecompiled(provider.id, (apiVersion, kind) => {
    const file = index.kinds[`${apiVersion}/${kind}`];
    if (!file) return null; // no shipped schema for this kind
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(join(dir, file)) as ValidateFunction;
    } catch {
      return undefined; // unreadable module: let ajv compile the schema
    }
  });
  return true;
}
