// The flink-lint executable (dist/cli.js): a few lines that load the linter bundle (dist/lint.js)
// through a code cache (code-cache.ts), so that a one-file run costs little more than starting Node.
import { join } from 'node:path';
import { CodeCache } from './code-cache';
import type { Host } from './main';

const cache = new CodeCache();
let linted = false;
const host: Host = { load: cache.load, linted: () => (linted = true) };
const lint = cache.load(join(__dirname, 'lint.js')) as { main(argv: string[], host?: Host): number };
process.exitCode = lint.main(process.argv.slice(2), host);
// --help and usage errors compile little of the linter: only a run that linted writes the cache.
if (linted) cache.save();
