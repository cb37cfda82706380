// Runs the benchmarks in bench/ one after another against the running test bed
// (`npm run testbed:up` first). Each prints its own ratios against the peer it measures
// in the same run; this prints which ones met their targets.
//   node scripts/bench.mjs                 all
//   node scripts/bench.mjs validate logs   those whose file name contains a word
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testNode } from './node-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const words = process.argv.slice(2);
const benches = readdirSync(`${root}bench`)
  .filter((f) => /\.bench\.m?[jt]s$/.test(f))
  .filter((f) => !words.length || words.some((w) => f.includes(w)))
  .sort();
const results = [];
for (const file of benches) {
  console.log(`\n== ${file}`);
  const r = spawnSync(testNode(), ['--import', 'tsx', `bench/${file}`], { cwd: root, stdio: 'inherit' });
  results.push(`${file}: ${r.status === 0 ? 'target met' : `exit ${r.status ?? r.signal}`}`);
}
console.log(`\n${results.join('\n')}`);
process.exitCode = results.some((l) => !l.endsWith('target met')) ? 1 : 0;
