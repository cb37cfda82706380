// Installs what the test suites need beyond npm packages, into the cache outside the repo
// (see node-runtime.mjs): each part installs only what is missing, keyed by version.
//   node scripts/setup.mjs            everything
//   node scripts/setup.mjs testbed    only the test bed (Kubernetes, kwok, Flink)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const parts = {
  testbed: 'test/testbed/install.mjs',
  vscode: 'test/vscode/install.mjs',
  memory: 'test/memory/install.mjs',
  catalog: 'scripts/gen-flink-catalog.mjs',
};
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(parts);
for (const name of wanted) {
  const file = parts[name];
  if (!file) {
    console.error(`unknown part "${name}"; known: ${Object.keys(parts).join(', ')}`);
    process.exit(2);
  }
  if (!existsSync(root + file)) {
    console.log(`setup: ${name}: not present yet, nothing to install`);
    continue;
  }
  const started = Date.now();
  console.log(`setup: ${name}...`);
  const mod = await import(new URL(`../${file}`, import.meta.url));
  await mod.install();
  console.log(`setup: ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
}
