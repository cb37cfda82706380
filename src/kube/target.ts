// Where the extension acts: the kubeconfig's current context and namespace, unless the user
// switched them in the extension (that choice lives in the extension's state, not in the file,
// unless they ask to write it). Also the status-bar text. No vscode here: plain, testable logic.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import { redactUrl } from '../core/redact';
import { currentNamespace, kubeconfigFiles, listContexts, loadKubeConfig, type ContextInfo } from './config';
import { KubeError } from './errors';

/** The extension's own choice (persisted by the adapter in workspace state). */
export interface TargetChoice {
  context?: string;
  namespace?: string;
}

export interface Target {
  kc: KubeConfig;
  context: string;
  namespace: string;
  server: string;
  /** True when context or namespace differ from the kubeconfig's own. */
  overridden: boolean;
}

export interface TargetSource {
  /** The `flink.kubeconfig` setting. */
  kubeconfigPath?: string;
  env?: NodeJS.ProcessEnv;
}

export function resolveTarget(choice: TargetChoice, src: TargetSource = {}): Target {
  const base = loadKubeConfig({ kubeconfigPath: src.kubeconfigPath, env: src.env });
  // A remembered context that vanished from the kubeconfig falls back to the current one.
  const known = base.getContexts().some((c) => c.name === choice.context);
  const context = choice.context && known ? choice.context : base.getCurrentContext();
  const namespace = choice.context && !known ? undefined : choice.namespace;
  const kc = loadKubeConfig({ kubeconfigPath: src.kubeconfigPath, env: src.env, context, namespace });
  return {
    kc,
    context,
    namespace: currentNamespace(kc),
    server: redactUrl(kc.getCurrentCluster()?.server ?? ''),
    overridden: context !== base.getCurrentContext() || currentNamespace(kc) !== currentNamespace(base),
  };
}

/** Switching context drops a namespace override: the new context's namespace applies. */
export function switchContext(_choice: TargetChoice, context: string): TargetChoice {
  return { context };
}

export function switchNamespace(choice: TargetChoice, namespace: string): TargetChoice {
  return { ...choice, namespace };
}

export function contextsFor(src: TargetSource = {}): ContextInfo[] {
  return listContexts(loadKubeConfig({ kubeconfigPath: src.kubeconfigPath, env: src.env }));
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusText(t: Target | undefined, error?: string): StatusText {
  if (!t)
    return {
      text: '$(warning) Flink: no kube context',
      tooltip: error ?? 'No kubeconfig: set KUBECONFIG or "flink.kubeconfig".',
    };
  const mark = t.overridden ? ' *' : '';
  return {
    text: `$(cloud) ${t.context} / ${t.namespace}${mark}`,
    tooltip: `Flink deploys go to context "${t.context}" (${t.server}), namespace "${t.namespace}"${t.overridden ? ' (chosen in the extension; the kubeconfig file is unchanged)' : ''}. Click to switch context.`,
  };
}

const NS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export function checkNamespaceName(name: string): string | undefined {
  if (!name) return 'Enter a namespace name.';
  if (name.length > 63 || !NS_LABEL.test(name))
    return 'A namespace name is lowercase letters, digits and "-", at most 63 characters, starting and ending with a letter or digit.';
  return undefined;
}

/**
 * Writes `current-context` (and optionally the context's namespace) into the kubeconfig file, as
 * `kubectl config use-context` / `set-context --current --namespace` would: the first file that
 * defines the context (or the first file), comments and layout kept.
 */
export function writeChoiceToKubeconfig(choice: TargetChoice, src: TargetSource = {}): string {
  const files = kubeconfigFiles({ kubeconfigPath: src.kubeconfigPath, env: src.env }).filter((f) => existsSync(f));
  const [first] = files;
  if (first === undefined) throw new KubeError('No kubeconfig file to write to.', { reason: 'NoKubeconfig' });
  const doc = parseDocument(readFileSync(first, 'utf8'));
  if (choice.context) doc.set('current-context', choice.context);
  if (choice.namespace && choice.context) {
    const holder = files.find((f) => {
      const d = parseDocument(readFileSync(f, 'utf8')).toJS() as { contexts?: { name: string }[] };
      return d.contexts?.some((c) => c.name === choice.context);
    });
    if (holder) {
      const hd = holder === first ? doc : parseDocument(readFileSync(holder, 'utf8'));
      const contexts = hd.get('contexts') as
        { items: { get(k: string): unknown; setIn(p: string[], v: unknown): void }[] } | undefined;
      const entry = contexts?.items.find((c) => c.get('name') === choice.context);
      entry?.setIn(['context', 'namespace'], choice.namespace);
      if (holder !== first) writeFileSync(holder, hd.toString());
    }
  }
  writeFileSync(first, doc.toString());
  return first;
}
