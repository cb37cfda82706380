// What src/extension.ts builds once and hands to every feature's register(services). Features
// never build these themselves and never reach into one another: what two features share is here.
import type * as vscode from 'vscode';
import type { ClusterSchemas } from './cluster-schemas';
import type { Commands } from './commands';
import type { FlinkClusters } from './flink-clusters';
import type { Incidents } from './incidents';
import type { TargetStore } from './kube-target';
import type { Log } from './log';
import type { PortForwards } from './port-forwards';
import type { Problems } from './problems';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly problems: Problems;
  /** Every command is registered through this (logging, one error style). */
  readonly commands: Commands;
  /** The kube context and namespace chosen in the status bar. */
  readonly kube: TargetStore;
  readonly forwards: PortForwards;
  /** Flink clusters known to the extension, and their connections. */
  readonly clusters: FlinkClusters;
  /** Schemas for validation: the cluster's own when reachable, shipped ones otherwise. */
  readonly schemas: ClusterSchemas;
  /** Container restarts and failed jobs seen by the explorer this session, with their captured evidence. */
  readonly incidents: Incidents;
}
