// Flink configuration keys and values: syntax, unknown keys (did you mean), deprecated and removed keys,
// value types, keys the operator forbids, and which config file a Flink version reads; keys a deployment
// mode ignores are in ignored-keys.ts.
import { CONFIG_YAML, FLINK_CONF, operatorVersion, versionOfConfigMap } from '../../flinkconf/cluster';
import { checkKey } from '../../flinkconf/catalog/check';
import { DEPRECATED_KEYS, KNOWN_KEYS, OPERATOR_FORBIDDEN_KEYS } from '../../flinkconf/keys';
import type { ConfigBlock, ConfigEntry } from '../../flinkconf/parse-config';
import { valueProblem } from '../../flinkconf/values';
import { atLeast, cmp, imageVersion, show, type FlinkVersion } from '../../flinkconf/version';
import { get, str } from '../../model/parse';
import { edit, fix, type RuleContext } from '../context';
import { checkIgnoredKeys } from './ignored-keys';

const ORIGIN_NAME: Record<string, string> = {
  'flink-conf.yaml': 'flink-conf.yaml',
  'config.yaml': 'config.yaml',
  FLINK_PROPERTIES: 'FLINK_PROPERTIES',
  flinkConfiguration: 'flinkConfiguration',
  'dynamic-property': '-D argument',
};

export function checkConfigBlocks(ctx: RuleContext): void {
  const { model } = ctx;
  for (const [cm, files] of model.configFiles) {
    const v = versionOfConfigMap(model, cm);
    for (const block of files.values()) checkBlock(ctx, block, block.entries, v);
  }
  for (const block of model.configFileBlocks) checkBlock(ctx, block, block.entries, model.defaultVersion);
  for (const ec of model.containers) {
    if (ec.env) checkBlock(ctx, ec.env, ec.env.entries, ec.version);
    const dyn = [...ec.values.values()].filter((e) => e.origin === 'dynamic-property');
    checkEntries(ctx, dyn, ec.version);
  }
  for (const [doc, block] of model.operatorConfigs) {
    const v = operatorVersion(doc) ?? imageVersion(str(get(doc.object, ['spec', 'image']))) ?? model.defaultVersion;
    checkBlock(ctx, block, block.entries, v);
    for (const e of block.entries) {
      if (OPERATOR_FORBIDDEN_KEYS.includes(e.key)) {
        ctx.report.atOffsets(
          e.doc,
          e.keyOffsets,
          'error',
          'operator-forbidden-config-key',
          `The operator rejects ${e.key} in flinkConfiguration: it sets this key itself (from the resource's name and namespace). Remove it.`,
          e.exactKey ? [fix(`Remove ${e.key}`, edit(e.doc, lineSpan(e), ''))] : undefined,
        );
      }
    }
  }
  checkConfigFileNames(ctx);
  checkIgnoredKeys(ctx);
}

/** Key -> replacement; a plain number of an old `*.mb` key becomes a memory size (1024 -> 1024m). */
function replaceFix(e: ConfigEntry, replacement: string) {
  const keyEdit = edit(e.doc, e.keyOffsets, replacement);
  const mb = e.key.endsWith('.mb') && e.value !== undefined && /^\d+$/.test(e.value.trim());
  return mb
    ? fix(
        `Replace with ${replacement}: ${e.value?.trim()}m`,
        keyEdit,
        edit(e.doc, e.valueOffsets, `${e.value?.trim()}m`),
      )
    : fix(`Replace with ${replacement}`, keyEdit);
}

function lineSpan(e: ConfigEntry): [number, number] {
  const text = e.doc.lines.text;
  const s = text.lastIndexOf('\n', e.keyOffsets[0] - 1) + 1;
  let end = text.indexOf('\n', e.valueOffsets[1]);
  end = end < 0 ? text.length : end + 1;
  return [s, end];
}

function checkBlock(ctx: RuleContext, block: ConfigBlock, entries: ConfigEntry[], v: FlinkVersion | undefined): void {
  for (const p of block.problems) ctx.report.atOffsets(block.doc, p.offsets, p.severity, p.code, p.message);
  if (block.origin === 'flink-conf.yaml') {
    // Flink's legacy parser keeps the last of duplicate keys, silently.
    const seen = new Map<string, ConfigEntry>();
    for (const e of entries) {
      const prev = seen.get(e.key);
      if (prev)
        ctx.report.atOffsets(
          e.doc,
          e.keyOffsets,
          'warning',
          'flink-config-duplicate-key',
          `${e.key} is set twice in flink-conf.yaml; Flink uses this later value (${e.value}) and ignores the earlier one (${prev.value}). Keep one.`,
        );
      seen.set(e.key, e);
    }
  }
  checkEntries(ctx, entries, v);
}

function deprecationApplies(since: string, v: FlinkVersion | undefined): boolean {
  // Unknown version: only deprecations older than every version this tool targets (1.17).
  return v ? atLeast(v, since) : cmp({ major: 1, minor: 17 }, since) >= 0;
}

function checkEntries(ctx: RuleContext, entries: ConfigEntry[], v: FlinkVersion | undefined): void {
  for (const e of entries) {
    const where = ORIGIN_NAME[e.origin];
    const dep = DEPRECATED_KEYS[e.key];
    if (dep) {
      const removed = dep.removedIn && v && atLeast(v, dep.removedIn);
      const fixes = dep.replacement && e.exactKey ? [replaceFix(e, dep.replacement)] : undefined;
      if (removed && dep.removedIn !== '1.10') {
        ctx.report.atOffsets(
          e.doc,
          e.keyOffsets,
          'error',
          'flink-config-removed-key',
          `${e.key} was removed in Flink ${dep.removedIn}: Flink ${show(v!)} ignores it${dep.replacement ? `, so this setting has no effect. Use ${dep.replacement}` : ''}.`,
          fixes,
        );
      } else if (deprecationApplies(dep.since, v)) {
        const msg = dep.replacement
          ? `${e.key} is deprecated since Flink ${dep.since}; use ${dep.replacement}.${dep.note ? ' ' + dep.note : ''}`
          : `${e.key} is deprecated. ${dep.note ?? ''}`.trim();
        ctx.report.atOffsets(e.doc, e.keyOffsets, dep.severity, 'flink-config-deprecated-key', msg, fixes);
      }
      if (e.key.endsWith('.size') && e.value !== undefined) {
        const p = valueProblem('memory', e.value);
        if (p)
          ctx.report.atOffsets(
            e.doc,
            e.valueOffsets,
            'error',
            'flink-config-invalid-value',
            `${e.key}: ${p}. Flink fails to start when it reads this option.`,
          );
      }
      continue;
    }
    const info = KNOWN_KEYS[e.key];
    if (info) {
      if (e.value === undefined) continue;
      const p = valueProblem(info.type, e.value, info.values);
      if (p)
        ctx.report.atOffsets(
          e.doc,
          e.valueOffsets,
          'error',
          'flink-config-invalid-value',
          `${e.key} (${where}): ${p}. Flink fails when it reads this option.`,
        );
      continue;
    }
    for (const verdict of checkKey(e.key, e.value, v)) {
      const r = verdict.replacement;
      ctx.report.atOffsets(
        e.doc,
        verdict.onValue ? e.valueOffsets : e.keyOffsets,
        verdict.severity,
        verdict.code,
        verdict.message,
        r && e.exactKey && !verdict.onValue ? [fix(`Change to ${r}`, edit(e.doc, e.keyOffsets, r))] : undefined,
      );
    }
  }
}

/** Flink 2.x reads only config.yaml; Flink <= 1.18 only flink-conf.yaml; 1.19/1.20 prefer flink-conf.yaml (flink.md §2.2). */
function checkConfigFileNames(ctx: RuleContext): void {
  const done = new Set<string>();
  for (const ec of ctx.model.containers) {
    const v = ec.version;
    if (!v) continue;
    for (const f of ec.unread) {
      const id = `${f.configMap.file}#${f.configMap.index}#${f.dataKey}#${ec.file ? 'read' : 'none'}`;
      if (done.has(id)) continue;
      done.add(id);
      const path = ['data', f.dataKey];
      if (!ec.file && f.fileName === FLINK_CONF && atLeast(v, '2.0')) {
        ctx.report.at(
          f.configMap,
          path,
          'key',
          'error',
          'flink-config-file-version',
          `Flink ${show(v)} reads only config.yaml and ignores flink-conf.yaml, so ${ec.container.name ?? 'the container'} (${ec.template.doc.kind} ${ec.template.doc.name ?? ''}) fails to start: "The Flink config file ... does not exist". Rename the key and the volume item to config.yaml (standard YAML).`,
        );
      } else if (!ec.file && f.fileName === CONFIG_YAML && !atLeast(v, '1.19')) {
        ctx.report.at(
          f.configMap,
          path,
          'key',
          'error',
          'flink-config-file-version',
          `Flink ${show(v)} reads only flink-conf.yaml; config.yaml is supported from Flink 1.19. ${ec.container.name ?? 'The container'} starts without this configuration. Rename the key and the volume item to flink-conf.yaml.`,
        );
      } else if (ec.file && f.fileName === CONFIG_YAML && ec.file.fileName === FLINK_CONF) {
        ctx.report.at(
          f.configMap,
          path,
          'key',
          'warning',
          'flink-config-file-version',
          `Both flink-conf.yaml and config.yaml are mounted: Flink ${show(v)} reads flink-conf.yaml and ignores config.yaml. Keep one file.`,
        );
      }
    }
  }
}
