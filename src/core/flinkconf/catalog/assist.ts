// Completion and hover content for Flink configuration, from the catalog. Pure: the VS Code adapter in
// features/config turns these into CompletionItems and Hovers.
import { imageVersion, parseVersion, type FlinkVersion } from '../version';
import { catalog, type CatalogOption } from './index';
import { fullKey, spotAt, type ConfigSpot } from './region';

export interface Suggestion {
  label: string;
  /** Text to insert in place of [replaceStart, character) on the line. */
  insert: string;
  replaceStart: number;
  kind: 'group' | 'key' | 'value';
  detail?: string;
  documentation?: string;
  /** Sort before the others (the default value). */
  preselect?: boolean;
  /** Ask for completion again after inserting (a group such as `taskmanager.`). */
  retrigger?: boolean;
}

export interface HoverInfo {
  markdown: string;
  /** Columns of the key on the line. */
  start: number;
  end: number;
}

/** The Flink version a document runs: the operator's flinkVersion, else a flink image tag, else `fallback`. */
export function versionOfText(text: string, fallback?: string): { version?: FlinkVersion; guessed: boolean } {
  const op = /^\s*flinkVersion:\s*["']?(v\d+_\d+)/m.exec(text);
  if (op?.[1]) return { version: parseVersion(op[1]), guessed: false };
  for (const m of text.matchAll(/^\s*(?:-\s+)?image:\s*["']?([^\s"'#]+)/gm)) {
    const v = imageVersion(m[1]);
    if (v) return { version: v, guessed: false };
  }
  return { version: parseVersion(fallback), guessed: true };
}

function typeLabel(o: CatalogOption): string {
  return o.t === 'enum' && o.e ? `enum (${o.e.join(' | ')})` : o.t;
}

function visible(o: CatalogOption, vi: number | undefined): boolean {
  return !o.i && !o.r && (vi === undefined || catalog().has(o, vi));
}

/** Completion at (line, character); empty outside Flink configuration. */
export function complete(
  lines: string[],
  line: number,
  character: number,
  fileName: string,
  version: FlinkVersion | undefined,
): Suggestion[] {
  const spot = spotAt(lines, line, character, fileName);
  if (!spot) return [];
  const cat = catalog();
  const vi = cat.index(version);
  if (spot.part === 'value') return values(spot, vi, character, lines[line] ?? '');
  const typed = spot.keyText;
  const dot = typed.lastIndexOf('.');
  const prefix = [...spot.parents, typed.slice(0, dot + 1)].filter((s) => s !== '').join('.');
  const full = spot.parents.length && prefix && !prefix.endsWith('.') ? prefix + '.' : prefix;
  const replaceStart = spot.keyStart + dot + 1;
  const groups = new Map<string, { rest: string; o: CatalogOption }[]>();
  const out: Suggestion[] = [];
  const leaf = (rest: string, o: CatalogOption): Suggestion => ({
    label: rest,
    insert: `${rest}: `,
    replaceStart,
    kind: 'key',
    detail: `${typeLabel(o)}${o.d !== undefined ? ` = ${cat.defaultAt(o, vi) ?? ''}` : ''}`,
    documentation: o.h,
  });
  const keys = cat.keys();
  // Keys are sorted: start at the first one >= the prefix and stop after the last that has it.
  let lo = 0,
    hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? '') < full) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < keys.length; i++) {
    const k = keys[i] ?? '';
    if (!k.startsWith(full)) break;
    const o = cat.find(k)?.option;
    if (!o || !visible(o, vi)) continue;
    const rest = k.slice(full.length);
    const next = rest.indexOf('.');
    if (next < 0) {
      out.push(leaf(rest, o));
      continue;
    }
    const seg = rest.slice(0, next);
    const g = groups.get(seg) ?? [];
    g.push({ rest, o });
    groups.set(seg, g);
  }
  for (const [seg, g] of groups) {
    // A segment that leads to one option only completes to that option at once.
    if (g.length === 1 && g[0]) out.push(leaf(g[0].rest, g[0].o));
    else
      out.push({
        label: `${seg}.`,
        insert: `${seg}.`,
        replaceStart,
        kind: 'group',
        detail: `${g.length} options`,
        retrigger: true,
      });
  }
  return out;
}

const MEMORY_EXAMPLES = ['512m', '1024m', '1g', '2g', '4g'];
const DURATION_EXAMPLES = ['500 ms', '10 s', '1 min', '5 min', '1 h'];

function values(spot: ConfigSpot, vi: number | undefined, character: number, lineText: string): Suggestion[] {
  const key = fullKey(spot, lineText);
  const cat = catalog();
  const found = cat.find(key);
  if (!found) return [];
  const o = found.option;
  const def = cat.defaultAt(o, vi);
  const pick = (xs: string[]) => [...new Set([...(def !== undefined && def !== '' ? [def] : []), ...xs])];
  let list: string[];
  if (o.t === 'enum' && o.e) list = pick(o.e);
  else if (o.t === 'bool') list = pick(['true', 'false']);
  else if (o.t === 'memory') list = pick(MEMORY_EXAMPLES);
  else if (o.t === 'duration') list = pick(DURATION_EXAMPLES);
  else list = def !== undefined && def !== '' ? [def] : [];
  const typed = spot.valueText.toLowerCase();
  return list
    .filter((x) => x.toLowerCase().startsWith(typed))
    .map((x) => ({
      label: x,
      insert: x,
      replaceStart: Math.min(spot.valueStart, character),
      kind: 'value' as const,
      detail: x === def ? 'default' : o.t,
      preselect: x === def,
    }));
}

/** Hover over a key at (line, character). */
export function hover(
  lines: string[],
  line: number,
  character: number,
  fileName: string,
  version: FlinkVersion | undefined,
  guessed = false,
): HoverInfo | undefined {
  const text = lines[line] ?? '';
  const spot = spotAt(lines, line, character, fileName);
  if (!spot) return undefined;
  const lead = text.length - text.trimStart().length;
  const m = /^("[^"]*"|'[^']*'|[^:#]*?):(\s|$)/.exec(text.slice(lead));
  if (!m?.[1] || character > lead + m[1].length) return undefined;
  const key = fullKey(spot, text);
  const cat = catalog();
  const found = cat.find(key);
  if (!found) return undefined;
  const o = found.option;
  const vi = cat.index(version);
  const r = cat.range(o);
  const parts = [`**${found.key}**${o.o ? ' (Flink Kubernetes Operator)' : ''}`, ''];
  if (o.h) parts.push(o.h, '');
  parts.push(`Type: \`${typeLabel(o)}\``);
  const def = cat.defaultAt(o, vi);
  if (def !== undefined) parts.push(`Default: \`${def === '' ? '(empty)' : def}\``);
  if (r.since)
    parts.push(
      `Flink: ${r.addedIn ? `${r.addedIn}+` : `${r.since} (and earlier)`}${r.removedIn ? `, removed in ${r.removedIn}` : ''}`,
    );
  if (o.r) parts.push(`Deprecated${o.ds ? ` (since ${o.ds} or earlier)` : ''}: use \`${o.r}\``);
  if (vi !== undefined && !cat.has(o, vi)) parts.push(`Not read by Flink ${cat.versions[vi] ?? ''}.`);
  if (version && guessed)
    parts.push(
      `_Assumed Flink ${version.major}.${version.minor} (no image tag or flinkVersion here; set flink.validation.flinkVersion)._`,
    );
  parts.push('', `[Documentation](${cat.docsUrl(found.key, o, vi)})`);
  return { markdown: parts.join('  \n'), start: lead, end: lead + m[1].length };
}
