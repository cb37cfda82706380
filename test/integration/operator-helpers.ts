// Shared by the operator-*.test.ts files: the real Flink Kubernetes Operator of the test bed
// (test/testbed/operator.mjs), a client on the namespace it watches, FlinkDeployment /
// FlinkSessionJob / FlinkStateSnapshot objects for the test bed's own job jar, and what the real
// Flink reports. A test bed without the operator makes these tests fail with the reason.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { createKubeClient, sleep, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { OPERATOR_API_VERSION } from '../../src/kube/operator-watch';
import { serverSideApply } from '../../src/kube/ssa';
import { testbedState, type TestbedState } from '../support/testbed';

export type OperatorState = NonNullable<TestbedState['operator']>;

export function operatorTestbed(): { state: TestbedState; operator: OperatorState; namespace: string } {
  const state = testbedState();
  const operator = state.operator;
  if (!operator?.namespaces?.[0]) {
    throw new Error(
      'The test bed runs no Flink Kubernetes Operator (state.operator is missing): it is built by ' +
        '`node test/testbed/install.mjs` from ../shared/flink-kubernetes-operator; see test/testbed/README.md.',
    );
  }
  return { state, operator, namespace: operator.namespaces[0] };
}

export function operatorClient(state: TestbedState, namespace: string): KubeClient {
  const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace });
  return createKubeClient(kc, { timeoutMs: 30_000 });
}

export const suffix = (): string => randomBytes(3).toString('hex');

/** v1_20 / v2_2 for the test bed's Flink release. */
export function flinkVersionEnum(release: string): string {
  const [major, minor] = release.split('.');
  return `v${major}_${minor}`;
}

type Obj = Record<string, unknown>;

export async function apply(client: KubeClient, obj: Obj): Promise<void> {
  await client.call({ verb: 'apply', kind: String(obj.kind) }, (api) =>
    serverSideApply(api, obj as KubernetesObject, { force: true, fieldManager: 'operator-tests' }),
  );
}

export async function remove(client: KubeClient, kind: string, name: string, namespace: string): Promise<void> {
  try {
    await client.objects.delete({ apiVersion: OPERATOR_API_VERSION, kind, metadata: { name, namespace } });
  } catch {
    /* already gone */
  }
}

/**
 * Deletes an operator resource and, if the operator's finalizer keeps it (operator 1.16 cannot clean
 * up a resource it rejected), removes the finalizer as a user would, so no test leaves one behind.
 */
export async function forceRemove(client: KubeClient, kind: string, name: string, namespace: string): Promise<void> {
  await remove(client, kind, name, namespace);
  try {
    await waitGone(client, OPERATOR_API_VERSION, kind, name, namespace, 15_000);
  } catch {
    await client.objects
      .patch(
        { apiVersion: OPERATOR_API_VERSION, kind, metadata: { name, namespace, finalizers: [] } },
        undefined,
        undefined,
        'operator-tests',
        undefined,
        PatchStrategy.MergePatch,
      )
      .catch(() => undefined);
    await waitGone(client, OPERATOR_API_VERSION, kind, name, namespace, 30_000);
  }
}

/** Polls until the object is gone (the operator's finalizer has run). */
export async function waitGone(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await client.objects.read({ apiVersion, kind, metadata: { name, namespace } });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
    assert.ok(Date.now() < deadline, `${kind} ${namespace}/${name} still there after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

const common = (state: TestbedState) => ({
  image: 'flink:testbed',
  flinkVersion: flinkVersionEnum(state.flinkVersion),
  serviceAccount: 'default',
  jobManager: { resource: { memory: '1024m', cpu: 0.5 } },
  taskManager: { resource: { memory: '1024m', cpu: 0.5 } },
});

export function sessionDeployment(state: TestbedState, name: string, namespace: string): Obj {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'FlinkDeployment',
    metadata: { name, namespace },
    spec: common(state),
  };
}

export function applicationDeployment(state: TestbedState, name: string, namespace: string, jobName: string): Obj {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'FlinkDeployment',
    metadata: { name, namespace },
    spec: {
      ...common(state),
      job: {
        jarURI: `local://${state.exampleJar}`,
        entryClass: state.exampleJarEntryClass,
        args: ['stream', '50', jobName],
        parallelism: 1,
        upgradeMode: 'savepoint',
        state: 'running',
      },
    },
  };
}

export function sessionJob(
  state: TestbedState,
  name: string,
  namespace: string,
  deployment: string,
  jobName: string,
): Obj {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'FlinkSessionJob',
    metadata: { name, namespace },
    spec: {
      deploymentName: deployment,
      job: {
        jarURI: `file://${state.exampleJar}`,
        entryClass: state.exampleJarEntryClass,
        args: ['stream', '50', jobName],
        parallelism: 1,
        upgradeMode: 'stateless',
        state: 'running',
      },
    },
  };
}

export interface FlinkJob {
  jid: string;
  name: string;
  state: string;
}

export async function flinkGet<T>(state: TestbedState, path: string): Promise<T> {
  const r = await fetch(state.flinkRestUrl + path, { signal: AbortSignal.timeout(20_000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`Flink GET ${path}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Polls the real Flink until job `jobId` is in one of `states`. */
export async function waitForFlinkJob(
  state: TestbedState,
  jobId: string,
  states: string[],
  timeoutMs = 120_000,
): Promise<FlinkJob> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const j = await flinkGet<FlinkJob>(state, `/jobs/${jobId}`);
      if (states.includes(j.state)) return j;
      last = j.state;
    } catch (e) {
      last = (e as Error).message;
    }
    assert.ok(
      Date.now() < deadline,
      `Flink job ${jobId} not ${states.join('/')} within ${timeoutMs / 1000} s (${last})`,
    );
    await sleep(500);
  }
}

/** A file:// savepoint path exists on this machine with its _metadata (the real Flink wrote it). */
export function savepointOnDisk(path: string | undefined): boolean {
  if (!path) return false;
  const dir = path.startsWith('file:') ? fileURLToPath(path.replace(/^file:\/+/, 'file:///')) : path;
  return existsSync(join(dir, '_metadata'));
}
