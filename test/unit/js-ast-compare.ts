// Compares the js-yaml-built AST with `yaml`'s own: every key range, scalar value range and style,
// flow flag and collection start. Shared by the differential unit test and the fuzz.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { jsYamlAst } from '../../src/core/model/js-ast';

export function compareAsts(text: string): { compared: number; diffs: string[] } | undefined {
  const ours = jsYamlAst(text);
  if (!ours) return undefined;
  const theirs = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  const diffs: string[] = [];
  let compared = 0;
  const r = (n: unknown) => (n as Node | null)?.range;
  const walk = (a: unknown, b: unknown, path: string): void => {
    compared++;
    const ra = r(a);
    const rb = r(b);
    if (isScalar(b)) {
      if (!isScalar(a)) return void diffs.push(`${path}: not a scalar`);
      if (b.range && (ra?.[0] !== rb?.[0] || ra?.[1] !== rb?.[1]))
        diffs.push(`${path}: scalar ${JSON.stringify(ra)} vs ${JSON.stringify(rb)}`);
      if (b.range && b.range[0] !== b.range[1] && a.type !== b.type) diffs.push(`${path}: type ${a.type} vs ${b.type}`);
      return;
    }
    if (isMap(b)) {
      if (!isMap(a)) return void diffs.push(`${path}: not a map`);
      if (a.flow !== (b.flow ?? false)) diffs.push(`${path}: flow ${a.flow} vs ${b.flow}`);
      if (ra?.[0] !== rb?.[0]) diffs.push(`${path}: map start ${ra?.[0]} vs ${rb?.[0]}`);
      if (a.items.length !== b.items.length)
        return void diffs.push(`${path}: ${a.items.length} vs ${b.items.length} pairs`);
      b.items.forEach((p, i) => {
        const q = a.items[i]!;
        const k = isScalar(p.key) ? String(p.key.value) : String(i);
        walk(q.key, p.key, `${path}/${k}(key)`);
        walk(q.value, p.value, `${path}/${k}`);
      });
      return;
    }
    if (isSeq(b)) {
      if (!isSeq(a)) return void diffs.push(`${path}: not a seq`);
      if (a.flow !== (b.flow ?? false)) diffs.push(`${path}: flow ${a.flow} vs ${b.flow}`);
      if (ra?.[0] !== rb?.[0]) diffs.push(`${path}: seq start ${ra?.[0]} vs ${rb?.[0]}`);
      if (a.items.length !== b.items.length)
        return void diffs.push(`${path}: ${a.items.length} vs ${b.items.length} items`);
      b.items.forEach((x, i) => walk(a.items[i], x, `${path}/${i}`));
      return;
    }
    if (b === null || b === undefined) {
      if (a !== null && a !== undefined && !(isScalar(a) && a.value === null))
        diffs.push(`${path}: null vs ${String(a)}`);
    }
  };
  walk(ours.contents, theirs.contents, '');
  return { compared, diffs };
}
