// Two schema providers as one: the cluster's schemas first, the shipped ones for the kinds the
// cluster does not serve (e.g. offline-only CRD versions). Pure: no I/O.
import type { SchemaProvider } from '../validate/types';
import type { SchemaBundleProvider } from './ajv';

/**
 * A provider that answers from `primary` and, for kinds `primary` does not know, from `fallback`.
 * Its id changes with either's id (compiled validators are cached per id); bundles of both are
 * registered, a bundle `$id` present in both only once (the primary's), since ajv rejects duplicates.
 */
export function combineSchemaProviders(primary: SchemaProvider, fallback: SchemaProvider): SchemaBundleProvider {
  const bundlesOf = (p: SchemaProvider): object[] => (p as SchemaBundleProvider).bundles?.() ?? [];
  return {
    id: `${primary.id}|${fallback.id}`,
    bundles() {
      const seen = new Set<string>();
      const out: object[] = [];
      for (const b of [...bundlesOf(primary), ...bundlesOf(fallback)]) {
        const id = (b as { $id?: unknown }).$id;
        if (typeof id === 'string') {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        out.push(b);
      }
      return out;
    },
    schemaFor(apiVersion: string, kind: string) {
      return primary.schemaFor(apiVersion, kind) ?? fallback.schemaFor(apiVersion, kind);
    },
  };
}
