// Runs the secret scan over test-results/ (and any folders given) with the running test bed's
// kubeconfig; extra values (Secret data the suites create) in SECRET_SCAN_VALUES, comma-separated.
// Exit 1 and one line per finding (never the value) when something leaked. Meant to run after the
// vscode and e2e suites, e.g. as the last step of scripts/test.mjs:
//   node --import tsx test/support/secret-scan-cli.ts [folders...]
import { join } from 'node:path';
import { scanDirs, secretsFromKubeconfig, type NamedSecret } from './secret-scan';
import { testbedState } from './testbed';

const root = join(__dirname, '..', '..');
let kubeconfig: string;
try {
  kubeconfig = testbedState().kubeconfig;
} catch (e) {
  // Without the test bed's credentials there is nothing to look for: that is a failure, not a pass.
  console.error(`secret scan: ${(e as Error).message}`);
  process.exit(2);
}
const secrets: NamedSecret[] = [
  ...secretsFromKubeconfig(kubeconfig),
  ...(process.env.SECRET_SCAN_VALUES ?? '')
    .split(',')
    .filter(Boolean)
    .map((value, i) => ({ name: `SECRET_SCAN_VALUES[${i}]`, value })),
];
const dirs = process.argv.length > 2 ? process.argv.slice(2) : [join(root, 'test-results')];
const found = scanDirs(dirs, secrets);
for (const f of found) console.log(`secret scan: ${f.secret} found in ${f.file} at byte ${f.offset}`);
console.log(`secret scan: ${secrets.length} values, ${dirs.join(', ')}: ${found.length} findings`);
process.exitCode = found.length ? 1 : 0;
