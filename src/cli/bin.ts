// The flink-lint executable (dist/cli.js): a few lines that turn on Node's on-disk compile cache
// (Node >= 22.1) before the linter bundle (dist/lint.js) is compiled, so later runs skip most of
// the parse and compile time that dominates a one-file run.
import * as nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lint = require('./lint.js') as { main(argv: string[]): number };
process.exitCode = lint.main(process.argv.slice(2));
