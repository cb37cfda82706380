// Build-time only (scripts/build.mjs): ajv standalone code for every shipped kind, one module per
// kind so a run loads only the validators of the kinds it meets. Same ajv options as at run time.
import standaloneCode from 'ajv/dist/standalone';
import { makeAjv } from './ajv';
import { shippedKinds, shippedSchemas } from './shipped';

export interface PrecompiledModule {
  /** `apiVersion/kind` */
  key: string;
  /** CommonJS source; requires ajv runtime helpers, so the build bundles it. */
  code: string;
}

export function precompileShipped(): { providerId: string; modules: PrecompiledModule[] } {
  const provider = shippedSchemas();
  const ajv = makeAjv({ code: { source: true } });
  for (const b of provider.bundles?.() ?? []) ajv.addSchema(b);
  const modules: PrecompiledModule[] = [];
  for (const key of shippedKinds()) {
    const slash = key.lastIndexOf('/');
    const schema = provider.schemaFor(key.slice(0, slash), key.slice(slash + 1));
    if (!schema) continue;
    modules.push({ key, code: standaloneCode(ajv, ajv.compile(schema)) });
  }
  return { providerId: provider.id, modules };
}
