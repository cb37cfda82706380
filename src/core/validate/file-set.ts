// File-set semantics (issue 11): an object defined twice is a finding, never a silent merge, and a
// reference resolves in the same file first, then the same folder, then anywhere else in the set
// (within one namespace; lookups treat an unset namespace as matching). So two alternative manifests
// in one folder, each with its own `ConfigMap flink-config`, bind their Deployments to their own copy.
import type { ManifestDoc, ManifestSet } from '../model/parse';
import type { Finding } from './types';

/** group|kind|namespace|name; undefined for documents that name no object. */
export function identity(d: ManifestDoc): string | undefined {
  if (!d.kind || !d.name || !d.apiVersion || d.configFile) return undefined;
  const slash = d.apiVersion.lastIndexOf('/');
  return `${slash < 0 ? '' : d.apiVersion.slice(0, slash)}|${d.kind}|${d.namespace ?? ''}|${d.name}`;
}

/** kind|name, namespaces aside: what a lookup may confuse across files (an unset namespace matches any). */
function nameKey(d: ManifestDoc): string | undefined {
  return d.kind && d.name && !d.configFile ? `${d.kind}|${d.name}` : undefined;
}

/** The folder part of a path ('' for standard input), with either separator. */
export function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** How far `file` is from `from`: 0 the same file, 1 the same folder, 2 elsewhere. */
function distance(from: string, file: string): number {
  if (from === file) return 0;
  return folderOf(from) === folderOf(file) ? 1 : 2;
}

/** Documents in the order `kubectl apply -f` applies them: files by path, then document order. */
function applyOrder(set: ManifestSet): ManifestDoc[] {
  const files = [...set.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files.flatMap((f) => f.docs);
}

/**
 * The set as seen from `from`: the nearest definition of each object (ties: the last one applied,
 * as kubectl leaves it), and documents ordered nearest first so that lookups find the nearest match.
 */
function viewFrom(ordered: ManifestDoc[], from: string | undefined): ManifestDoc[] {
  const far = (d: ManifestDoc) => (from === undefined ? 0 : distance(from, d.file));
  const keep = new Map<string, ManifestDoc>();
  for (const d of ordered) {
    const id = identity(d);
    if (!id) continue;
    const cur = keep.get(id);
    if (!cur || far(d) <= far(cur)) keep.set(id, d);
  }
  const kept = ordered.filter((d) => {
    const id = identity(d);
    return !id || keep.get(id) === d;
  });
  return kept
    .map((d, i) => ({ d, i, k: far(d) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.d);
}

export interface FileSetPlan {
  duplicates: Finding[];
  /** Sets to validate, each with the files whose findings it owns (every file is owned by one). */
  views: { set: ManifestSet; owns: (file: string) => boolean }[];
}

/** undefined when no name is defined twice: the set is validated as it is. */
export function planFileSet(set: ManifestSet): FileSetPlan | undefined {
  const ordered = applyOrder(set);
  const byId = new Map<string, ManifestDoc[]>();
  const filesByName = new Map<string, Set<string>>();
  for (const d of ordered) {
    const id = identity(d);
    if (id) byId.set(id, [...(byId.get(id) ?? []), d]);
    const key = nameKey(d);
    if (key) filesByName.set(key, (filesByName.get(key) ?? new Set()).add(d.file));
  }
  const dups = [...byId.values()].filter((ds) => ds.length > 1);
  const colliding = new Set([...filesByName].filter(([, files]) => files.size > 1).map(([key]) => key));
  if (!dups.length && !colliding.size) return undefined;
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
  if (!colliding.size)
    return { duplicates, views: [{ set: { files: set.files, docs: viewFrom(ordered, undefined) }, owns: () => true }] };
  // Files that see the colliding names in the same order share one view (usually: one per folder,
  // plus one per file defining such a name), so a folder of 1,000 files is not validated 1,000 times.
  const contested = ordered.map((d, i) => ({ d, i })).filter((x) => colliding.has(nameKey(x.d) ?? ''));
  const groups = new Map<string, { from: string; files: Set<string> }>();
  for (const f of set.files) {
    const sig = contested
      .map((x) => ({ i: x.i, k: distance(f.path, x.d.file) }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => `${x.i}:${x.k}`)
      .join(',');
    const g = groups.get(sig);
    if (g) g.files.add(f.path);
    else groups.set(sig, { from: f.path, files: new Set([f.path]) });
  }
  const views: FileSetPlan['views'] = [...groups.values()].map((g) => ({
    set: { files: set.files, docs: viewFrom(ordered, g.from) },
    owns: (file: string) => g.files.has(file),
  }));
  return { duplicates, views };
}
