// The same extension tests in a desktop VS Code through @vscode/test-electron, for contributors
// who have one (this machine cannot download VS Code: CI uses run.mjs with code-server).
//
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code node test/vscode/run-electron.mjs
//
// Without VSCODE_EXECUTABLE_PATH, @vscode/test-electron downloads the stable VS Code into
// .vscode-test/ (needs internet). TESTBED_STATE works as for run.mjs.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { compileSuite, sh, suiteOut, testbedEnv, workspaceFixture } from './run.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function main() {
  await sh(process.execPath, [join(root, 'scripts/build.mjs')]);
  await compileSuite();
  const tmp = mkdtempSync(join(tmpdir(), 'flink-vscode-electron-'));
  const workspace = join(tmp, 'workspace');
  cpSync(workspaceFixture, workspace, { recursive: true });
  const summary = join(tmp, 'suite-summary.json');
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(suiteOut, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(tmp, 'user-data')],
      extensionTestsEnv: { ...testbedEnv(), VSCODE_SUITE_SUMMARY: summary },
    });
  } finally {
    if (existsSync(summary)) {
      const { passed, failed } = JSON.parse(readFileSync(summary, 'utf8'));
      console.log(`vscode (electron): ${passed} passed, ${failed} failed`);
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
