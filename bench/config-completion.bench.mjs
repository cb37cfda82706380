// Config completion/hover benchmark: completion and hover (src/core/flinkconf/catalog/assist) at 400
// positions inside a 2,000-line manifest, p50/p95 per request, against the peer a parse-based
// provider pays on every request: parsing the document with `yaml` (parseAllDocuments), measured
// in the same run. Also the catalog's cost in a bundle, in fresh Node processes (see the end): what
// activation pays to load it and what its first use pays, each against a peer. Targets: the catalog
// adds < 30 ms to activation, options.json < 300 KB.
//   node --import tsx bench/config-completion.bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { parseAllDocuments } from 'yaml';

const load = async (p) => {
  const m = await import(new URL(p, import.meta.url).href);
  return { ...(m.default ?? {}), ...m };
};
const { complete, hover } = await load('../src/core/flinkconf/catalog/assist.ts');
const { catalog } = await load('../src/core/flinkconf/catalog/index.ts');
const { parseVersion } = await load('../src/core/flinkconf/version.ts');

const t0 = performance.now();
const cat = catalog();
const coldLoad = performance.now() - t0;

// A 2,000-line manifest: ConfigMaps with long config.yaml blocks and FlinkDeployments with nested
// flinkConfiguration, keys taken from the catalog.
const keys = cat.keys().filter((k) => /^(taskmanager|jobmanager|execution|state|rest|kubernetes)\./.test(k));
const lines = [];
let n = 0;
while (lines.length < 2000) {
  lines.push('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: cm-${n}`, 'data:', '  config.yaml: |');
  for (let i = 0; i < 120; i++) lines.push(`    ${keys[(n * 120 + i) % keys.length]}: x`);
  lines.push('---', 'apiVersion: flink.apache.org/v1beta1', 'kind: FlinkDeployment', 'metadata:', `  name: fd-${n}`);
  lines.push('spec:', '  image: flink:1.20', '  flinkVersion: v1_20', '  flinkConfiguration:', '    taskmanager:');
  for (let i = 0; i < 60; i++)
    lines.push(`      memory.${['process.size', 'managed.fraction', 'network.min'][i % 3]}: 1g`);
  n++;
}
lines.length = 2000;
const text = lines.join('\n');
const configLines = lines.map((l, i) => (/^\s{4,}[a-z]/.test(l) ? i : -1)).filter((i) => i >= 0);

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const spots = Array.from({ length: 400 }, () => {
  const line = configLines[Math.floor(rand() * configLines.length)];
  const l = lines[line];
  const lead = l.length - l.trimStart().length;
  const colon = l.indexOf(':');
  return { line, key: lead + Math.max(1, Math.floor(rand() * (colon - lead))), value: l.length };
});
const v = parseVersion('1.20');

function timeEach(fn) {
  const ms = [];
  for (const s of spots) {
    const a = performance.now();
    fn(s);
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)], p95: ms[Math.floor(ms.length * 0.95)] };
}
// Warm up JIT on both sides.
for (let i = 0; i < 3; i++) {
  timeEach((s) => complete(text.split('\n'), s.line, s.key, 'm.yaml', v));
  parseAllDocuments(text);
}
let items = 0;
const completeKey = timeEach((s) => (items += complete(text.split('\n'), s.line, s.key, 'm.yaml', v).length));
const completeValue = timeEach((s) => complete(text.split('\n'), s.line, s.value, 'm.yaml', v));
let hovers = 0;
const hovered = timeEach((s) => (hovers += hover(text.split('\n'), s.line, s.key, 'm.yaml', v) ? 1 : 0));
const parsePeer = timeEach(() => parseAllDocuments(text));

const f = (x) => x.toFixed(2);
console.log(`config completion/hover in a ${lines.length}-line manifest, ${spots.length} positions (Flink 1.20)`);
console.log(`  catalog cold load: ${f(coldLoad)} ms (${cat.keys().length} keys)`);
console.log(`  complete key:   p50 ${f(completeKey.p50)} ms  p95 ${f(completeKey.p95)} ms  (${items} items in all)`);
console.log(`  complete value: p50 ${f(completeValue.p50)} ms  p95 ${f(completeValue.p95)} ms`);
console.log(`  hover:          p50 ${f(hovered.p50)} ms  p95 ${f(hovered.p95)} ms  (${hovers}/${spots.length} found)`);
console.log(`  peer, yaml parseAllDocuments of the document: p50 ${f(parsePeer.p50)} ms  p95 ${f(parsePeer.p95)} ms`);
console.log(
  `  ratio p95 peer/ours: complete key ${f(parsePeer.p95 / completeKey.p95)}x, hover ${f(parsePeer.p95 / hovered.p95)}x`,
);
const worst = Math.max(completeKey.p95, completeValue.p95, hovered.p95);
console.log(`  target p95 < 10 ms: ${worst < 10 ? 'met' : 'MISSED'} (${f(worst)} ms)`);

// The catalog's cost in the shipped extension, in fresh processes: esbuild bundles index.ts as the
// extension build does (options.json inlined, wrapped lazily by require), so loading the bundle is what
// activation pays, and the first catalog() call what the first completion, hover or validation pays.
// Peers measured the same way: loading a bundle of an empty module, and a bare JSON.parse of the file.
const work = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
const index = fileURLToPath(new URL('../src/core/flinkconf/catalog/index.ts', import.meta.url));
const json = fileURLToPath(new URL('../src/core/flinkconf/catalog/options.json', import.meta.url));
const bundle = (entry, out) =>
  build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
writeFileSync(join(work, 'empty.js'), 'exports.catalog = () => undefined;\n');
await bundle(index, join(work, 'catalog.cjs'));
await bundle(join(work, 'empty.js'), join(work, 'empty.cjs'));
const child = (mod, first) => `const a = performance.now(); const m = require(${JSON.stringify(mod)});
const b = performance.now(); ${first}; console.log(b - a, performance.now() - b);`;
const fresh = (code) => {
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  const [load, use] = r.stdout.trim().split(' ').map(Number);
  if (!Number.isFinite(load) || !Number.isFinite(use))
    throw new Error(`cold-load child failed: ${r.stderr.slice(0, 500)}`);
  return { load, use };
};
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const runs = { ours: [], peer: [] };
for (let i = 0; i < 9; i++) {
  runs.ours.push(fresh(child(join(work, 'catalog.cjs'), 'm.catalog()')));
  runs.peer.push(
    fresh(
      child(join(work, 'empty.cjs'), `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(json)}, 'utf8'))`),
    ),
  );
}
rmSync(work, { recursive: true, force: true });
const loadOurs = median(runs.ours.map((r) => r.load));
const loadPeer = median(runs.peer.map((r) => r.load));
const useOurs = median(runs.ours.map((r) => r.use));
const usePeer = median(runs.peer.map((r) => r.use));
const size = readFileSync(json).length;
console.log(`catalog in the bundle, fresh processes (median of ${runs.ours.length}):`);
console.log(
  `  load (activation pays): ${f(loadOurs)} ms; peer, a bundle of an empty module: ${f(loadPeer)} ms; catalog adds ${f(loadOurs - loadPeer)} ms`,
);
console.log(
  `  first catalog() (first completion/hover/validation pays): ${f(useOurs)} ms; peer, bare JSON.parse of options.json: ${f(usePeer)} ms; ratio ${f(useOurs / usePeer)}x`,
);
const added = loadOurs - loadPeer;
console.log(
  `  target: catalog adds < 30 ms to activation: ${added < 30 ? 'met' : 'MISSED'} (${f(added)} ms); options.json ${(size / 1024).toFixed(0)} KB < 300 KB: ${size < 300 * 1024 ? 'met' : 'MISSED'}`,
);
process.exitCode = worst < 10 && added < 30 && size < 300 * 1024 ? 0 : 1;
