// Build-time only (scripts/build.mjs): ajv standalone code for every shipped kind, so a run loads only
// the validators of the kinds it meets. Same ajv options as at run time.
// Kinds that embed a pod spec share one module: their validators for the pod spec (most of each
// kind's code) are emitted once, so a Job and a Deployment in one file load and deserialize them once
// (measured: about half the validator load time of a job cluster's file).
import standaloneCode from 'ajv/dist/standalone';
import { makeAjv } from './ajv';
import { shippedKinds, shippedSchemas } from './shipped';

const POD_SPEC_KINDS = new Set([
  'v1/Pod',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'apps/v1/ReplicaSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
]);

export interface PrecompiledModule {
  /** `apiVersion/kind` -> the module's export validating it (undefined: the module exports one validator). */
  kinds: Record<string, string | undefined>;
  /** CommonJS source; requires ajv runtime helpers, so the build bundles it. */
  code: string;
}

export function precompileShipped(): { providerId: string; modules: PrecompiledModule[] } {
  const provider = shippedSchemas();
  const ajv = makeAjv({ code: { source: true } });
  for (const b of provider.bundles?.() ?? []) ajv.addSchema(b);
  const modules: PrecompiledModule[] = [];
  const shared: Record<string, string> = {};
  const sharedKinds: Record<string, string> = {};
  for (const key of shippedKinds()) {
    const slash = key.lastIndexOf('/');
    const schema = provider.schemaFor(key.slice(0, slash), key.slice(slash + 1));
    if (!schema) continue;
    if (POD_SPEC_KINDS.has(key)) {
      const name = `k${Object.keys(shared).length}`;
      ajv.addSchema(schema, `precompiled:${name}`);
      shared[name] = `precompiled:${name}`;
      sharedKinds[key] = name;
    } else {
      modules.push({ kinds: { [key]: undefined }, code: standaloneCode(ajv, ajv.compile(schema)) });
    }
  }
  if (Object.keys(shared).length) modules.push({ kinds: sharedKinds, code: standaloneCode(ajv, shared) });
  return { providerId: provider.id, modules };
}
