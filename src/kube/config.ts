// Reading the kubeconfig as kubectl does: KUBECONFIG lists files (path.delimiter) merged with
// first-wins semantics (first current-context, first entry of each name), missing files ignored;
// otherwise ~/.kube/config. client-node's own loadFromDefault differs (last current-context wins,
// duplicates throw, falls back to localhost:8080), hence this module.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { redactUrl } from '../core/redact';
import { KubeError } from './errors';

export interface LoadKubeConfigOptions {
  /** Overrides KUBECONFIG (the `flink.kubeconfig` setting); may itself list several files. */
  kubeconfigPath?: string;
  /** The extension's choice of context (does not touch the file). */
  context?: string;
  /** The extension's choice of namespace (overrides the context's namespace). */
  namespace?: string;
  /** For tests: the environment to read KUBECONFIG and HOME from. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_NAMESPACE = 'default';

/** The files kubectl would read, in precedence order. */
export function kubeconfigFiles(opts: LoadKubeConfigOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const list = opts.kubeconfigPath?.trim() || env.KUBECONFIG?.trim();
  if (list) return list.split(delimiter).filter((f) => f.length > 0);
  const home = env.HOME || env.USERPROFILE || homedir();
  return [join(home, '.kube', 'config')];
}

export function loadKubeConfig(opts: LoadKubeConfigOptions = {}): KubeConfig {
  const files = kubeconfigFiles(opts).filter((f) => existsSync(f));
  if (files.length === 0) {
    throw new KubeError(
      `No kubeconfig found (looked at ${kubeconfigFiles(opts).join(', ')}). Set KUBECONFIG or the "flink.kubeconfig" setting to your kubeconfig file, or create ~/.kube/config.`,
      { reason: 'NoKubeconfig' },
    );
  }
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = '';
  for (const file of files) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(file); // also makes cert/key paths absolute relative to the file
    } catch (e) {
      throw new KubeError(
        `Cannot read kubeconfig ${file}: ${(e as Error).message}. Fix the file or point "flink.kubeconfig" elsewhere.`,
        { reason: 'BadKubeconfig', cause: e },
      );
    }
    if (!current && one.currentContext) current = one.currentContext;
    for (const c of one.clusters ?? []) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.users ?? []) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.contexts ?? []) if (!contexts.has(c.name)) contexts.set(c.name, c);
  }
  const chosen = opts.context || current;
  if (!chosen) {
    throw new KubeError(
      `The kubeconfig (${files.join(', ')}) has no current-context. Pick one with "Flink: Switch Kubernetes context".`,
      { reason: 'NoContext' },
    );
  }
  if (!contexts.has(chosen)) {
    const known = [...contexts.keys()].join(', ') || 'none';
    throw new KubeError(
      `Context "${chosen}" is not in the kubeconfig (${files.join(', ')}); known contexts: ${known}. Switch to one of them.`,
      { reason: 'NoContext' },
    );
  }
  if (opts.namespace) {
    const ctx = contexts.get(chosen)!;
    contexts.set(chosen, { ...ctx, namespace: opts.namespace });
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: chosen,
  });
  const ctx = contexts.get(chosen)!;
  if (!clusters.has(ctx.cluster)) {
    throw new KubeError(
      `Context "${chosen}" refers to cluster "${ctx.cluster}", which the kubeconfig does not define. Fix the kubeconfig or switch context.`,
      { reason: 'NoCluster' },
    );
  }
  return kc;
}

/** The namespace kubectl would use: the current context's namespace, else 'default'. */
export function currentNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace || DEFAULT_NAMESPACE;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  server?: string;
  user: string;
  namespace: string;
  current: boolean;
}

/** Contexts for a picker; never includes credentials. */
export function listContexts(kc: KubeConfig): ContextInfo[] {
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: redactOptional(kc.getCluster(c.cluster)?.server),
    user: c.user,
    namespace: c.namespace || DEFAULT_NAMESPACE,
    current: c.name === current,
  }));
}

/** A one-line description of where a command will act, for logs and confirmations. */
export function describeTarget(kc: KubeConfig): string {
  return `context "${kc.getCurrentContext()}" (${redactOptional(kc.getCurrentCluster()?.server) ?? 'no server'}), namespace "${currentNamespace(kc)}"`;
}

function redactOptional(url: string | undefined): string | undefined {
  return url === undefined ? undefined : redactUrl(url);
}
