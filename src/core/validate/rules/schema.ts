// Kubernetes schema of each object (shipped schemas offline, the cluster's when connected).
import { validatorFor, type ErrorObject, type SchemaBundleProvider } from '../../schema/ajv';
import { offsetsAt, type ManifestDoc, type PathSeg } from '../../model/parse';
import { wrapperOf } from '../../model/wrapped';
import { edit, fix, type RuleContext } from '../context';
import { closest } from './strings';

const MAX_PER_DOC = 25;

/** Nodes one document may have for the schema check: the parser bounds aliases, this bounds every walk below. */
export const SCHEMA_NODE_BUDGET = 500_000;

/** Counts nodes up to the budget and notes explicit nulls; undefined when over budget. Iterative: depth is unbounded. */
function scan(root: unknown): { nulls: boolean } | undefined {
  let nulls = false;
  let left = SCHEMA_NODE_BUDGET;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (--left < 0) return undefined;
    if (v === null) nulls = true;
    else if (typeof v === 'object') for (const x of Array.isArray(v) ? v : Object.values(v as object)) stack.push(x);
  }
  return { nulls };
}

/** The API server treats explicit null as "unset" on optional fields. Only called on scanned (bounded) documents. */
function dropNulls(v: unknown, depth = 0): unknown {
  if (depth > 200 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => dropNulls(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x, depth + 1);
  return out;
}

function decodePointer(p: string): PathSeg[] {
  return p === ''
    ? []
    : p
        .split('/')
        .slice(1)
        .map((s) => {
          const d = s.replace(/~1/g, '/').replace(/~0/g, '~');
          return /^\d+$/.test(d) ? Number(d) : d;
        });
}

export function checkSchemas(ctx: RuleContext): void {
  const provider = ctx.opts.schemas as SchemaBundleProvider | null | undefined;
  if (!provider) return;
  for (const d of ctx.set.docs) {
    if (!d.object || !d.apiVersion || !d.kind || wrapperOf(d)?.synthetic) continue;
    const fn = validatorFor(provider, d.apiVersion, d.kind);
    if (!fn) continue;
    const shape = scan(d.object);
    if (!shape) {
      ctx.report.at(
        d,
        [],
        'key',
        'info',
        'schema-skipped-size',
        `This ${d.kind} has more than ${SCHEMA_NODE_BUDGET.toLocaleString('en-US')} values, so it was not checked against its schema. Split it, or check it with \`kubectl apply --dry-run=server\`.`,
      );
      continue;
    }
    if (fn(shape.nulls ? dropNulls(d.object) : d.object)) continue;
    report(ctx, d, fn.errors ?? []);
  }
}

function report(ctx: RuleContext, d: ManifestDoc, errors: ErrorObject[]): void {
  // anyOf/oneOf failures explain themselves; drop the branch errors below them.
  const unions = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const seen = new Set<string>();
  let n = 0;
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && unions.has(e.instancePath)) continue;
    if (e.keyword === 'if' || e.keyword === 'x-kubernetes-int-or-string') continue;
    const path = decodePointer(e.instancePath);
    const where = e.instancePath || '/';
    let msg: string;
    let p = path;
    let part: 'key' | 'value' = 'value';
    let fixes;
    if (e.keyword === 'additionalProperties') {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      p = [...path, prop];
      part = 'key';
      const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
      const guess = closest(prop, known);
      msg = `Unknown field "${prop}" in ${where}: the API server rejects it (kubectl's strict field validation) or drops it silently.${guess ? ` Did you mean "${guess}"?` : ''}`;
      if (guess) fixes = [fix(`Change to ${guess}`, edit(d, offsetsAt(d, p, 'key'), guess))];
    } else if (e.keyword === 'required') {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      part = 'key';
      msg = `Missing required field "${prop}" in ${where}: the API server rejects the ${d.kind}.`;
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      msg = `${where} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}: the API server rejects other values.`;
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      msg =
        typeof e.data === 'string'
          ? `${where} is not a valid quantity (such as 2Gi, 500m or 1.5): the API server rejects the ${d.kind}.`
          : `${where} has the wrong type: it must be an integer or a string (a port number or name, a quantity such as 2Gi): the API server rejects the ${d.kind}.`;
    } else if (e.keyword === 'type') {
      msg = `${where} must be ${(e.params as { type: string }).type}: the API server rejects the ${d.kind} ("cannot unmarshal").`;
    } else {
      msg = `${where} ${e.message ?? 'is invalid'}: the API server rejects the ${d.kind}.`;
    }
    const id = `${p.join('/')}|${e.keyword}|${msg}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.report.at(d, p, part, 'error', 'k8s-schema', msg, fixes);
    if (++n >= MAX_PER_DOC) break;
  }
}
