// The Jobs view inside a real VS Code, pointed at the namespace the test bed's real Flink
// Kubernetes Operator watches: an application FlinkDeployment appears as a node with its lifecycle,
// the FlinkDeployment `resource` the operator commands take, and its health verdict (icon colour,
// tooltip) once its job's state and checkpoints are read from Flink.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { createKubeClient } from '../../../src/kube/client';
import { loadKubeConfig } from '../../../src/kube/config';
import { serverSideApply } from '../../../src/kube/ssa';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor } from './helpers';

interface Item {
  id: string;
  kind: string;
  label: string;
  description?: string;
  contextValue?: string;
  tooltip?: string;
  icon?: string;
}

const tree = (nodeId?: string) => vscode.commands.executeCommand<Item[] | undefined>('_flink.jobsTree', nodeId);

describe('Jobs view: operator FlinkDeployments with their health verdict', function () {
  this.timeout(360_000);
  const state = testbedState();
  const namespace = state.operator?.namespaces?.[0] ?? '';
  const name = `vsc-app-${Date.now().toString(36)}`;
  const config = () => vscode.workspace.getConfiguration('flink');
  const dir = mkdtempSync(join(tmpdir(), 'flink-vsc-op-'));
  const kube = createKubeClient(
    loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace }),
  );
  const fd = {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name, namespace },
    spec: {
      image: 'flink:testbed',
      flinkVersion: `v${state.flinkVersion.split('.').slice(0, 2).join('_')}`,
      serviceAccount: 'default',
      jobManager: { resource: { memory: '1024m', cpu: 0.5 } },
      taskManager: { resource: { memory: '1024m', cpu: 0.5 } },
      job: {
        jarURI: `local://${state.exampleJar}`,
        entryClass: state.exampleJarEntryClass,
        args: ['stream', '50', `${name}-job`],
        parallelism: 1,
        upgradeMode: 'stateless',
        state: 'running',
      },
    },
  };

  before(async () => {
    assert.ok(namespace, 'the test bed runs the Flink Kubernetes Operator (state.operator)');
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // The test bed's kubeconfig with the operator's namespace as the context's namespace.
    const kc = parse(readFileSync(state.kubeconfig, 'utf8')) as {
      contexts: Array<{ name: string; context: { namespace?: string } }>;
    };
    for (const c of kc.contexts) if (c.name === state.context) c.context.namespace = namespace;
    writeFileSync(join(dir, 'kubeconfig'), stringify(kc), { mode: 0o600 });
    await config().update('kubeconfig', join(dir, 'kubeconfig'), vscode.ConfigurationTarget.Global);
    await kube.call({ verb: 'apply', kind: 'FlinkDeployment' }, (api) =>
      serverSideApply(api, fd as KubernetesObject, { force: true, fieldManager: 'vscode-tests' }),
    );
    await vscode.commands.executeCommand('flink.jobs.focus');
  });

  after(async () => {
    await kube.objects.delete(fd as KubernetesObject).catch(() => undefined);
    await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the FlinkDeployment and shows its verdict once its job runs', async () => {
    const node = await waitFor(
      'the FlinkDeployment node, STABLE',
      async () => {
        await vscode.commands.executeCommand('flink.refreshJobs');
        const n = (await tree())?.find((x) => x.label === name);
        return n && /STABLE/.test(String(n.tooltip)) ? n : undefined;
      },
      240_000,
      2000,
    );
    assert.equal(node.contextValue, 'cluster.operator.application.running');
    assert.match(String(node.description), /flink-operator · FlinkDeployment$/);
    // Expanding reads the job and its checkpoints from Flink: the verdict becomes healthy, naming the checkpoint.
    const healthy = await waitFor(
      'a healthy verdict',
      async () => {
        const kids = await tree(node.id);
        const n = (await tree())?.find((x) => x.id === node.id);
        return kids?.some((k) => k.label === 'Operator') && n?.icon === 'cloud|testing.iconPassed' ? n : undefined;
      },
      120_000,
      2000,
    );
    assert.match(String(healthy.tooltip), /Health: healthy: RUNNING/);
    const row = (await tree(node.id))!.find((k) => k.label === 'Operator')!;
    assert.match(String(row.description), /^STABLE · JobManager READY · job RUNNING · upgrade mode stateless$/);
  });
});
