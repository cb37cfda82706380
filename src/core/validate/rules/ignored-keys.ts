// Keys a deployment mode ignores: a flinkConfiguration value the operator overwrites from the spec,
// and native-Kubernetes-only options in a standalone cluster's configuration. Warnings, each naming
// what to set instead.
import type { ConfigEntry } from '../../flinkconf/parse-config';
import { OPERATOR_SET_KEYS, SESSION_JOB_PARALLELISM, type OperatorSetKey } from '../../flinkconf/ignored-keys';
import { NATIVE_ONLY_KEYS } from '../../flinkconf/native-only-keys';
import { asArr, asObj, get, str } from '../../model/parse';
import type { RuleContext } from '../context';

export function checkIgnoredKeys(ctx: RuleContext): void {
  checkOperatorSetKeys(ctx);
  checkNativeOnlyKeys(ctx);
}

function checkOperatorSetKeys(ctx: RuleContext): void {
  for (const [doc, block] of ctx.model.operatorConfigs) {
    const spec = asObj(get(doc.object, ['spec']));
    const sessionJob = doc.kind === 'FlinkSessionJob';
    const owned = new Map<string, OperatorSetKey>();
    for (const o of sessionJob ? [...OPERATOR_SET_KEYS, SESSION_JOB_PARALLELISM] : OPERATOR_SET_KEYS) {
      if (o.forbidden || (sessionJob && !o.sessionJob) || !o.when(spec)) continue;
      for (const k of o.keys) owned.set(k, o);
    }
    for (const e of block.entries) {
      const o = owned.get(e.key);
      if (!o) continue;
      const next = o.instead.startsWith('nothing')
        ? `Remove it; ${o.instead}.`
        : `Set ${o.instead} instead and remove this key.`;
      ctx.report.atOffsets(
        e.doc,
        e.keyOffsets,
        'warning',
        'operator-overridden-config-key',
        `The operator sets ${e.key} itself from the ${doc.kind} spec, so this value has no effect. ${next}`,
      );
    }
  }
}

/** A container started by Flink's native Kubernetes scripts or the CLI that creates a native cluster. */
function startsNativeCluster(obj: Record<string, unknown>): boolean {
  const line = [...asArr(obj.command), ...asArr(obj.args)].map((x) => str(x) ?? '').join(' ');
  return /kubernetes-(jobmanager|taskmanager|session)|kubernetes-application|--target\s+kubernetes|-t\s+kubernetes/.test(
    line,
  );
}

function checkNativeOnlyKeys(ctx: RuleContext): void {
  const done = new Set<string>();
  const report = (e: ConfigEntry) => {
    const id = `${e.doc.file}#${e.keyOffsets[0]}`;
    if (done.has(id)) return;
    done.add(id);
    ctx.report.atOffsets(
      e.doc,
      e.keyOffsets,
      'warning',
      'flink-config-native-only-key',
      `${e.key} has no effect in a standalone cluster (a ConfigMap and Deployments): only Flink's native Kubernetes mode reads it, when Flink creates the pods itself. Set ${NATIVE_ONLY_KEYS[e.key]} instead and remove this key.`,
    );
  };
  for (const ec of ctx.model.containers) {
    if (!ec.container.role || startsNativeCluster(ec.container.obj)) continue;
    for (const e of ec.values.values()) if (NATIVE_ONLY_KEYS[e.key]) report(e);
  }
}
