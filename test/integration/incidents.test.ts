// Post-mortem capture on the real test bed: a standalone cluster's pods (kwok pods whose container
// logs are the real Flink logs) seen by discovery, a TaskManager container restart, then the
// capture: the previous container's log tail (kwok serves the TaskManager's real log for
// `previous=true`), the pod's events from the real API server, the real Flink job's exception
// history. The restart itself is a pod status update by the test (kwok runs no containers, so
// nothing can really be OOMKilled): the test sets restartCount and lastState.terminated.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { detectContainerIncidents } from '../../src/core/incidents/detect';
import type { Incident } from '../../src/core/incidents/store';
import { IncidentStore } from '../../src/core/incidents/store';
import { incidentDocument } from '../../src/core/incidents/text';
import { captureEvidence } from '../../src/features/incidents/capture';
import { JobsModel } from '../../src/features/jobs/model';
import { present, type JobsNode } from '../../src/features/jobs/nodes';
import { Connections } from '../../src/features/shared/connections';
import { Incidents } from '../../src/features/shared/incidents';
import { FlinkClient } from '../../src/flink/client';
import { createKubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { discoverClusters, type DiscoveredCluster } from '../../src/kube/discover';
import { captureIncident, type ExceptionsReader } from '../../src/kube/incident-capture';
import { waitFor } from '../support/poll';
import { testbedState, type TestbedState } from '../support/testbed';
import { untilPodRunning } from '../support/pods';

const APP = 'incident-app';

describe('incidents: a TaskManager container restart captured from the real API server, kwok and Flink', () => {
  let state: TestbedState;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const ns = `incidents-${Date.now().toString(36)}`;

  const discover = async (): Promise<DiscoveredCluster> => {
    const r = await discoverClusters(createKubeClient(kc));
    const c = r.clusters.find((x) => x.name === `${APP}-rest`);
    assert.ok(c, `discovery finds the cluster (found ${r.clusters.map((x) => x.name).join(', ') || 'none'})`);
    return c;
  };
  const exceptionsOf =
    (client: FlinkClient, jobId: string): ExceptionsReader =>
    async (signal) => ({ items: [{ jobId, ...(await client.exceptions(jobId, { signal })) }] });

  /** The kubelet's part, done by the test: the container ran again after its last run ended so. */
  const restart = async (name: string, terminated: { reason: string; exitCode: number }) => {
    const finishedAt = new Date();
    const pod = await core.readNamespacedPod({ name, namespace: ns });
    const cs = pod.status?.containerStatuses?.[0];
    assert.ok(cs, 'kwok reported the container status');
    cs.restartCount += 1;
    cs.lastState = {
      terminated: { ...terminated, startedAt: new Date(finishedAt.getTime() - 60_000), finishedAt },
    };
    await core.replaceNamespacedPodStatus({ name, namespace: ns, body: pod });
    return { finishedAt, pod, restartCount: cs.restartCount };
  };

  before(async () => {
    state = testbedState();
    kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace: ns });
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
    const pod = (name: string, component: string) =>
      core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name, labels: { app: APP, component } },
          spec: { nodeName: String(state.kwokNodeName), containers: [{ name: component, image: 'flink:1.20' }] },
        },
      });
    await pod('incident-jm-0', 'jobmanager');
    await pod('incident-tm-0', 'taskmanager');
    await core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: `${APP}-rest` },
        spec: { selector: { app: APP, component: 'jobmanager' }, ports: [{ name: 'rest', port: 8081 }] },
      },
    });
    for (const name of ['incident-jm-0', 'incident-tm-0']) await untilPodRunning(core, ns, name);
  });
  after(async () => {
    await core?.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('OOMKilled (reason set by the test): the capture holds the last lines of the previous container, the exit reason, the events and the job exceptions', async () => {
    const first = await discover();
    assert.deepEqual(detectContainerIncidents(undefined, first.pods ?? [], Date.now()), [], 'no restart yet');

    const { finishedAt, pod, restartCount } = await restart('incident-tm-0', { reason: 'OOMKilled', exitCode: 137 });
    await core.createNamespacedEvent({
      namespace: ns,
      body: {
        metadata: { name: `incident-tm-0.${Date.now().toString(36)}` },
        involvedObject: { kind: 'Pod', name: 'incident-tm-0', namespace: ns, uid: pod.metadata?.uid },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container taskmanager (event created by the test)',
        lastTimestamp: new Date(),
        count: 1,
        source: { component: 'kubelet' },
      },
    });

    const second = await discover();
    const triggers = detectContainerIncidents(first.pods, second.pods ?? [], Date.now());
    assert.equal(triggers.length, 1, JSON.stringify(triggers));
    const [t] = triggers;
    assert.ok(t);
    assert.deepEqual(
      [t.role, t.pod, t.container, t.reason, t.exitCode, t.restartCount, t.at],
      [
        'taskmanager',
        'incident-tm-0',
        'taskmanager',
        'OOMKilled',
        137,
        restartCount,
        finishedAt.getTime() - (finishedAt.getTime() % 1000), // the API keeps whole seconds
      ],
    );
    // The next refresh sees the same restart: nothing new.
    assert.deepEqual(detectContainerIncidents(second.pods, (await discover()).pods ?? [], Date.now()), []);

    const flink = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 30_000 });
    const capture = await captureIncident(kc, ns, t, exceptionsOf(flink, state.runningJobId));

    // The previous container's log: kwok serves the real TaskManager log for previous=true.
    const lines = capture.previousLog?.items ?? [];
    assert.equal(capture.previousLog?.error, undefined);
    assert.ok(lines.length > 50 && lines.length <= 500, `${lines.length} lines, at most 500`);
    const tmLog = readdirSync(state.flinkLogDir).find((f) => /taskexecutor.*\.log$/.test(f));
    assert.ok(tmLog, 'the test bed has a TaskManager log');
    const onDisk = readFileSync(join(state.flinkLogDir, tmLog), 'utf8');
    const last = (lines.at(-1) ?? '').replace(/^\S+Z /, '');
    assert.ok(last && onDisk.includes(last), `the last captured line is the TaskManager's: ${last}`);
    assert.match(lines.join('\n'), /TaskExecutor|taskexecutor|TaskManager/);

    assert.ok(
      capture.events?.items?.some((l) => /Warning BackOff: Back-off restarting failed container/.test(l)),
      JSON.stringify(capture.events),
    );
    const jobs = capture.exceptions?.items ?? [];
    assert.equal(jobs[0]?.jobId, state.runningJobId, JSON.stringify(capture.exceptions));
    assert.ok(Array.isArray(jobs[0]?.entries));

    const store = new IncidentStore();
    const incident = store.open({ id: second.id, name: second.name, namespace: ns }, t, Date.now());
    assert.ok(incident);
    store.complete(incident.id, capture);
    assert.equal(store.open({ id: second.id, name: second.name, namespace: ns }, t, Date.now()), undefined);
    const doc = incidentDocument(incident, Date.now());
    assert.match(doc, /^Incident: TaskManager incident-tm-0 was OOMKilled$/m);
    assert.match(doc, /exit code 137/);
    assert.match(doc, /^==== Previous container log \(incident-tm-0 \/ taskmanager\) ====$/m);
    assert.match(doc, /^==== Events of pod incident-tm-0 ====$/m);
    assert.match(doc, /^==== Exception history ====$/m);
    assert.ok(doc.includes(last), 'the document shows the last line');
  });

  it('a container that never restarted (no previous log) and Flink REST down: each section says so, the rest is kept', async () => {
    // A port nobody listens on: take a free one and close it.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = new FlinkClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
    const capture = await captureIncident(
      kc,
      ns,
      {
        kind: 'container',
        key: 'k',
        role: 'jobmanager',
        pod: 'incident-jm-0',
        container: 'jobmanager',
        restartCount: 1,
        reason: 'Error',
        exitCode: 1,
        at: Date.now(),
      },
      exceptionsOf(down, state.runningJobId),
    );
    assert.equal(capture.previousLog?.items, undefined);
    assert.match(capture.previousLog?.error ?? '', /previous container's log is gone or never existed/);
    assert.ok(capture.events?.items, 'events are still read');
    assert.match(capture.exceptions?.error ?? '', /exception history was not read: .*127\.0\.0\.1/);
  });

  it('the explorer sees the restart on its next refresh: the evidence is captured and an Incidents node lists it under the cluster', async () => {
    const kube = createKubeClient(kc);
    const connections = new Connections({ configured: () => [], kube: () => kube });
    const incidents = new Incidents();
    const model = new JobsModel({ source: connections, onDidChange: () => undefined, incidents });
    const captured: Incident[] = [];
    incidents.onDidOpen((i) => {
      void captureEvidence(
        { cluster: (id) => model.cluster(id), kube: () => kube, connect: (c, sig) => connections.connect(c, sig) },
        i,
        incidents.lastJobs(i.clusterId),
      ).then((c) => {
        incidents.complete(i.id, c);
        captured.push(i);
      });
    });
    try {
      const clusterNode = async () => {
        const roots = await model.resolveChildren();
        const c = roots.find((n) => n.kind === 'cluster' && n.cluster.name === `${APP}-rest`);
        assert.ok(c, 'the explorer lists the cluster');
        return c;
      };
      const cluster = await clusterNode();
      const before = incidents.list(cluster.id).length;
      const { restartCount } = await restart('incident-tm-0', { reason: 'Error', exitCode: 1 });
      model.refresh(true);
      await clusterNode();
      const fresh = incidents.list(cluster.id);
      assert.equal(fresh.length, before + 1, 'one new incident');
      const [newest] = fresh;
      assert.ok(newest?.trigger.kind === 'container' && newest.trigger.restartCount === restartCount);
      // The next refresh sees the same restart: no second incident.
      model.refresh(true);
      await clusterNode();
      assert.equal(incidents.list(cluster.id).length, before + 1);

      await waitFor('the capture', async () => (captured.some((i) => i.id === newest.id) ? true : undefined));
      const kids = await model.resolveChildren(cluster);
      const node = kids[0];
      assert.ok(node?.kind === 'incidents', kids.map((n) => n.kind).join(', '));
      assert.equal(present(node).label, 'Incidents');
      const rows = (await model.resolveChildren(node)).map((n: JobsNode) => present(n));
      assert.equal(rows.length, before + 1);
      assert.match(rows[0]?.label ?? '', /^\d\d:\d\d:\d\d incident-tm-0$/);
      assert.equal(rows[0]?.description, 'Error (exit 1)');
      assert.deepEqual(rows[0]?.command?.args, [newest.id]);
      const doc = incidentDocument(incidents.get(newest.id)!, Date.now());
      assert.match(doc, /^Incident: TaskManager incident-tm-0 stopped with an error \(exit code 1\)$/m);
      assert.match(doc, /\(the last \d+ line\(s\) of the previous container, at most 500\)/);
      assert.match(doc, /^-- job .*\(/m, 'the exception history of the active jobs, through the port-forward');
    } finally {
      model.dispose();
      connections.dispose();
      incidents.dispose();
    }
  });

  it('RBAC denies the events (a ServiceAccount that may read pods and their logs only): the events section says so, the log and exceptions are kept', async () => {
    const admin = createKubeClient(kc);
    const sa = 'incident-reader';
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: sa } } });
    await admin.objects.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: sa, namespace: ns },
      rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }],
    } as never);
    await admin.objects.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: sa, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    } as never);
    const token = (
      await core.createNamespacedServiceAccountToken({
        name: sa,
        namespace: ns,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      })
    ).status?.token;
    assert.ok(token, 'a token for the ServiceAccount');
    const limited = new KubeConfig();
    limited.loadFromOptions({
      clusters: [{ name: 'c', server: state.apiServerUrl, caData: readFileSync(state.pki.ca).toString('base64') }],
      users: [{ name: sa, token }],
      contexts: [{ name: 'limited', cluster: 'c', user: sa, namespace: ns }],
      currentContext: 'limited',
    });
    const flink = new FlinkClient({ baseUrl: state.flinkRestUrl, timeoutMs: 30_000 });
    const trigger = {
      kind: 'container' as const,
      key: 'rbac',
      role: 'taskmanager' as const,
      pod: 'incident-tm-0',
      container: 'taskmanager',
      restartCount: 1,
      reason: 'OOMKilled',
      exitCode: 137,
      at: Date.now(),
    };
    // The Role binding takes effect at once in the real authorizer, but poll rather than assume.
    const capture = await waitFor('the log readable with the Role', async () => {
      const c = await captureIncident(limited, ns, trigger, exceptionsOf(flink, state.runningJobId));
      return c.previousLog?.items?.length ? c : undefined;
    });
    assert.equal(capture.events?.items, undefined);
    assert.match(
      capture.events?.error ?? '',
      /^Events of pod "incident-tm-0" not read: Permission denied .* cannot list events .* Ask a cluster admin/,
    );
    assert.doesNotMatch(capture.events?.error ?? '', new RegExp(token.slice(-16)));
    assert.equal(capture.exceptions?.items?.[0]?.jobId, state.runningJobId);
    const doc = incidentDocument(
      {
        id: 'x',
        clusterId: 'c',
        clusterName: APP,
        namespace: ns,
        trigger,
        detectedAt: Date.now(),
        capture,
      },
      Date.now(),
    );
    assert.match(doc, /==== Events of pod incident-tm-0 ====\n\(Events of pod "incident-tm-0" not read: /);
  });
});
