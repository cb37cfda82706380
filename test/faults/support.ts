// Helpers of the fault suite: a kube client on the test bed, waiting for the apiserver, and a
// bound on how long any faulty call may take (a fault must end in an error, never in a hang).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { loadKubeConfig } from '../../src/kube/config';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { processPid, startProcess, stoppedProcesses } from '../testbed/faults.mjs';
import { waitFor } from '../support/poll';
import type { TestbedState } from '../support/testbed';

export function kubeClient(
  state: TestbedState,
  opts: { context?: string; namespace?: string; timeoutMs?: number } = {},
): KubeClient {
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: opts.context, namespace: opts.namespace });
  return createKubeClient(kc, { timeoutMs: opts.timeoutMs });
}

/** Resolves with [value or error, elapsed ms]; fails the test when `fn` takes longer than `limitMs`. */
export async function bounded<T>(
  limitMs: number,
  fn: () => Promise<T>,
): Promise<{ value?: T; error?: Error; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: no answer and no error within ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([fn(), hang]);
    return { value, ms: Date.now() - started };
  } catch (e) {
    assert.doesNotMatch(String((e as Error).message), /^HANG:/, String((e as Error).message));
    return { error: e as Error, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /readyz as admin until 200: the apiserver is back. */
export async function apiServerReady(state: TestbedState, timeoutMs = 180_000): Promise<void> {
  const tls = {
    ca: readFileSync(state.pki.ca),
    cert: readFileSync(state.pki.adminCert),
    key: readFileSync(state.pki.adminKey),
  };
  await waitFor(
    'kube-apiserver /readyz after its restart',
    () =>
      new Promise<true | undefined>((resolve) => {
        const r = request(`${state.apiServerUrl}/readyz`, { ...tls, timeout: 3000 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200 ? true : undefined);
        });
        r.on('timeout', () => r.destroy());
        r.on('error', () => resolve(undefined));
        r.end();
      }),
    timeoutMs,
    300,
  );
}

declare module '../support/testbed' {
  interface TestbedState {
    pki: { ca: string; adminCert: string; adminKey: string };
  }
}

/** after() hook: whatever a failed test left stopped is started again, so the next test has its test bed. */
export function restartStopped(): void {
  for (const name of stoppedProcesses()) if (!processPid(name)) startProcess(name);
}
