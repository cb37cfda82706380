// How tests find the running test bed: the state file written by `npm run testbed:up`
// (or by the test runner's global start). A test that needs the test bed and cannot find it
// fails with this message; it never skips.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestbedState {
  kubeconfig: string;
  context: string;
  limitedContext: string;
  flinkRestUrl: string;
  flinkVersion: string;
  runningJobId: string;
  finishedJobId: string;
  flinkLogDir: string;
  [extra: string]: unknown;
}

export function testbedStatePath(): string {
  return process.env.TESTBED_STATE ?? join(__dirname, '..', '..', '.testbed', 'state.json');
}

export function testbedState(): TestbedState {
  const path = testbedStatePath();
  if (!existsSync(path)) {
    throw new Error(`No test bed state at ${path}: start it with \`npm run testbed:up\` (npm test starts it itself).`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as TestbedState;
}
