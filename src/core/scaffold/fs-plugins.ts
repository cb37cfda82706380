// File system plugins for session clusters on the official image: it ships flink-s3-fs-* and the
// other file systems in /opt/flink/opt, not enabled, and ENABLE_BUILT_IN_PLUGINS needs the exact jar
// name (with the patch version a floating tag hides). An init container of the same image copies the
// jar into an emptyDir mounted under /opt/flink/plugins, whatever the patch. Application images get
// their plugins from the Dockerfile instead (parts.ts).
import { dirSchemes } from './flinkConfig';
import { isApplication, isOfficialFlinkImage, type ScaffoldOptions } from './options';

const FS_PLUGINS: Record<string, string> = {
  s3: 's3-fs-presto',
  s3a: 's3-fs-hadoop',
  s3p: 's3-fs-presto',
  gs: 'gs-fs-hadoop',
  oss: 'oss-fs-hadoop',
  abfs: 'azure-fs-hadoop',
  abfss: 'azure-fs-hadoop',
  wasb: 'azure-fs-hadoop',
  wasbs: 'azure-fs-hadoop',
};

/** Plugin folders the dirs need, e.g. `s3-fs-presto`. */
export function fsPluginsOf(o: ScaffoldOptions): string[] {
  return [
    ...new Set(
      dirSchemes(o)
        .map((s) => FS_PLUGINS[s])
        .filter((p): p is string => !!p),
    ),
  ];
}

export interface PluginParts {
  readonly initContainer: object;
  readonly mounts: object[];
  readonly volumes: object[];
  readonly comment: string;
}

/** For session clusters on an official `flink` image whose dirs need plugins; undefined otherwise. */
export function sessionPluginParts(o: ScaffoldOptions): PluginParts | undefined {
  if (isApplication(o.kind)) return undefined;
  if (!isOfficialFlinkImage(o.image)) return undefined;
  const plugins = fsPluginsOf(o);
  if (!plugins.length) return undefined;
  const vol = (p: string) => `plugin-${p}`;
  return {
    initContainer: {
      name: 'enable-fs-plugins',
      image: o.image,
      command: ['sh', '-c', plugins.map((p) => `cp /opt/flink/opt/flink-${p}-*.jar /plugins/${p}/`).join(' && ')],
      volumeMounts: plugins.map((p) => ({ name: vol(p), mountPath: `/plugins/${p}` })),
    },
    mounts: plugins.map((p) => ({ name: vol(p), mountPath: `/opt/flink/plugins/${p}` })),
    volumes: plugins.map((p) => ({ name: vol(p), emptyDir: {} })),
    comment: `The ${plugins.join(', ')} file system is a plugin the image ships disabled: the init container copies it\ninto /opt/flink/plugins (ENABLE_BUILT_IN_PLUGINS would need the exact patch version in the jar name).`,
  };
}
