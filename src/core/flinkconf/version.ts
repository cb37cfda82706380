// Flink versions as read from images (`apache/flink:1.20.1-scala_2.12`, `flink:2.2`), the operator's
// `flinkVersion` (`v1_20`) or a setting ("1.20").

export interface FlinkVersion {
  major: number;
  minor: number;
}

export function parseVersion(text: string | undefined): FlinkVersion | undefined {
  const m = /^v?(\d+)[._](\d+)/.exec(text?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** The Flink version of an image whose repository is named flink (apache/flink, flink, mirror/flink), from its tag.
 * Custom images (my-flink-job:1.0) say nothing about the Flink version inside. */
export function imageVersion(image: string | undefined): FlinkVersion | undefined {
  if (!image) return undefined;
  const [noDigest = image] = image.split('@');
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const repo = noDigest.slice(slash + 1, colon);
  if (repo.toLowerCase() !== 'flink') return undefined;
  return parseVersion(noDigest.slice(colon + 1));
}

export function cmp(a: FlinkVersion, b: FlinkVersion | string): number {
  const bb = typeof b === 'string' ? parseVersion(b)! : b;
  return a.major - bb.major || a.minor - bb.minor;
}

export function atLeast(v: FlinkVersion | undefined, b: string): boolean {
  return !!v && cmp(v, b) >= 0;
}

export function show(v: FlinkVersion): string {
  return `${v.major}.${v.minor}`;
}
