// Composition root: builds the shared services and registers each feature. Keep it short.
import * as vscode from 'vscode';
import { createLog } from './features/log';
import { registerValidate } from './features/validate';
import { registerScaffold } from './features/scaffold';
import { registerDeploy } from './features/deploy';
import { registerJobs } from './features/jobs';
import { registerLogs } from './features/logs';
import { register as registerJobGraph } from './features/jobgraph';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog(context);
  const services = { context, log };
  registerValidate(services);
  registerScaffold(services);
  registerDeploy(services);
  registerJobs(services);
  registerLogs(services);
  registerJobGraph(services);
  log.info('Flink on Kubernetes activated');
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are released by VS Code.
}
