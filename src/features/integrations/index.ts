// Optional integrations with extensions our users already run: Red Hat YAML (our operator schemas
// through its schema contributor API) and Kubernetes Tools (Flink clusters in its cluster
// explorer). Each is used only when installed, after activation, and never blocks or breaks ours.
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { contributeToKubernetesTools, KUBERNETES_TOOLS_ID } from './kubernetes-tools';
import { contributeToRedHatYaml, RED_HAT_YAML_ID } from './red-hat-yaml';

export interface IntegrationsStatus {
  /** 'absent' | 'registered' | 'no-api' | 'failed' | an API unavailability reason; 'pending' while starting. */
  redHatYaml: string;
  kubernetesTools: string;
}

export function register(services: Services): void {
  const { context, log, commands, kube, clusters } = services;
  const status: IntegrationsStatus = { redHatYaml: 'pending', kubernetesTools: 'pending' };
  let running: Promise<void> | undefined;
  // Tries each integration that is installed and not yet in use (at start, and when extensions change).
  const attach = (): Promise<void> =>
    (running = (running ?? Promise.resolve()).then(async () => {
      if (status.redHatYaml !== 'registered') status.redHatYaml = await contributeToRedHatYaml(log);
      if (status.kubernetesTools !== 'registered')
        status.kubernetesTools = await contributeToKubernetesTools(kube, clusters, log, context.subscriptions);
    }));
  // After activate() returns: activating the other extensions is their cost, not our start-up's.
  const first = setTimeout(() => void attach(), 0);
  context.subscriptions.push(
    { dispose: () => clearTimeout(first) },
    vscode.extensions.onDidChange(() => {
      const yaml = !!vscode.extensions.getExtension(RED_HAT_YAML_ID);
      const k8s = !!vscode.extensions.getExtension(KUBERNETES_TOOLS_ID);
      if ((yaml && status.redHatYaml === 'absent') || (k8s && status.kubernetesTools === 'absent')) void attach();
    }),
    // For the tests inside VS Code: what each integration did, once the attempts have finished.
    commands.register(
      '_flink.integrations',
      async () => {
        await (running ?? attach());
        return { ...status };
      },
      { internal: true, retry: false },
    ),
  );
}
