// For F5 in VS Code (.vscode/launch.json): starts (or reuses) the test bed, then links its
// kubeconfig to .testbed/kubeconfig, the fixed path the launch configuration passes as KUBECONFIG.
// Leaves the test bed running; `npm run testbed:down` stops it.
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { up } = await import('../test/testbed/index.mjs');
const state = await up({ flinkVersion: process.env.FLINK_VERSION ?? '1.20' });
const link = join(root, '.testbed', 'kubeconfig');
rmSync(link, { force: true });
symlinkSync(state.kubeconfig, link);
console.log(`dev test bed: KUBECONFIG=${link} (context ${state.context}); Flink REST ${state.flinkRestUrl}`);
// up() keeps its servers detached; nothing else to wait for.
process.exit(0);
