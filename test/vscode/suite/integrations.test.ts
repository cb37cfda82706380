// Red Hat YAML and Kubernetes Tools, optional partners (src/features/integrations). Neither is on a
// registry this project can reach: the run with them uses FAKES of their public APIs
// (test/vscode/fake-extensions, `run.mjs --extensions-dir`, which sets FLINK_TEST_EXTENSIONS); the
// ordinary run has neither, and asserts that their absence is noticed and harmless. Each run
// checks its own case, so neither passes by skipping.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createKubeClient } from '../../../src/kube/client';
import { loadKubeConfig } from '../../../src/kube/config';
import { serverSideApply } from '../../../src/kube/ssa';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor } from './helpers';

const YAML_ID = 'redhat.vscode-yaml';
const K8S_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';
const installed = (process.env.FLINK_TEST_EXTENSIONS ?? '').split(',').filter(Boolean);
const withFakes = installed.includes(YAML_ID) && installed.includes(K8S_ID);

const flinkDeployment = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: integrations-demo
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAcount: flink
  jobManager:
    resource: { memory: "2048m", cpu: 1 }
  taskManager:
    resource: { memory: "2048m", cpu: 1 }
`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;

interface Status {
  redHatYaml: string;
  kubernetesTools: string;
}
async function status(): Promise<Status> {
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  return vscode.commands.executeCommand<Status>('_flink.integrations');
}
const open = (content: string) => vscode.workspace.openTextDocument({ language: 'yaml', content });

/** Our validator's finding on the misspelt field: the same in both runs. */
async function ourFinding(doc: vscode.TextDocument): Promise<vscode.Diagnostic> {
  await vscode.window.showTextDocument(doc);
  return waitFor(
    'the unknown-field finding on the FlinkDeployment',
    () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.message.includes('serviceAcount')),
    60_000,
  );
}

interface FakeYamlApi {
  requestCustomSchema(resource: string): string[];
  requestCustomSchemaContent(uri: string): Promise<string | undefined>;
}
interface FakeNode {
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<FakeNode[]>;
}
interface FakeContributor {
  contributesChildren(parent: unknown): boolean;
  getChildren(parent: unknown): Promise<FakeNode[]>;
}
interface FakeBroker {
  fake: { contributors: FakeContributor[]; refreshes: number };
}

if (withFakes) {
  describe('Integrations with FAKE Red Hat YAML and FAKE Kubernetes Tools (their API surface only)', function () {
    this.timeout(180_000);

    it('registers with both', async () => {
      assert.deepEqual(await status(), { redHatYaml: 'registered', kubernetesTools: 'registered' });
    });

    it('answers the fake Red Hat YAML with the FlinkDeployment schema for a FlinkDeployment, nothing for a Deployment', async () => {
      const yaml = vscode.extensions.getExtension<FakeYamlApi>(YAML_ID);
      assert.ok(yaml?.isActive, 'the fake Red Hat YAML was activated by ours');
      const api = yaml.exports;
      const fd = await open(flinkDeployment);
      const uris = api.requestCustomSchema(fd.uri.toString());
      assert.deepEqual(uris, ['flink-operator://schemas/flink.apache.org/v1beta1/FlinkDeployment.json']);
      const schema = JSON.parse((await api.requestCustomSchemaContent(uris[0] as string)) ?? '{}') as {
        title?: string;
        allOf?: { $ref: string }[];
        definitions?: Record<string, unknown>;
      };
      assert.equal(schema.title, 'FlinkDeployment');
      const root = schema.allOf?.[0]?.$ref.replace('#/definitions/', '') ?? '';
      assert.ok(root.endsWith('FlinkDeployment') && schema.definitions?.[root], `root definition ${root}`);
      const web = await open(deployment);
      assert.deepEqual(api.requestCustomSchema(web.uri.toString()), []);
      // Our own validator still reports on the operator file (the schema findings are ours).
      await ourFinding(fd);
    });

    it('adds a Flink folder under the active context of the fake Kubernetes Tools, each cluster opening our Jobs view', async function () {
      const state = testbedState();
      const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
      const namespace = kc.getContextObject(state.context)?.namespace ?? 'default';
      const kube = createKubeClient(
        loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context, namespace }),
      );
      const name = `vsc-k8stools-${Date.now().toString(36)}`;
      // A JobManager Service is what discovery looks for (no pods needed to be listed).
      const service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `${name}-jobmanager`, namespace, labels: { app: name, component: 'jobmanager' } },
        spec: { selector: { app: name, component: 'jobmanager' }, ports: [{ name: 'rest', port: 8081 }] },
      };
      await serverSideApply(kube.objects, service);
      try {
        const broker = vscode.extensions.getExtension<FakeBroker>(K8S_ID)?.exports;
        const contributor = broker?.fake.contributors[0];
        assert.ok(contributor, 'one node contributor registered');
        assert.equal(contributor.contributesChildren(undefined), false);
        assert.equal(contributor.contributesChildren({ nodeType: 'resource', name: 'x' }), false);
        const contextNode = { nodeType: 'context', name: state.context };
        assert.equal(contributor.contributesChildren(contextNode), true);
        const [folder, ...more] = await contributor.getChildren(contextNode);
        assert.equal(more.length, 0);
        assert.equal(folder?.getTreeItem().label, 'Flink');
        const node = await waitFor(
          `the cluster ${name} under the Flink folder`,
          async () => (await folder?.getChildren())?.find((n) => String(n.getTreeItem().label).startsWith(name)),
          60_000,
          1_000,
        );
        const item = node.getTreeItem();
        assert.equal(item.command?.command, 'flink.revealCluster');
        const revealed = await vscode.commands.executeCommand<string>(
          item.command.command,
          ...((item.command.arguments ?? []) as unknown[]),
        );
        assert.equal(revealed, item.command.arguments?.[0], 'our Jobs view revealed that cluster');

        // Another context than ours: a pointer to switching, not clusters of the wrong context.
        const [other] = await contributor.getChildren({ nodeType: 'context', name: 'some-other-context' });
        const [hint] = (await other?.getChildren()) ?? [];
        assert.equal(hint?.getTreeItem().command?.command, 'flink.switchContext');
      } finally {
        await kube.objects.delete(service).catch(() => undefined);
      }
    });
  });
} else {
  describe('Integrations without Red Hat YAML and Kubernetes Tools', function () {
    this.timeout(120_000);

    it('notices they are absent and validates as before', async () => {
      assert.equal(vscode.extensions.getExtension(YAML_ID), undefined);
      assert.equal(vscode.extensions.getExtension(K8S_ID), undefined);
      assert.deepEqual(await status(), { redHatYaml: 'absent', kubernetesTools: 'absent' });
      const finding = await ourFinding(await open(flinkDeployment));
      assert.equal(finding.source, 'flink');
    });
  });
}
