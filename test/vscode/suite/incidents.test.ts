// Post-mortem capture inside a real VS Code: the Jobs view pointed at a namespace of the test bed
// with a standalone cluster's pods (kwok pods serving the real Flink logs); the test sets a
// TaskManager container's restart (restartCount up, lastState OOMKilled: kwok runs no container,
// so the reason is set by the test), and the explorer's next refresh lists it under "Incidents",
// with the previous container's log, events and exceptions captured in a read-only document.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import { CoreV1Api } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../../src/kube/config';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor } from './helpers';

interface Item {
  id: string;
  kind: string;
  label: string;
  description?: string;
  contextValue?: string;
}
interface IncidentInfo {
  id: string;
  headline: string;
  captured: boolean;
  text: string;
}

const tree = (nodeId?: string) => vscode.commands.executeCommand<Item[] | undefined>('_flink.jobsTree', nodeId);

describe('Incidents: a TaskManager restart seen by the Jobs view (OOMKilled set by the test)', function () {
  this.timeout(240_000);
  const state = testbedState();
  const ns = `vsc-incidents-${Date.now().toString(36)}`;
  const app = 'vsc-incident';
  const config = () => vscode.workspace.getConfiguration('flink');
  const dir = mkdtempSync(join(tmpdir(), 'flink-vsc-incidents-'));
  const core = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context }).makeApiClient(CoreV1Api);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await core.createNamespace({ body: { metadata: { name: ns } } });
    for (const component of ['jobmanager', 'taskmanager'])
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `${app}-${component}`, labels: { app, component } },
          spec: { nodeName: String(state.kwokNodeName), containers: [{ name: component, image: 'flink:1.20' }] },
        },
      });
    await core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: `${app}-rest` },
        spec: { selector: { app, component: 'jobmanager' }, ports: [{ name: 'rest', port: 8081 }] },
      },
    });
    // The test bed's kubeconfig with this namespace as the context's namespace.
    const kc = parse(readFileSync(state.kubeconfig, 'utf8')) as {
      contexts: Array<{ name: string; context: { namespace?: string } }>;
    };
    for (const c of kc.contexts) if (c.name === state.context) c.context.namespace = ns;
    writeFileSync(join(dir, 'kubeconfig'), stringify(kc), { mode: 0o600 });
    await config().update('kubeconfig', join(dir, 'kubeconfig'), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('flink.jobs.focus');
  });

  after(async () => {
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the restart under the cluster and opens what was captured', async () => {
    const pod = `${app}-taskmanager`;
    const cluster = await waitFor(
      'the cluster node with its TaskManager pod Running',
      async () => {
        const p = await core.readNamespacedPod({ name: pod, namespace: ns });
        if (!p.status?.containerStatuses?.length) return undefined;
        await vscode.commands.executeCommand('flink.refreshJobs');
        return (await tree())?.find((x) => x.label === `${app}-rest`);
      },
      120_000,
      1000,
    );
    // The kubelet's part, done by the test.
    const p = await core.readNamespacedPod({ name: pod, namespace: ns });
    const cs = p.status!.containerStatuses![0]!;
    cs.restartCount = 1;
    cs.lastState = { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: new Date() } };
    await core.replaceNamespacedPodStatus({ name: pod, namespace: ns, body: p });

    const incident = await waitFor(
      'the incident, captured',
      async () => {
        await vscode.commands.executeCommand('flink.refreshJobs');
        await tree();
        const all = await vscode.commands.executeCommand<IncidentInfo[]>('_flink.incidents');
        return all.find((i) => i.captured && i.headline === `TaskManager ${pod} was OOMKilled`);
      },
      120_000,
      1000,
    );
    assert.match(incident.text, /^==== Previous container log \(vsc-incident-taskmanager \/ taskmanager\) ====$/m);
    assert.match(incident.text, /\(the last \d+ line\(s\) of the previous container, at most 500\)/);
    assert.match(incident.text, /^==== Events of pod vsc-incident-taskmanager ====$/m);
    assert.match(incident.text, /^==== Exception history ====$/m);

    const kids = await waitFor('the Incidents node', async () =>
      (await tree(cluster.id))?.find((n) => n.kind === 'incidents'),
    );
    assert.equal(kids.label, 'Incidents');
    const rows = (await tree(kids.id))!;
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.label, new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${pod}$`));
    assert.equal(rows[0]!.description, 'OOMKilled (exit 137)');

    const uri = await vscode.commands.executeCommand<string>('flink.showIncident', incident.id);
    const editor = await waitFor('the incident document', async () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri ? vscode.window.activeTextEditor : undefined,
    );
    assert.match(editor.document.getText(), /^Incident: TaskManager vsc-incident-taskmanager was OOMKilled\n/);
    assert.equal(editor.document.languageId, 'log');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
