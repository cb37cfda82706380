// Flink release lines the scaffold offers, and what differs between them (see docs/reference/flink.md §2, §4.9).

export const FLINK_VERSIONS = ['1.17', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2'] as const;
export type FlinkVersion = (typeof FLINK_VERSIONS)[number];

export type ConfigFileName = 'flink-conf.yaml' | 'config.yaml';

export function isFlinkVersion(v: string): v is FlinkVersion {
  return (FLINK_VERSIONS as readonly string[]).includes(v);
}

export function majorOf(v: FlinkVersion): number {
  return Number(v.split('.')[0]);
}

function minorOf(v: FlinkVersion): number {
  return Number(v.split('.')[1]);
}

/** At or after `other` (both are release lines of the list above). */
export function atLeast(v: FlinkVersion, major: number, minor: number): boolean {
  return majorOf(v) > major || (majorOf(v) === major && minorOf(v) >= minor);
}

/**
 * Config files a release reads: <=1.18 only flink-conf.yaml; 1.19/1.20 either (legacy wins if both exist);
 * 2.x only config.yaml. The first entry is the default offered.
 */
export function configFilesFor(v: FlinkVersion): readonly [ConfigFileName, ...ConfigFileName[]] {
  if (majorOf(v) >= 2) return ['config.yaml'];
  if (atLeast(v, 1, 19)) return ['config.yaml', 'flink-conf.yaml'];
  return ['flink-conf.yaml'];
}

/** The operator CRD's `flinkVersion` enum value (v1_17 .. v2_2). */
export function operatorFlinkVersion(v: FlinkVersion): string {
  return `v${v.replace('.', '_')}`;
}

/**
 * Tag of the official `flink` image for a release line. Minor-version tags float to the latest patch.
 * Java 17 images exist from 1.18 on; 1.17 ships Java 8 and 11 only.
 */
export function defaultImageTag(v: FlinkVersion): string {
  const java = atLeast(v, 1, 18) ? 'java17' : 'java11';
  return `${v}-scala_2.12-${java}`;
}

/** Official image reference; `registry` (e.g. a mirror such as `registry.example.com/library`) is prefixed when set. */
export function defaultFlinkImage(v: FlinkVersion, registry = ''): string {
  const prefix = registry.trim().replace(/\/+$/, '');
  return `${prefix ? `${prefix}/` : ''}flink:${defaultImageTag(v)}`;
}
