// What the image must bring for the job to run (issue 11): the file system plugin of every remote
// path (s3://, gs://, abfs://, oss://), Hadoop for hdfs://, PyFlink for Python jobs. Only the official
// `flink` image is judged: it ships the file systems under /opt/flink/opt (not enabled), no Hadoop
// and no Python. A custom image says nothing (its Dockerfile, which the validator cannot see, is
// where the scaffolds and most teams put plugins), so it is left alone, as the image rules do.
import { get, str, asArr, asObj, type ManifestDoc, type PathSeg } from '../../model/parse';
import type { ConfigEntry } from '../../flinkconf/parse-config';
import type { Container } from '../../model/workloads';
import type { RuleContext } from '../context';
import { isCanary } from './operator';
import { flinkImage } from './images';

/** Scheme -> plugin folders of the official image's /opt/flink/opt that serve it. */
const FS_PLUGINS: Record<string, string[]> = {
  s3: ['s3-fs-presto', 's3-fs-hadoop'],
  s3a: ['s3-fs-hadoop'],
  s3p: ['s3-fs-presto'],
  gs: ['gs-fs-hadoop'],
  oss: ['oss-fs-hadoop'],
  abfs: ['azure-fs-hadoop'],
  abfss: ['azure-fs-hadoop'],
  wasb: ['azure-fs-hadoop'],
  wasbs: ['azure-fs-hadoop'],
};
const PLUGINS_DIR = '/opt/flink/plugins';
const PYTHON_ARGS = new Set(['-py', '--python', '-pym', '--pyModule']);

/** One Flink process group to judge: its image, configuration, containers and (operator) job. */
interface Unit {
  doc: ManifestDoc;
  image: string | undefined;
  imagePath: PathSeg[];
  entries: ConfigEntry[];
  containers: Container[];
  /** Python job evidence: where to report, and what it is. */
  python?: { path: PathSeg[]; what: string };
}

/**
 * The value of an environment variable on any of the containers, or set through the operator's
 * containerized.master/taskmanager.env.* options; '' when it comes from a ConfigMap or Secret (unknown).
 */
function envValue(containers: Container[], entries: ConfigEntry[], name: string): string | undefined {
  for (const c of containers)
    for (const e of asArr(c.obj.env)) {
      const eo = asObj(e);
      if (str(eo?.name) === name) return eo?.valueFrom !== undefined ? UNKNOWN : (str(eo?.value) ?? '');
    }
  const opt = entries.find(
    (e) => e.key === `containerized.master.env.${name}` || e.key === `containerized.taskmanager.env.${name}`,
  );
  return opt ? (opt.value ?? '') : undefined;
}
const UNKNOWN = '\u0000unknown';

function mountsPlugins(containers: Container[]): boolean {
  return containers.some((c) =>
    asArr(c.obj.volumeMounts).some((m) => {
      const mp = str(asObj(m)?.mountPath) ?? '';
      return mp === PLUGINS_DIR || mp.startsWith(`${PLUGINS_DIR}/`);
    }),
  );
}

function pythonArgs(args: unknown[], base: PathSeg[]): { path: PathSeg[]; what: string } | undefined {
  const i = args.findIndex((a) => typeof a === 'string' && (PYTHON_ARGS.has(a) || a.endsWith('PythonDriver')));
  return i < 0 ? undefined : { path: [...base, i], what: `the argument ${String(args[i])}` };
}

function units(ctx: RuleContext): Unit[] {
  const out: Unit[] = [];
  for (const d of ctx.model.byKind.get('FlinkDeployment') ?? []) {
    if (!d.object || isCanary(d)) continue;
    const containers = ctx.model.templates
      .filter((t) => t.operator && t.doc === d)
      .flatMap((t) => t.containers.filter((c) => !c.init && c.name === 'flink-main-container'));
    const job = asObj(get(d.object, ['spec', 'job']));
    const jar = str(job?.jarURI);
    const entry = str(job?.entryClass);
    const python =
      entry?.endsWith('PythonDriver') === true
        ? { path: ['spec', 'job', 'entryClass'], what: `entryClass ${entry}` }
        : jar && /flink-python[-_]/.test(jar)
          ? { path: ['spec', 'job', 'jarURI'], what: `jarURI ${jar}` }
          : pythonArgs(asArr(job?.args), ['spec', 'job', 'args']);
    out.push({
      doc: d,
      // The operator runs flink:<flinkVersion>-like images when none is given; judge what is written.
      image: str(get(d.object, ['spec', 'image'])),
      imagePath: ['spec', 'image'],
      entries: ctx.model.operatorConfigs.get(d)?.entries ?? [],
      containers,
      ...(python ? { python } : {}),
    });
  }
  for (const t of ctx.model.templates) {
    if (t.operator) continue;
    const flink = t.containers.filter((c) => !c.init && c.role);
    const main = flink[0];
    if (!main) continue;
    const entries = (ctx.model.containersByTemplate.get(t) ?? []).flatMap((ec) => [...ec.values.values()]);
    const python = pythonArgs(asArr(main.obj.args), [...main.path, 'args']);
    out.push({
      doc: t.doc,
      image: main.image,
      imagePath: [...main.path, 'image'],
      entries,
      containers: flink,
      ...(python ? { python } : {}),
    });
  }
  return out;
}

export function checkPlugins(ctx: RuleContext): void {
  for (const u of units(ctx)) {
    if (!u.image) continue;
    const official = flinkImage(u.image);
    if (!official) continue;
    const tag = official.tag ?? 'latest';
    const enabled = envValue(u.containers, u.entries, 'ENABLE_BUILT_IN_PLUGINS') ?? '';
    // A plugins mount or a variable from a ConfigMap/Secret: its content cannot be seen, so it counts.
    const mounted = mountsPlugins(u.containers) || enabled === UNKNOWN;
    const hadoop = envValue(u.containers, u.entries, 'HADOOP_CLASSPATH') !== undefined;
    for (const e of u.entries) {
      const m = /^([a-z][a-z\d+.-]*):\/\//i.exec(e.value ?? '');
      const scheme = m?.[1]?.toLowerCase();
      if (!scheme) continue;
      const plugins = FS_PLUGINS[scheme];
      if (plugins && !mounted && !plugins.some((p) => enabled.includes(`flink-${p}`))) {
        const jar = `flink-${plugins[0]}-<version>.jar`;
        ctx.report.atOffsets(
          e.doc,
          e.valueOffsets,
          'warning',
          'flink-fs-plugin-missing',
          `${e.key} is on ${scheme}://, but the image ${u.image} does not enable the ${plugins.join(' or ')} plugin (the official image ships it in /opt/flink/opt, not in /opt/flink/plugins): Flink fails with "Could not find a file system implementation for scheme '${scheme}'". Set the environment variable ENABLE_BUILT_IN_PLUGINS=${jar} (the image's Flink version) on every Flink container, or build an image that copies the jar into ${PLUGINS_DIR}/${plugins[0]}/.`,
        );
      }
      if (scheme === 'hdfs' && !hadoop) {
        ctx.report.atOffsets(
          e.doc,
          e.valueOffsets,
          'warning',
          'flink-hdfs-without-hadoop',
          `${e.key} is on hdfs://, but the image ${u.image} has no Hadoop and no container sets HADOOP_CLASSPATH: Flink cannot load the HDFS file system ("Hadoop is not in the classpath/dependencies"). Build an image with the Hadoop client and set HADOOP_CLASSPATH (\`hadoop classpath\`), or use a plugin file system (s3://, gs://, abfs://).`,
        );
      }
    }
    if (u.python && !/py/i.test(tag)) {
      ctx.report.at(
        u.doc,
        u.python.path,
        'value',
        'warning',
        'flink-python-image',
        `This is a Python job (${u.python.what}), but the official image ${u.image} has neither Python nor PyFlink installed: the job fails at submission. Build an image FROM ${u.image} that installs Python 3 and apache-flink (as in the Flink docs' "Using Flink Python on Docker") and use it here.`,
      );
    }
  }
}
