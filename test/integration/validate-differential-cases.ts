// Cases for the differential test of the validator against the API server: the objects of the corpus
// (read in place), of every scaffold combination, and fast-check mutations of them (fields dropped or
// renamed, values of the wrong type, inside embedded pod templates too). Pure: no server here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseManifests } from '../../src/core';
import { scaffold } from '../../src/core/scaffold';
import { coveringCombinations } from '../../src/core/scaffold/combinations';

export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export interface Case {
  /** Where it comes from, for messages: `corpus:<file>#<n>`, `scaffold:<path>`, `mutation:<seed> <op> <path>`. */
  origin: string;
  object: Obj;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function objectsOf(path: string, text: string): { n: number; object: Obj }[] {
  const set = parseManifests([{ path, text }]);
  return set.docs.flatMap((d, n) =>
    d.object && !d.configFile && typeof d.object === 'object' && !Array.isArray(d.object)
      ? [{ n, object: d.object as Obj }]
      : [],
  );
}

/** Objects the server can be asked about: apiVersion and kind present (kubectl refuses others client-side), not a List. */
function askable(o: Obj): boolean {
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.kind !== 'List';
}

export function corpusCases(): Case[] {
  return yamlFiles(CORPUS).flatMap((path) =>
    objectsOf(path, readFileSync(path, 'utf8'))
      .filter((x) => askable(x.object))
      .map((x) => ({ origin: `corpus:${path.slice(CORPUS.length + 1)}#${x.n}`, object: x.object })),
  );
}

/** Every object of every scaffold combination, identical objects once. */
export function scaffoldCases(): Case[] {
  const seen = new Set<string>();
  const out: Case[] = [];
  for (const o of coveringCombinations('demo')) {
    for (const f of scaffold(o).filter((x) => x.path.endsWith('.yaml'))) {
      for (const x of objectsOf(f.path, f.text)) {
        const key = JSON.stringify(x.object);
        if (!askable(x.object) || seen.has(key)) continue;
        seen.add(key);
        out.push({ origin: `scaffold:${o.kind}/${o.flinkVersion}/${f.path}#${x.n}`, object: x.object });
      }
    }
  }
  return out;
}

type Seg = string | number;

/** Paths a mutation may touch: everything but what routes the request (apiVersion, kind, name, namespace). */
function paths(v: Json, at: Seg[] = [], out: Seg[][] = []): Seg[][] {
  if (at.length) out.push(at);
  if (at.length > 14 || v === null || typeof v !== 'object') return out;
  const entries: [Seg, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const p = [...at, k];
    const s = p.join('.');
    if (s === 'apiVersion' || s === 'kind' || s === 'metadata' || s === 'metadata.name' || s === 'metadata.namespace')
      continue;
    paths(x, p, out);
  }
  return out;
}

const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o)) as Obj;

function parentOf(root: Obj, p: Seg[]): { parent: Json; key: Seg } {
  let cur: Json = root;
  for (const s of p.slice(0, -1)) cur = (cur as Record<string, Json>)[s as string] as Json;
  return { parent: cur, key: p[p.length - 1] as Seg };
}

/** A value of another JSON type than `v` (which one: `pick`). */
function wrongType(v: Json, pick: number): Json {
  const options: Json[] =
    typeof v === 'string'
      ? [12345, true, { a: 'b' }, ['x']]
      : typeof v === 'number'
        ? ['not-a-number', false, { n: 1 }]
        : typeof v === 'boolean'
          ? ['yes', 1, ['true']]
          : Array.isArray(v)
            ? [{ item: 'x' }, 'list', 7]
            : [['object'], 'text', 3];
  return options[pick % options.length] as Json;
}

/** Misspellings people make: a letter dropped, doubled, a trailing s, a capital. */
function typo(k: string, pick: number): string {
  const forms = [k.slice(0, -1) || `${k}x`, `${k}s`, k.charAt(0).toUpperCase() + k.slice(1), `${k}${k.slice(-1)}`];
  const f = forms[pick % forms.length] as string;
  return f === k ? `${k}_` : f;
}

export type Op = 'drop' | 'rename' | 'type';

/** Applies one mutation; undefined when the picked path does not allow it (e.g. renaming an array index). */
export function mutate(
  o: Obj,
  op: Op,
  pathPick: number,
  valuePick: number,
): { object: Obj; where: string } | undefined {
  const all = paths(o);
  if (!all.length) return undefined;
  const p = all[pathPick % all.length] as Seg[];
  const out = clone(o);
  const { parent, key } = parentOf(out, p);
  if (parent === null || typeof parent !== 'object') return undefined;
  const where = p.join('.');
  if (Array.isArray(parent)) {
    if (op === 'rename') return undefined;
    if (op === 'drop') parent.splice(key as number, 1);
    else parent[key as number] = wrongType(parent[key as number] as Json, valuePick);
    return { object: out, where };
  }
  const k = key as string;
  const v = parent[k] as Json;
  if (op === 'drop') delete parent[k];
  else if (op === 'type') parent[k] = wrongType(v, valuePick);
  else {
    const t = typo(k, valuePick);
    if (t in parent) return undefined;
    delete parent[k];
    parent[t] = v;
  }
  return { object: out, where };
}

/** `runs` mutated cases drawn by fast-check from `seeds` with a fixed seed (reproducible; override with DIFF_SEED). */
export function mutationCases(seeds: Case[], runs: number, seed: number): Case[] {
  const arb = fc.record({
    base: fc.nat({ max: seeds.length - 1 }),
    op: fc.constantFrom<Op>('drop', 'rename', 'type', 'type'),
    path: fc.nat(),
    value: fc.nat(),
    // A second mutation on a fraction of the cases: errors next to each other.
    twice: fc.option(
      fc.record({ op: fc.constantFrom<Op>('drop', 'rename', 'type'), path: fc.nat(), value: fc.nat() }),
      {
        freq: 4,
      },
    ),
  });
  const out: Case[] = [];
  for (const r of fc.sample(arb, { numRuns: runs, seed })) {
    const base = seeds[r.base] as Case;
    const m = mutate(base.object, r.op, r.path, r.value);
    if (!m) continue;
    let object = m.object;
    let origin = `mutation of ${base.origin}: ${r.op} ${m.where}`;
    if (r.twice) {
      const m2 = mutate(object, r.twice.op, r.twice.path, r.twice.value);
      if (m2) {
        object = m2.object;
        origin += `, ${r.twice.op} ${m2.where}`;
      }
    }
    out.push({ origin, object });
  }
  return out;
}
