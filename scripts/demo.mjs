// `npm run demo`: try the extension without a cluster of your own. Installs what is missing
// (Node 24, code-server, the test bed's Kubernetes and Flink, all into ~/.cache/flink-vscode),
// starts the test bed (a real Kubernetes API server with kwok nodes, and a real Flink session
// cluster running a job), packages the extension, starts code-server with it installed and a
// sample workspace open, and prints the URL to open. Ctrl-C stops everything it started.
//
//   FLINK_VERSION=2 npm run demo     Flink 2.x instead of 1.20
//   DEMO_PORT=8080 npm run demo      a fixed port (default: a free one)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vsix = join(root, 'dist', 'flink-kubernetes-vscode.vsix');
const say = (m) => console.log(`demo: ${m}`);

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

let server;
let testbed;
let workspace;
let stopping;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  await server?.stop().catch((e) => console.error(`demo: code-server: ${e.message}`));
  await testbed?.down().catch((e) => console.error(`demo: test bed: ${e.message}`));
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => {
  void stopAll(0);
});
process.on('SIGTERM', () => {
  void stopAll(0);
});

async function main() {
  const { install } = await import('../test/vscode/install.mjs');
  await install();

  say('starting the test bed (first run: builds Kubernetes from source, which takes a while)...');
  testbed = await import('../test/testbed/index.mjs');
  const state = await testbed.up({ flinkVersion: process.env.FLINK_VERSION });

  say('building and packaging the extension...');
  await run('npm', ['run', '--silent', 'package']);

  workspace = mkdtempSync(join(tmpdir(), 'flink-demo-'));
  cpSync(join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });

  const { startCodeServer, workbenchUrl } = await import('../test/vscode/code-server.mjs');
  server = await startCodeServer({
    workspace,
    vsix,
    port: Number(process.env.DEMO_PORT ?? 0),
    env: { KUBECONFIG: state.kubeconfig },
    // The test bed's Flink is listed from the start; clusters deployed to the test bed's
    // Kubernetes are found through the kube context.
    settings: { 'flink.clusters': [{ name: 'test bed Flink', url: state.flinkRestUrl }] },
  });
  if (!existsSync(vsix)) throw new Error(`no ${vsix} after packaging`);

  console.log(`
  Flink on Kubernetes for VS Code is running in code-server:

      ${workbenchUrl(server.url, workspace)}

  Kubernetes: context ${state.context} (KUBECONFIG=${state.kubeconfig})
  Flink ${state.flinkVersion}: ${state.flinkRestUrl} (a streaming job is RUNNING)
  Workspace: ${workspace} (a copy of test/fixtures/demo-workspace)

  Try: open broken-session-cluster.yaml and the Problems panel; run "Flink: Deploy Flink cluster"
  on session-cluster.yaml; open the Flink view in the activity bar.

  Ctrl-C stops code-server and the test bed.
`);
  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`demo: code-server exited (${code ?? signal})`);
    await stopAll(1);
  }
}

main().catch(async (e) => {
  console.error(`demo: ${e.message}`);
  await stopAll(1);
});
