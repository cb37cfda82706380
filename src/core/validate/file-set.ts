// File-set semantics (issue 11): an object defined twice is a finding, never a silent merge. Each
// file that defines a duplicated object is validated against its own copy (same file first, then the
// other files), so two alternative manifests in one folder no longer corrupt each other.
import type { ManifestDoc, ManifestSet } from '../model/parse';
import type { Finding } from './types';

/** group|kind|namespace|name; undefined for documents that name no object. */
export function identity(d: ManifestDoc): string | undefined {
  if (!d.kind || !d.name || !d.apiVersion || d.configFile) return undefined;
  const slash = d.apiVersion.lastIndexOf('/');
  return `${slash < 0 ? '' : d.apiVersion.slice(0, slash)}|${d.kind}|${d.namespace ?? ''}|${d.name}`;
}

/** Documents in the order `kubectl apply -f` applies them: files by path, then document order. */
function applyOrder(set: ManifestSet): ManifestDoc[] {
  const files = [...set.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files.flatMap((f) => f.docs);
}

/** Keeps the last definition of each object among `docs` (what kubectl leaves in the cluster). */
function lastWins(docs: ManifestDoc[]): ManifestDoc[] {
  const last = new Map<string, ManifestDoc>();
  for (const d of docs) {
    const id = identity(d);
    if (id) last.set(id, d);
  }
  return docs.filter((d) => {
    const id = identity(d);
    return !id || last.get(id) === d;
  });
}

export interface FileSetPlan {
  duplicates: Finding[];
  /** Sets to validate, each with the files whose findings it owns. */
  views: { set: ManifestSet; owns: (file: string) => boolean }[];
}

export function planFileSet(set: ManifestSet): FileSetPlan | undefined {
  const ordered = applyOrder(set);
  const byId = new Map<string, ManifestDoc[]>();
  for (const d of ordered) {
    const id = identity(d);
    if (id) byId.set(id, [...(byId.get(id) ?? []), d]);
  }
  const dups = [...byId.values()].filter((ds) => ds.length > 1);
  if (!dups.length) return undefined;
  const duplicates: Finding[] = [];
  for (const ds of dups) {
    const kept = ds[ds.length - 1] as ManifestDoc;
    for (const d of ds.slice(0, -1))
      duplicates.push({
        file: d.file,
        range: d.range,
        severity: 'warning',
        code: 'duplicate-object',
        message: `${d.kind} ${d.name}${d.namespace ? ` in namespace ${d.namespace}` : ''} is defined again in ${kept.file} (line ${kept.range.start.line + 1}): \`kubectl apply -f\` applies both in order, so only the last one stays. Keep one definition, or validate alternative manifests separately.`,
      });
  }
  const owners = new Set(dups.flatMap((ds) => ds.map((d) => d.file)));
  const views: FileSetPlan['views'] = [];
  for (const file of owners) {
    const own = ordered.filter((d) => d.file === file);
    const ownIds = new Set(own.map(identity).filter(Boolean));
    const others = ordered.filter((d) => d.file !== file && !ownIds.has(identity(d) ?? '\u0000'));
    views.push({ set: { files: set.files, docs: [...lastWins(own), ...lastWins(others)] }, owns: (f) => f === file });
  }
  views.push({ set: { files: set.files, docs: lastWins(ordered) }, owns: (f) => !owners.has(f) });
  return { duplicates, views };
}
