// Typed access to the extension's settings (package.json contributes.configuration, `flink.*`).
// Every feature reads its settings here, never through getConfiguration directly.
import * as vscode from 'vscode';

function read<T>(section: string, key: string, fallback: T, valid: (v: unknown) => v is T): T {
  const v = vscode.workspace.getConfiguration(section).get<unknown>(key);
  return valid(v) ? v : fallback;
}

const isString = (v: unknown): v is string => typeof v === 'string';

export interface ScaffoldSettings {
  /** `flink.scaffold.defaultFlinkVersion`: the version preselected in "New Flink Cluster Manifests...". */
  readonly defaultFlinkVersion: string;
  /** `flink.scaffold.flinkImageRegistry`: registry/path prefix for the official `flink` image (a mirror); '' = Docker Hub. */
  readonly flinkImageRegistry: string;
  /** `flink.scaffold.jobImageRegistry`: registry/path prefix for job images built from the generated Dockerfile. */
  readonly jobImageRegistry: string;
}

export function scaffoldSettings(): ScaffoldSettings {
  return {
    defaultFlinkVersion: read('flink.scaffold', 'defaultFlinkVersion', '1.20', isString),
    flinkImageRegistry: read('flink.scaffold', 'flinkImageRegistry', '', isString),
    jobImageRegistry: read('flink.scaffold', 'jobImageRegistry', '', isString),
  };
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

export interface ValidationSettings {
  /** `flink.validation.enabled`: live diagnostics in YAML files that hold Flink manifests. */
  readonly enabled: boolean;
  /** `flink.validation.flinkVersion`: Flink version assumed when neither the image tag nor `flinkVersion` tells ('' = none). */
  readonly flinkVersion: string;
  /** `flink.validation.operatorVersion`: the operator release the fields are checked against ('' = not checked). */
  readonly operatorVersion: string;
  /** `flink.validation.includeFolder`: validate an open file together with the other manifests of its folder. */
  readonly includeFolder: boolean;
  /** `flink.validation.useClusterSchemas`: validate against the schemas and CRDs the current Kubernetes context serves (shipped ones offline). */
  readonly useClusterSchemas: boolean;
}

export function validationSettings(): ValidationSettings {
  return {
    enabled: read('flink.validation', 'enabled', true, isBool),
    flinkVersion: read('flink.validation', 'flinkVersion', '', isString),
    operatorVersion: read('flink.validation', 'operatorVersion', '', isString),
    includeFolder: read('flink.validation', 'includeFolder', true, isBool),
    useClusterSchemas: read('flink.validation', 'useClusterSchemas', true, isBool),
  };
}

export interface ConfiguredCluster {
  name?: string;
  url: string;
  /** PEM file of the CA that signed an https JobManager's certificate (trusted for this cluster only). */
  caFile?: string;
}

export interface JobsSettings {
  /** Seconds between refreshes while the view is visible; 0 = manual only. */
  refreshInterval: number;
  clusters: ConfiguredCluster[];
  /** Look for clusters in the current Kubernetes context and namespace. */
  discover: boolean;
  /** Default target directory for savepoints ('' = the cluster's configured default). */
  savepointDirectory: string;
  /** Per-request timeout against the Flink REST API, seconds. */
  requestTimeout: number;
}

export function jobsSettings(): JobsSettings {
  const c = vscode.workspace.getConfiguration('flink');
  const clusters = (c.get<unknown[]>('clusters') ?? [])
    .map((x) => (typeof x === 'string' ? { url: x } : (x as ConfiguredCluster)))
    .filter((x) => x && typeof x.url === 'string' && /^https?:\/\//.test(x.url));
  return {
    refreshInterval: Math.max(0, c.get<number>('jobs.refreshInterval') ?? 5),
    clusters,
    discover: c.get<boolean>('jobs.discoverInKubernetes') ?? true,
    savepointDirectory: c.get<string>('jobs.savepointDirectory') ?? '',
    requestTimeout: Math.max(1, c.get<number>('jobs.requestTimeout') ?? 10),
  };
}

/** `flink.incidents.notify`: a notification when a JobManager/TaskManager restarts or a job fails. */
export function incidentsSettings(): { readonly notify: boolean } {
  return { notify: read('flink.incidents', 'notify', true, isBool) };
}

/** User-added clusters are kept in the user's settings (never in a repository's). */
export async function writeClusters(clusters: ConfiguredCluster[]): Promise<void> {
  await vscode.workspace.getConfiguration('flink').update('clusters', clusters, vscode.ConfigurationTarget.Global);
}

export interface KubeSettings {
  /**
   * `flink.kubeconfig`: a kubeconfig path chosen by the user. Machine-scoped: a repository's
   * workspace settings could otherwise point it at a kubeconfig whose `exec` plugin runs a command
   * of the repository's choosing, so only the user's own (global) value is read.
   */
  readonly kubeconfigPath: string | undefined;
}

export function kubeSettings(): KubeSettings {
  const inspected = vscode.workspace.getConfiguration('flink').inspect<string>('kubeconfig');
  const path = (inspected?.globalValue ?? '').trim();
  return { kubeconfigPath: path ? path.replace(/^~(?=\/|$)/, process.env.HOME ?? '~') : undefined };
}

export interface DeploySettings {
  /** `flink.deploy.rolloutTimeoutSeconds`: how long a deploy watches the rollout. */
  readonly rolloutTimeoutSeconds: number;
}

export function deploySettings(): DeploySettings {
  const v = vscode.workspace.getConfiguration('flink').get<unknown>('deploy.rolloutTimeoutSeconds');
  return { rolloutTimeoutSeconds: typeof v === 'number' && v > 0 ? v : 300 };
}
