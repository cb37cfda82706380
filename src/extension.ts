// Composition root: builds the shared services once, hands them to each feature's register(), and
// disposes them in reverse order of creation when the extension stops. Keep it short.
import * as vscode from 'vscode';
import { register as registerConfig } from './features/config';
import { registerDeploy } from './features/deploy';
import { register as registerIncidents } from './features/incidents';
import { register as registerIntegrations } from './features/integrations';
import { register as registerJobGraph } from './features/jobgraph';
import { registerJobs } from './features/jobs';
import { registerLogs } from './features/logs';
import { register as registerMemoryView } from './features/memory-view';
import { register as registerOperator } from './features/operator';
import { registerScaffold } from './features/scaffold';
import { ClusterSchemas } from './features/shared/cluster-schemas';
import { Commands } from './features/shared/commands';
import { FlinkClusters } from './features/shared/flink-clusters';
import { Incidents } from './features/shared/incidents';
import { TargetStore } from './features/shared/kube-target';
import { createLog } from './features/shared/log';
import { PortForwards } from './features/shared/port-forwards';
import { Problems } from './features/shared/problems';
import type { Services } from './features/shared/services';
import { register as registerTasks } from './features/tasks';
import { registerValidate } from './features/validate';

// Set by the bundle's first line (scripts/build.mjs banner): when VS Code started loading our code.
declare const __flinkLoadStart: number | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const owned: vscode.Disposable[] = [];
  const own = <T extends vscode.Disposable>(d: T): T => (owned.push(d), d);

  const log = own(createLog());
  const problems = new Problems(log);
  const commands = own(new Commands(log, problems));
  const kube = own(new TargetStore(context.workspaceState, log));
  const forwards = own(new PortForwards((m) => log.debug(m)));
  const clusters = own(new FlinkClusters(kube, forwards, context.secrets, log));
  const schemas = own(new ClusterSchemas(kube, log));
  const incidents = own(new Incidents());
  const services: Services = { context, log, problems, commands, kube, forwards, clusters, schemas, incidents };

  registerValidate(services);
  registerScaffold(services);
  registerDeploy(services);
  registerJobs(services);
  registerLogs(services);
  registerConfig(services);
  registerTasks(services);
  registerJobGraph(services);
  registerMemoryView(services);
  registerOperator(services);
  registerIntegrations(services);
  registerIncidents(services);
  commands.register('_flink.registeredCommands', () => commands.ids(), { internal: true, retry: false });
  const activateMs = performance.now() - activateStart;
  const loadMs = typeof __flinkLoadStart === 'number' ? activateStart - __flinkLoadStart : undefined;
  // Whether the kube library (its own bundle, loaded on first use) was needed by activate() itself.
  const clientNodeAtActivation = Object.keys(require.cache).some((f) => /[\\/]client-node\.js$/.test(f));
  // For bench/activation.bench.mjs and the activation tests.
  commands.register('_flink.activationTimes', () => ({ loadMs, activateMs, clientNodeAtActivation }), {
    internal: true,
    retry: false,
  });
  // VS Code disposes subscriptions in the order they were added: the features' first, then the
  // services, last-created first, so nothing is disposed while something built on it still runs.
  context.subscriptions.push({
    dispose: () =>
      owned
        .splice(0)
        .reverse()
        .forEach((d) => d.dispose()),
  });
  log.info(
    `Flink on Kubernetes activated (code loaded in ${loadMs?.toFixed(1) ?? '?'} ms, activate ${activateMs.toFixed(1)} ms)`,
  );
}

export function deactivate(): void {
  // Everything is released through context.subscriptions (see activate).
}
