#!/usr/bin/env node
// Generates src/core/flinkconf/catalog/options.json: every Flink ConfigOption per supported version,
// read by reflection from the released distributions (PyPI's apache-flink-libraries carries
// flink-dist with flink-kubernetes, which Maven Central does not serve), plus the Flink Kubernetes
// Operator's and autoscaler's options from the operator's generated docs tables.
//
//   node scripts/gen-flink-catalog.mjs           download (first run ~1.8 GB), extract, write
//   node scripts/gen-flink-catalog.mjs --check   regenerate in memory, exit 1 if the committed data differs
//   node scripts/gen-flink-catalog.mjs --offline use only what the cache holds (no download)
//   node scripts/setup.mjs catalog              only fetch and unpack the jars (what the tests read)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = process.env.FLINK_CATALOG_CACHE ?? join(homedir(), '.cache', 'flink-vscode', 'catalog');
export const OPERATOR_SRC =
  process.env.FLINK_OPERATOR_SRC ?? resolve(root, '..', 'shared', 'flink-kubernetes-operator');
export const OUT = join(root, 'src', 'core', 'flinkconf', 'catalog', 'options.json');
/** Supported minor versions and the release each is read from (the newest patch PyPI serves). */
export const RELEASES = {
  1.17: '1.17.2',
  1.18: '1.18.1',
  1.19: '1.19.3',
  '1.20': '1.20.5',
  '2.0': '2.0.2',
  2.1: '2.1.3',
  2.2: '2.2.1',
  2.3: '2.3.0',
};
const OPERATOR_TABLES = [
  'kubernetes_operator_config_configuration.html',
  'auto_scaler_configuration.html',
  'kubernetes_operator_metric_configuration.html',
];
/** Families whose last segments are free (Flink forwards them to a plugin or Hadoop), as patterns. */
const FAMILIES = [
  ['s3.<option>', 'S3 file system option (flink-s3-fs-hadoop/presto plugin, forwarded to Hadoop/Presto).'],
  ['s3a.<option>', 'S3A option forwarded to Hadoop by the S3 file system plugin.'],
  ['fs.s3a.<option>', 'S3A option forwarded to Hadoop by the S3 file system plugin.'],
  ['presto.s3.<option>', 'Presto S3 option forwarded by flink-s3-fs-presto.'],
  ['fs.<scheme>.<option>', 'File system option for the scheme <scheme> (e.g. fs.oss.*, fs.azure.*, fs.gs.*).'],
  ['gs.<option>', 'Google Cloud Storage option (flink-gs-fs-hadoop plugin).'],
  ['flink.hadoop.<option>', 'Hadoop configuration passed through by Flink (the prefix is stripped).'],
  ['containerized.master.env.<name>', 'Environment variable <name> of the JobManager container.'],
  ['containerized.taskmanager.env.<name>', 'Environment variable <name> of the TaskManager containers.'],
  ['metrics.reporter.<name>.<option>', 'Option <option> of the metric reporter named <name>.'],
  ['traces.reporter.<name>.<option>', 'Option <option> of the trace reporter named <name>.'],
  ['events.reporter.<name>.<option>', 'Option <option> of the event reporter named <name>.'],
  ['external-resource.<name>.<option>', 'Option of the external resource <name>.'],
  ['kubernetes.operator.<option>', 'Flink Kubernetes Operator option not in its generated docs.'],
];

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
}
const sha = (s) => createHash('sha256').update(s).digest('hex');

/** The jars of one release, unpacked from the PyPI package into the cache. */
function jarsOf(release, offline) {
  const dir = join(CACHE, 'jars', release);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    const dl = join(CACHE, 'dl');
    let pkg = existsSync(dl) && readdirSync(dl).find((f) => f.replace('_', '-').includes(`libraries-${release}`));
    if (!pkg) {
      if (offline) throw new Error(`no cached apache-flink-libraries ${release} in ${dl}; run without --offline`);
      const venv = join(CACHE, 'venv-dl');
      if (!existsSync(join(venv, 'bin', 'pip'))) sh('python3', ['-m', 'venv', venv]);
      process.stderr.write(`downloading apache-flink-libraries ${release} from PyPI\n`);
      sh(join(venv, 'bin', 'pip'), [
        'download',
        '--no-deps',
        '--disable-pip-version-check',
        '-d',
        dl,
        `apache-flink-libraries==${release}`,
      ]);
      pkg = readdirSync(dl).find((f) => f.replace('_', '-').includes(`libraries-${release}`));
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dl, pkg);
    if (file.endsWith('.whl'))
      sh('unzip', ['-q', '-o', file, 'pyflink/lib/*.jar', 'pyflink/opt/*.jar', 'pyflink/plugins/*', '-d', dir]);
    else sh('tar', ['xzf', file, '-C', dir, '--wildcards', '*/deps/lib/*.jar', '*/deps/opt/*.jar', '*/deps/plugins/*']);
    writeFileSync(done, '');
  }
  return jarFiles(dir);
}

/** Every jar under `dir` (Flink's own and its plugins'; log4j's left out), sorted. */
export function jarFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jar') && !e.name.startsWith('log4j')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Setup (scripts/setup.mjs catalog): fetches and unpacks the jars of every supported release, so the
 * tests that judge the catalog against Flink's own classes (flinkconf-catalog, flinkconf-option-scan)
 * find them on a fresh machine. About 2 GB from PyPI on the first run; nothing when cached. */
export async function install() {
  for (const release of Object.values(RELEASES)) {
    const started = Date.now();
    const jars = jarsOf(release, false);
    console.log(`  Flink ${release}: ${jars.length} jars (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

const EXTRACTOR = join(root, 'tools', 'flink-catalog', 'ConfigExtractor.java');
/** The cached extraction of one release, named for the extractor's content: a changed extractor
 * re-extracts, and worktrees with another extractor keep their own files in the shared cache. */
export function rawFile(release) {
  return join(CACHE, 'raw', `${release}-${sha(readFileSync(EXTRACTOR, 'utf8')).slice(0, 12)}.jsonl`);
}

/** Raw options of one release: the Java extractor's JSON lines, cached per release. */
function extract(release, offline) {
  const file = rawFile(release);
  if (!existsSync(file)) {
    const src = EXTRACTOR;
    const classes = join(CACHE, `classes-${sha(readFileSync(src, 'utf8')).slice(0, 12)}`);
    mkdirSync(classes, { recursive: true });
    sh('javac', ['-nowarn', '-d', classes, src]);
    const jars = jarsOf(release, offline);
    process.stderr.write(`extracting options of Flink ${release} from ${jars.length} jars\n`);
    const out = sh('java', ['-cp', classes, 'ConfigExtractor', ...jars]);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp${process.pid}`, out);
    renameSync(`${file}.tmp${process.pid}`, file);
  }
  return readFileSync(file, 'utf8');
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", nbsp: ' ' };
function plain(html) {
  return html
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, e) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
}
/** First sentence, at most 200 characters: hover shows it, the docs link has the rest. */
function short(text) {
  const t = plain(text);
  const m = /^(.{20,}?[.!?])(\s|$)/.exec(t);
  const s = m ? m[1] : t;
  return s.length > 200 ? s.slice(0, 197).replace(/\s+\S*$/, '') + '...' : s;
}

/** A raw option to the catalog's compact form; undefined when the key is not a configuration key. */
function fromRaw(o) {
  let key = o.key;
  if (key.startsWith('$internal')) return undefined;
  // Before 1.20 the GPU driver declared its parameters bare (GPUDriver); they are read under this prefix.
  if (o.class.startsWith('org.apache.flink.externalresource.gpu.') && !key.startsWith('external-resource.'))
    key = `external-resource.<resource_name>.param.${key}`;
  if (!key.includes('.')) {
    // Reporter options are declared bare and read under metrics.reporter.<name>.; the rest are
    // catalog/module/table factory options, not cluster configuration.
    if (o.class.startsWith('org.apache.flink.metrics.')) key = `metrics.reporter.<name>.${key}`;
    else if (!o.class.startsWith('org.apache.flink.configuration.')) return undefined;
  }
  // FactoryUtil declares the WITH-clause options every table connector shares (scan.*, sink.*):
  // not cluster configuration. Its SQL gateway options are.
  if (o.class === 'org.apache.flink.table.factories.FactoryUtil' && !/^(sql-gateway|workflow-scheduler)\./.test(key))
    return undefined;
  const e = { t: o.type };
  if (o.enum) e.e = o.enum;
  if (o.default !== undefined) e.d = o.default;
  let h = short(o.description ?? '');
  // Bare reporter options of different reporters share a key pattern: say whose it is.
  if (key.startsWith('metrics.reporter.<name>.') && !o.key.includes('.')) h = `${o.class.split('.')[4]} reporter: ${h}`;
  if (h) e.h = h;
  if (o.deprecated) e.x = 1;
  if (o.hidden) e.i = 1;
  return { key, e, deprecatedKeys: o.deprecatedKeys ?? [], fallback: o.fallback ?? [] };
}

function operatorOptions() {
  const out = new Map();
  const inputs = {};
  for (const f of OPERATOR_TABLES) {
    const path = join(OPERATOR_SRC, 'docs', 'layouts', 'shortcodes', 'generated', f);
    const html = readFileSync(path, 'utf8');
    inputs[`operator/${f}`] = sha(html);
    for (const row of html.matchAll(
      /<tr>\s*<td><h5>([^<]+)<\/h5><\/td>\s*<td[^>]*>([\s\S]*?)<\/td>\s*<td>([\s\S]*?)<\/td>\s*<td>([\s\S]*?)<\/td>\s*<\/tr>/g,
    )) {
      const [, key, def, type, desc] = row;
      const t = operatorType(plain(type));
      const e = { t: t.t };
      if (t.e) e.e = t.e;
      const d = plain(def);
      if (d && d !== '(none)') e.d = d;
      const h = short(desc);
      if (h) e.h = h;
      e.o = 1;
      out.set(plain(key), e);
    }
  }
  return { options: out, inputs };
}
function operatorType(t) {
  const simple = {
    String: 'string',
    Integer: 'int',
    Long: 'long',
    Boolean: 'bool',
    Double: 'float',
    Float: 'float',
    Duration: 'duration',
    MemorySize: 'memory',
    Map: 'map',
  };
  if (simple[t]) return { t: simple[t] };
  const list = /^List<(\w+)>$/.exec(t);
  if (list) return { t: `list<${simple[list[1]] ?? 'string'}>` };
  const en = /^Enum/.exec(t);
  if (en) return { t: 'enum' };
  return { t: 'string' };
}

/** Merges the per-version options into one map: the newest definition, plus the versions that have it. */
export function build({ offline = false } = {}) {
  const versions = Object.keys(RELEASES);
  const options = new Map();
  const inputs = {};
  const counts = {};
  versions.forEach((v, vi) => {
    const raw = extract(RELEASES[v], offline);
    inputs[`flink/${RELEASES[v]}`] = sha(raw);
    let n = 0;
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const r = fromRaw(JSON.parse(line));
      if (!r) continue;
      n++;
      const prev = options.get(r.key);
      const cur = { ...r.e, v: [...(prev?.v ?? []), vi] };
      if (prev?.dd) cur.dd = prev.dd;
      if (prev && prev.t && prev.d !== r.e.d && prev.d !== undefined)
        cur.dd = { ...(prev.dd ?? {}), [versions[prev.v.at(-1)]]: prev.d };
      delete cur.x;
      if (r.e.x) cur.ds = prev?.ds ?? v;
      if (prev?.r) Object.assign(cur, { r: prev.r, ds: prev.ds });
      options.set(r.key, cur);
      for (const dk of r.deprecatedKeys) {
        if (dk === r.key) continue;
        const p = options.get(dk);
        // A deprecated spelling that may also be (or have been) an option of its own.
        const next = p ? { ...p } : { t: r.e.t };
        if (!next.v?.includes(vi)) next.v = [...(next.v ?? []), vi];
        next.r = r.key;
        next.ds ??= v;
        options.set(dk, next);
      }
    }
    counts[v] = n;
  });
  const op = operatorOptions();
  Object.assign(inputs, op.inputs);
  const all = {};
  for (const [k, e] of [...options].sort(([a], [b]) => (a < b ? -1 : 1))) {
    all[k] = { ...e, v: ranges(e.v) };
  }
  for (const [k, e] of op.options) if (!all[k]) all[k] = e;
  const families = FAMILIES.map(([pattern, h]) => ({ p: pattern, h }));
  return {
    catalog: {
      source:
        'Generated by scripts/gen-flink-catalog.mjs from Apache Flink releases (ConfigOption fields read by reflection) and the Flink Kubernetes Operator docs tables; Apache License 2.0.',
      versions,
      releases: versions.map((v) => RELEASES[v]),
      inputs,
      counts,
      options: all,
      families,
    },
  };
}

/** [0,1,2,5,6] -> [[0,2],[5,6]] (version index ranges, inclusive). */
function ranges(idx) {
  const out = [];
  for (const i of [...new Set(idx)].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

export function serialize(catalog) {
  // One option per line: small diffs when a release changes a few.
  const { options, ...head } = catalog;
  const lines = Object.entries(options).map(([k, e]) => `${JSON.stringify(k)}:${JSON.stringify(e)}`);
  return `${JSON.stringify(head).slice(0, -1)},"options":{\n${lines.join(',\n')}\n}}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const { catalog } = build({ offline: check || process.argv.includes('--offline') });
  const text = serialize(catalog);
  const counts = Object.entries(catalog.counts)
    .map(([v, n]) => `${v}: ${n}`)
    .join(', ');
  if (check) {
    const committed = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
    if (committed !== text) {
      console.error(
        `gen-flink-catalog: ${OUT} differs from what the script generates; run node scripts/gen-flink-catalog.mjs`,
      );
      process.exit(1);
    }
    console.log(`gen-flink-catalog: committed catalog matches (${counts})`);
  } else {
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, text);
    console.log(
      `gen-flink-catalog: ${Object.keys(catalog.options).length} keys in ${(text.length / 1024).toFixed(0)} KB; Flink options per version: ${counts}`,
    );
  }
}
