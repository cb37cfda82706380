// Links Flink configuration to the processes that read it: ConfigMap files mounted into Flink
// containers, FLINK_PROPERTIES, -D arguments and operator flinkConfiguration.
import { asArr, asObj, get, str, type ManifestDoc, type ManifestSet } from '../model/parse';
import { podTemplates, sameNamespace, selects, type Container, type PodTemplate } from '../model/workloads';
import { ALIASES, KNOWN_KEYS } from './keys';
import {
  parseConfigYaml,
  parseDynamicProperties,
  parseFlinkConfiguration,
  parseLoose,
  parseLooseFile,
  type ConfigBlock,
  type ConfigEntry,
} from './parse-config';
import { atLeast, parseVersion, type FlinkVersion } from './version';

export const FLINK_CONF = 'flink-conf.yaml';
export const CONFIG_YAML = 'config.yaml';

export interface MountedFile {
  configMap: ManifestDoc;
  dataKey: string;
  /** File name inside the mount (item path or the key). */
  fileName: string;
  volumeName: string;
}

export interface EffectiveConfig {
  template: PodTemplate;
  container: Container;
  version?: FlinkVersion;
  /** The config file Flink reads, if any is mounted. */
  file?: MountedFile;
  /** Config files mounted but not read by this Flink version. */
  unread: MountedFile[];
  /** Last value wins: file, then FLINK_PROPERTIES, then -D arguments. */
  values: Map<string, ConfigEntry>;
  /** FLINK_PROPERTIES block of this container, if any. */
  env?: ConfigBlock;
}

export interface FlinkModel {
  set: ManifestSet;
  templates: PodTemplate[];
  byKind: Map<string, ManifestDoc[]>;
  /** ConfigMap -> data key -> parsed Flink config. */
  configFiles: Map<ManifestDoc, Map<string, ConfigBlock>>;
  containers: EffectiveConfig[];
  operatorConfigs: Map<ManifestDoc, ConfigBlock>;
  /** Bare flink-conf.yaml / config.yaml files (not inside Kubernetes objects). */
  configFileBlocks: ConfigBlock[];
  /** Indexes, so that cross-object rules stay linear in the number of documents. */
  containersByTemplate: Map<PodTemplate, EffectiveConfig[]>;
  templatesByLabel: Map<string, PodTemplate[]>;
  docsByName: Map<string, ManifestDoc[]>;
  defaultVersion?: FlinkVersion;
}

export function lookup(values: Map<string, ConfigEntry>, key: string): ConfigEntry | undefined {
  for (const k of ALIASES[key] ?? [key]) {
    const e = values.get(k);
    if (e) return e;
  }
  return undefined;
}

export function toMap(entries: ConfigEntry[]): Map<string, ConfigEntry> {
  const m = new Map<string, ConfigEntry>();
  for (const e of entries) m.set(e.key, e);
  return m;
}

function looksLikeFlinkConfig(block: ConfigBlock): boolean {
  return block.entries.some(
    (e) =>
      KNOWN_KEYS[e.key] ||
      /^(jobmanager|taskmanager|parallelism|high-availability|state|execution|rest|blob)\./.test(e.key),
  );
}

export function buildModel(set: ManifestSet, defaultVersion?: string): FlinkModel {
  const byKind = new Map<string, ManifestDoc[]>();
  for (const d of set.docs)
    if (d.kind) {
      const l = byKind.get(d.kind) ?? [];
      l.push(d);
      byKind.set(d.kind, l);
    }
  const templates = podTemplates(set.docs);
  const model: FlinkModel = {
    set,
    templates,
    byKind,
    configFiles: new Map(),
    containers: [],
    operatorConfigs: new Map(),
    configFileBlocks: [],
    defaultVersion: parseVersion(defaultVersion),
    containersByTemplate: new Map(),
    templatesByLabel: new Map(),
    docsByName: new Map(),
  };
  for (const d of set.docs) if (d.kind && d.name) push(model.docsByName, `${d.kind}/${d.name}`, d);
  for (const t of templates)
    if (!t.operator) for (const [k, v] of Object.entries(t.labels)) push(model.templatesByLabel, `${k}=${v}`, t);
  for (const d of set.docs) {
    if (d.configFile === 'flink-conf.yaml') model.configFileBlocks.push(parseLooseFile(d));
    else if (d.configFile === 'config.yaml') model.configFileBlocks.push(parseFlinkConfiguration(d, [], 'config.yaml'));
  }

  const configMaps = (byKind.get('ConfigMap') ?? []).filter((d) => d.apiVersion === 'v1');
  const cmByName = new Map<string, ManifestDoc[]>();
  for (const cm of configMaps) if (cm.name) push(cmByName, cm.name, cm);
  const mounted = new Set<ManifestDoc>();
  // Which ConfigMaps are mounted by Flink containers (their config.yaml is then surely Flink's).
  for (const t of templates)
    for (const c of t.containers) {
      if (!c.role) continue;
      for (const f of mountedFiles(t, c, cmByName)) mounted.add(f.configMap);
    }
  for (const cm of configMaps) {
    const data = asObj(cm.object?.data);
    if (!data) continue;
    const files = new Map<string, ConfigBlock>();
    if (typeof data[FLINK_CONF] === 'string')
      files.set(FLINK_CONF, parseLoose(cm, ['data', FLINK_CONF], 'flink-conf.yaml'));
    if (typeof data[CONFIG_YAML] === 'string') {
      const b = parseConfigYaml(cm, ['data', CONFIG_YAML]);
      if (mounted.has(cm) || looksLikeFlinkConfig(b)) files.set(CONFIG_YAML, b);
    }
    if (files.size) model.configFiles.set(cm, files);
  }

  for (const t of templates) {
    if (t.operator) continue;
    for (const c of t.containers) {
      if (c.init || !(c.role || c.version)) continue;
      const ec = effectiveConfig(model, t, c, cmByName);
      model.containers.push(ec);
      push(model.containersByTemplate, t, ec);
    }
  }

  for (const kind of ['FlinkDeployment', 'FlinkSessionJob']) {
    for (const d of byKind.get(kind) ?? []) {
      if (asObj(get(d.object, ['spec', 'flinkConfiguration'])))
        model.operatorConfigs.set(d, parseFlinkConfiguration(d, ['spec', 'flinkConfiguration']));
    }
  }
  return model;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Objects of a kind and name in a namespace (empty namespaces match any). */
export function named(
  model: FlinkModel,
  kind: string,
  name: string | undefined,
  ns: string | undefined,
): ManifestDoc[] {
  return name ? (model.docsByName.get(`${kind}/${name}`) ?? []).filter((d) => sameNamespace(d.namespace, ns)) : [];
}

/** The (non-operator) pod templates a label selector matches in a namespace. */
export function selectTemplates(
  model: FlinkModel,
  selector: Record<string, string>,
  ns: string | undefined,
): PodTemplate[] {
  const first = Object.entries(selector)[0];
  if (!first) return [];
  return (model.templatesByLabel.get(`${first[0]}=${first[1]}`) ?? []).filter(
    (t) => sameNamespace(t.namespace, ns) && selects(selector, t.labels),
  );
}

function mountedFiles(t: PodTemplate, c: Container, byName: Map<string, ManifestDoc[]>): MountedFile[] {
  const out: MountedFile[] = [];
  const volumes = asArr(t.spec.volumes).map(asObj);
  for (const m of asArr(c.obj.volumeMounts)) {
    const mount = asObj(m);
    const vname = str(mount?.name);
    const vol = volumes.find((v) => str(v?.name) === vname);
    const cmName = str(get(vol, ['configMap', 'name']));
    if (!cmName || !vname) continue;
    const cm = (byName.get(cmName) ?? []).find((d) => sameNamespace(d.namespace, t.namespace));
    if (!cm) continue;
    const subPath = str(mount?.subPath);
    const items = asArr(get(vol, ['configMap', 'items'])).map(asObj);
    const dataKeys = Object.keys(asObj(cm.object?.data) ?? {});
    const entries = items.length
      ? items.map((i) => ({ key: str(i?.key) ?? '', path: str(i?.path) ?? '' }))
      : dataKeys.map((k) => ({ key: k, path: k }));
    for (const e of entries) {
      if (subPath && subPath !== e.path) continue;
      const mountPath = str(mount?.mountPath) ?? '';
      const fileName = subPath ? mountPath.slice(mountPath.lastIndexOf('/') + 1) : e.path;
      out.push({ configMap: cm, dataKey: e.key, fileName, volumeName: vname });
    }
  }
  return out;
}

function effectiveConfig(
  model: FlinkModel,
  t: PodTemplate,
  c: Container,
  cmByName: Map<string, ManifestDoc[]>,
): EffectiveConfig {
  const version = c.version ?? model.defaultVersion;
  const files = mountedFiles(t, c, cmByName).filter(
    (f) =>
      (f.fileName === FLINK_CONF || f.fileName === CONFIG_YAML) && model.configFiles.get(f.configMap)?.has(f.dataKey),
  );
  const legacy = files.find((f) => f.fileName === FLINK_CONF);
  const modern = files.find((f) => f.fileName === CONFIG_YAML);
  let file: MountedFile | undefined;
  if (atLeast(version, '2.0')) file = modern;
  else if (version && !atLeast(version, '1.19')) file = legacy;
  else file = legacy ?? modern; // 1.19/1.20 (or unknown): flink-conf.yaml wins when both exist
  const unread = files.filter((f) => f !== file);
  const entries: ConfigEntry[] = [];
  if (file) entries.push(...(model.configFiles.get(file.configMap)?.get(file.dataKey)?.entries ?? []));
  let env: ConfigBlock | undefined;
  asArr(c.obj.env).forEach((e, i) => {
    const eo = asObj(e);
    if (str(eo?.name) === 'FLINK_PROPERTIES' && typeof eo?.value === 'string') {
      env = parseLoose(c.doc, [...c.path, 'env', i, 'value'], 'FLINK_PROPERTIES');
      entries.push(...env.entries);
    }
  });
  for (const field of ['command', 'args'] as const)
    entries.push(...parseDynamicProperties(c.doc, [...c.path, field], asArr(c.obj[field])));
  return { template: t, container: c, version, file, unread, values: toMap(entries), env };
}

/** Flink version for a ConfigMap: the version of the containers that read it. */
export function versionOfConfigMap(model: FlinkModel, cm: ManifestDoc): FlinkVersion | undefined {
  let versions = cmVersions.get(model);
  if (!versions) {
    versions = new Map();
    for (const ec of model.containers)
      if (ec.file && ec.version && !versions.has(ec.file.configMap)) versions.set(ec.file.configMap, ec.version);
    for (const ec of model.containers)
      for (const f of ec.unread) if (ec.version && !versions.has(f.configMap)) versions.set(f.configMap, ec.version);
    cmVersions.set(model, versions);
  }
  return versions.get(cm) ?? model.defaultVersion;
}
const cmVersions = new WeakMap<FlinkModel, Map<ManifestDoc, FlinkVersion>>();

/** Operator `flinkVersion: v1_20` -> 1.20. */
export function operatorVersion(doc: ManifestDoc): FlinkVersion | undefined {
  return parseVersion(str(get(doc.object, ['spec', 'flinkVersion'])));
}
