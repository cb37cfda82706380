// A deploy watch feeding the session's incidents: the clusters of a rollout snapshot carry the ids
// discovery gives them, the same restart seen by the explorer and by a deploy watch is one incident,
// and a deploy watch's partial view of a cluster's pods does not make old restarts look new.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Incidents } from '../../src/features/shared/incidents';
import type { ClusterRef } from '../../src/features/shared/cluster-ref';
import { clustersFromObjects } from '../../src/kube/discover';
import { clustersInSnapshot } from '../../src/kube/rollout-clusters';

const NS = 'flink';
const now = Date.parse('2026-12-06T12:00:00Z');

/** A pod as the API server returns it (plain JSON, as the rollout snapshot holds it). */
function pod(
  name: string,
  component: string,
  restarts: number,
  opts: { app?: string; finishedAt?: number; reason?: string } = {},
): KubernetesObject & Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, uid: `uid-${name}`, labels: { app: opts.app ?? 'flink', component } },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: component,
          ready: true,
          restartCount: restarts,
          state: { running: {} },
          lastState: restarts
            ? {
                terminated: {
                  reason: opts.reason ?? 'OOMKilled',
                  exitCode: 137,
                  finishedAt: new Date(opts.finishedAt ?? now - 10_000).toISOString(),
                },
              }
            : {},
        },
      ],
    },
  };
}

const service = (name: string, app = 'flink'): KubernetesObject =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { selector: { app, component: 'jobmanager' }, ports: [{ name: 'rest', port: 8081 }] },
  }) as KubernetesObject;

const refs = (pods: Array<KubernetesObject & Record<string, unknown>>, services = [service('flink-jobmanager')]) =>
  clustersInSnapshot('ctx', { pods }, services).map((d): ClusterRef => ({
    id: d.id,
    name: d.name,
    source: 'kubernetes',
    discovered: d,
  }));
const explorerView = (pods: Array<KubernetesObject & Record<string, unknown>>): ClusterRef[] =>
  clustersFromObjects('ctx', NS, [service('flink-jobmanager')] as never[], pods, []).map((d) => ({
    id: d.id,
    name: d.name,
    source: 'kubernetes',
    discovered: d,
  }));

describe('deploy watch clusters and incidents', () => {
  it('a rollout snapshot names its cluster as discovery does (Service that selects the JobManager), with the same pods', () => {
    const pods = [pod('flink-jm-a', 'jobmanager', 0), pod('flink-tm-a', 'taskmanager', 0)];
    const fromWatch = clustersInSnapshot('ctx', { pods }, [
      service('flink-jobmanager-rest'),
      service('flink-jobmanager'),
    ]);
    const fromDiscovery = clustersFromObjects(
      'ctx',
      NS,
      [service('flink-jobmanager-rest'), service('flink-jobmanager')] as never[],
      pods,
      [],
    );
    assert.deepEqual(
      fromWatch.map((c) => [c.id, c.pods?.map((p) => p.name)]),
      [['k8s:ctx/flink/service/flink-jobmanager', ['flink-jm-a', 'flink-tm-a']]],
    );
    assert.deepEqual(
      fromWatch.map((c) => c.id),
      fromDiscovery.map((c) => c.id),
    );
  });

  it('without a Service the JobManager pods are grouped by app, as discovery does; pods of other components and other clusters without pods are left out', () => {
    const pods = [pod('jm', 'jobmanager', 0, { app: 'solo' }), pod('side', 'sidecar', 3, { app: 'solo' })];
    const c = clustersInSnapshot('ctx', { pods }, [service('flink-jobmanager')]);
    assert.deepEqual(
      c.map((x) => [x.id, x.pods?.map((p) => p.name)]),
      [['k8s:ctx/flink/pods/solo', ['jm']]],
    );
  });

  it("a FlinkDeployment's pods go under its flinkdeployment id, as discovery names them", () => {
    const native = (name: string, component: string) => {
      const p = pod(name, component, 0, { app: 'fd' });
      (p.metadata as { labels: Record<string, string> }).labels.type = 'flink-native-kubernetes';
      return p;
    };
    const pods = [native('fd-jm', 'jobmanager'), native('fd-taskmanager-1-1', 'taskmanager')];
    const fd = {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'fd', namespace: NS },
    };
    assert.deepEqual(
      clustersInSnapshot('ctx', { pods }, [], [fd]).map((c) => [c.id, c.pods?.map((p) => p.name)]),
      [['k8s:ctx/flink/flinkdeployment/fd', ['fd-jm', 'fd-taskmanager-1-1']]],
    );
    assert.deepEqual(
      clustersInSnapshot('ctx', { pods }, [], [fd]).map((c) => c.id),
      clustersFromObjects('ctx', NS, [], pods, [fd]).map((c) => c.id),
    );
  });

  it('the explorer sees a restart, then the deploy watch sees it too: one incident', () => {
    const incidents = new Incidents();
    const opened: string[] = [];
    incidents.onDidOpen((i) => opened.push(i.id));
    const before = [pod('flink-jm-a', 'jobmanager', 0), pod('flink-tm-a', 'taskmanager', 0)];
    const after = [pod('flink-jm-a', 'jobmanager', 0), pod('flink-tm-a', 'taskmanager', 1)];
    incidents.observeClusters(explorerView(before), now);
    incidents.observeClusters(explorerView(after), now + 1_000);
    assert.equal(opened.length, 1);
    incidents.observeClusters(refs(after), now + 2_000, { partial: true });
    assert.equal(opened.length, 1, 'the deploy watch does not report the same restart again');
    assert.equal(incidents.all().length, 1);
  });

  it('the deploy watch sees a restart first (under the explorer id), the explorer later: one incident, and its ref kept for the capture', () => {
    const incidents = new Incidents();
    const before = [pod('flink-jm-a', 'jobmanager', 0), pod('flink-tm-a', 'taskmanager', 0)];
    const after = [pod('flink-jm-a', 'jobmanager', 0), pod('flink-tm-a', 'taskmanager', 1)];
    incidents.observeClusters(refs(before), now, { partial: true });
    incidents.observeClusters(refs(after), now + 1_000, { partial: true });
    const [i] = incidents.all();
    assert.equal(incidents.all().length, 1);
    assert.equal(i?.clusterId, 'k8s:ctx/flink/service/flink-jobmanager');
    assert.equal(i?.trigger.kind === 'container' && i.trigger.pod, 'flink-tm-a');
    assert.equal(incidents.cluster(i?.clusterId ?? '')?.discovered?.namespace, NS);
    // The explorer's first look at the cluster, with the same restart.
    incidents.observeClusters(explorerView(after), now + 60_000);
    assert.equal(incidents.all().length, 1, 'the explorer does not report it again');
  });

  it("a deploy watch's partial view keeps the pods it does not show: an old restart is not taken for a new pod's", () => {
    const incidents = new Incidents();
    // The explorer knows a TaskManager that restarted long ago (not an incident on first sight).
    const full = [
      pod('flink-jm-a', 'jobmanager', 0),
      pod('flink-tm-old', 'taskmanager', 4, { finishedAt: now - 3_600_000 }),
    ];
    incidents.observeClusters(explorerView(full), now);
    assert.equal(incidents.all().length, 0);
    // The deploy watch lists only the JobManager's pods.
    incidents.observeClusters(refs([pod('flink-jm-a', 'jobmanager', 0)]), now + 1_000, { partial: true });
    incidents.observeClusters(explorerView(full), now + 30_000);
    assert.equal(incidents.all().length, 0, 'no incident for the restart the explorer had already seen');
    // Without the partial merge the same sequence reports it: the rule is what this test checks.
    const plain = new Incidents();
    plain.observeClusters(explorerView(full), now);
    plain.observeClusters(refs([pod('flink-jm-a', 'jobmanager', 0)]), now + 1_000);
    plain.observeClusters(explorerView(full), now + 30_000);
    assert.equal(plain.all().length, 1);
  });
});
