// Waits the integration suites share for pods of the real API server (kwok runs them).
import type { CoreV1Api } from '@kubernetes/client-node';
import { until } from './poll';

/** Resolves once the pod reports phase Running (kwok: within seconds), or fails after 60 s. */
export function untilPodRunning(core: CoreV1Api, namespace: string, name: string): Promise<void> {
  return until(
    async () => (await core.readNamespacedPod({ name, namespace })).status?.phase === 'Running',
    `pod ${name} Running`,
    60_000,
  );
}
