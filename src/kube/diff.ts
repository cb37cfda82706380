// What a deploy will change: the live object against the server's dry-run result (both come from
// the server, so defaults and ordering match, as `kubectl diff` does), minus bookkeeping fields.
import { stringify } from 'yaml';

const DROP_META = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/** A plain copy without status and server bookkeeping; annotations kubectl adds are kept as is. */
export function normalizeForDiff(obj: unknown): Record<string, unknown> | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  const plain = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  delete plain.status;
  const meta = plain.metadata as Record<string, unknown> | undefined;
  if (meta) for (const k of DROP_META) delete meta[k];
  return plain;
}

export function toYaml(obj: unknown): string {
  if (obj === undefined) return '';
  return stringify(obj, { sortMapEntries: true, lineWidth: 0 });
}

/** True when the two objects are the same after normalization. */
export function sameObject(live: unknown, next: unknown): boolean {
  return toYaml(normalizeForDiff(live)) === toYaml(normalizeForDiff(next));
}

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

/** Line diff by longest common subsequence (objects are a few hundred lines at most). */
export function diffLines(a: string, b: string): DiffLine[] {
  const x = a ? a.replace(/\n$/, '').split('\n') : [];
  const y = b ? b.replace(/\n$/, '').split('\n') : [];
  const n = x.length,
    m = y.length;
  // lcs(i, j): length of the longest common subsequence of x[i..] and y[j..]; 0 once either is exhausted.
  const table = new Uint32Array((n + 1) * (m + 1));
  const lcs = (i: number, j: number): number => table[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * (m + 1) + j] = x[i] === y[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
  const out: DiffLine[] = [];
  let i = 0,
    j = 0;
  while (i < n && j < m) {
    const xi = x[i] ?? '',
      yj = y[j] ?? '';
    if (xi === yj) {
      out.push({ op: ' ', text: xi });
      i++;
      j++;
    } else if (lcs(i + 1, j) >= lcs(i, j + 1)) {
      out.push({ op: '-', text: xi });
      i++;
    } else {
      out.push({ op: '+', text: yj });
      j++;
    }
  }
  for (const text of x.slice(i)) out.push({ op: '-', text });
  for (const text of y.slice(j)) out.push({ op: '+', text });
  return out;
}

/** Unified-diff text with `context` lines around changes; '' when nothing changed. */
export function unifiedDiff(a: string, b: string, label = 'object', context = 3): string {
  const lines = diffLines(a, b);
  if (!lines.some((l) => l.op !== ' ')) return '';
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, k) => {
    if (l.op === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(lines.length - 1, k + context); d++) keep[d] = true;
  });
  const out = [`--- live/${label}`, `+++ new/${label}`];
  let gap = false;
  lines.forEach((l, k) => {
    if (!keep[k]) {
      gap = true;
      return;
    }
    if (gap) {
      out.push('@@');
      gap = false;
    }
    out.push(`${l.op}${l.text}`);
  });
  return out.join('\n') + '\n';
}

/** Changed paths (for a one-line summary): top-level dotted paths whose YAML differs. */
export function changedPaths(live: unknown, next: unknown): string[] {
  const a = normalizeForDiff(live) ?? {};
  const b = normalizeForDiff(next) ?? {};
  const out: string[] = [];
  const walk = (p: string, u: unknown, v: unknown, depth: number) => {
    if (JSON.stringify(u) === JSON.stringify(v)) return;
    const isObj = (z: unknown) => z && typeof z === 'object' && !Array.isArray(z);
    if (depth < 3 && isObj(u) && isObj(v)) {
      const keys = new Set([...Object.keys(u as object), ...Object.keys(v as object)]);
      for (const k of [...keys].sort())
        walk(p ? `${p}.${k}` : k, (u as Record<string, unknown>)[k], (v as Record<string, unknown>)[k], depth + 1);
    } else out.push(p || '(root)');
  };
  walk('', a, b, 0);
  return out;
}

/** kubectl's copy of the whole applied object: on a Secret it holds the data in clear. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Secret values never reach the diff editor: each value becomes "***", with "(before)"/"(after)"
 * when it changes, as `kubectl diff` masks them. The same goes for the last-applied annotation.
 */
export function maskSecrets(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): void {
  if (before?.kind !== 'Secret' && after?.kind !== 'Secret') return;
  for (const field of ['data', 'stringData']) {
    const b = (before?.[field] ?? {}) as Record<string, unknown>;
    const a = (after?.[field] ?? {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const changed = b[k] !== a[k];
      if (k in b) b[k] = changed ? '*** (before)' : '***';
      if (k in a) a[k] = changed ? '*** (after)' : '***';
    }
  }
  const annotations = (o: Record<string, unknown> | undefined) =>
    (o?.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const b = annotations(before);
  const a = annotations(after);
  const changed = b?.[LAST_APPLIED] !== a?.[LAST_APPLIED];
  if (b && LAST_APPLIED in b) b[LAST_APPLIED] = changed ? '*** (before)' : '***';
  if (a && LAST_APPLIED in a) a[LAST_APPLIED] = changed ? '*** (after)' : '***';
}
