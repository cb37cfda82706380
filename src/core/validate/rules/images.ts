// Flink versions that cannot be seen (`flink:latest`, no tag) and end-of-life images still configured
// with the keys of their time (issue 11). Official `flink` images only: a custom image says nothing.
import { lookup } from '../../flinkconf/cluster';
import { show, type FlinkVersion } from '../../flinkconf/version';
import { get, offsetsAt, str, type ManifestDoc, type PathSeg } from '../../model/parse';
import { edit, fix, type RuleContext } from '../context';

/** Repository and tag of an official Flink image (any registry), or undefined for other images. */
export function flinkImage(image: string): { repo: string; tag?: string } | undefined {
  if (image.includes('@')) return undefined; // a digest pins the version even without a tag
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repo = colon > slash ? image.slice(0, colon) : image;
  if (repo.slice(slash + 1).toLowerCase() !== 'flink') return undefined;
  return { repo, tag: colon > slash ? image.slice(colon + 1) : undefined };
}

/** Keys of Flink 1.9 and earlier whose meaning moved to the memory model of 1.10 (TaskManager) and 1.11 (JobManager). */
const LEGACY_MEMORY: Record<string, string> = {
  'jobmanager.heap.size': 'jobmanager.memory.process.size (Flink 1.11+)',
  'jobmanager.heap.mb': 'jobmanager.memory.process.size (Flink 1.11+)',
  'taskmanager.heap.size': 'taskmanager.memory.process.size (Flink 1.10+)',
  'taskmanager.heap.mb': 'taskmanager.memory.process.size (Flink 1.10+)',
};

function unpinned(
  ctx: RuleContext,
  doc: ManifestDoc,
  path: PathSeg[],
  image: string,
  pinTo: string,
  assumed: FlinkVersion | undefined,
): void {
  const f = flinkImage(image);
  if (!f || (f.tag !== undefined && f.tag !== 'latest')) return;
  const pinned = `${f.repo}:${pinTo}`;
  ctx.report.at(
    doc,
    path,
    'value',
    'warning',
    'flink-image-unpinned',
    `${image} is whatever Flink release is newest when the pod starts (today a 2.x release, which reads only config.yaml and no longer knows removed keys), so the version cannot be seen: the checks here assumed ${assumed ? `Flink ${show(assumed)}` : 'Flink 1.19/1.20 rules'}. Pin a version, e.g. ${pinned}.`,
    [fix(`Pin to ${pinned}`, edit(doc, offsetsAt(doc, path), pinned))],
  );
}

export function checkImages(ctx: RuleContext): void {
  const seen = new Set<string>();
  for (const ec of ctx.model.containers) {
    const c = ec.container;
    if (!c.role || !c.image) continue;
    const path = [...c.path, 'image'];
    const id = `${c.doc.file}|${c.doc.index}|${path.join('.')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // A mounted flink-conf.yaml is read by 1.x only: pin to the last 1.x release line.
    const pinTo = ec.file?.fileName === 'flink-conf.yaml' || !ec.file ? '1.20' : '2.2';
    unpinned(ctx, c.doc, path, c.image, pinTo, ec.version);
    const v = ec.version;
    if (!v || v.major !== 1 || v.minor > 9) continue;
    for (const [key, now] of Object.entries(LEGACY_MEMORY)) {
      const e = lookup(ec.values, key);
      if (!e || e.key !== key) continue;
      ctx.report.atOffsets(
        e.doc,
        e.keyOffsets,
        'warning',
        'flink-end-of-life-keys',
        `Flink ${show(v)} (image ${c.image}) is end of life: no security or bug fixes, and no operator or current Flink client supports it. ${key} is read only up to 1.9; after upgrading the image set ${now} instead, sized as the whole process (heap plus managed and network memory).`,
      );
    }
  }
  for (const d of ctx.model.byKind.get('FlinkDeployment') ?? []) {
    const image = str(get(d.object, ['spec', 'image']));
    const fv = str(get(d.object, ['spec', 'flinkVersion']))?.match(/^v(\d+)_(\d+)$/);
    if (!image) continue;
    const pinTo = fv ? `${fv[1]}.${fv[2]}` : '1.20';
    unpinned(ctx, d, ['spec', 'image'], image, pinTo, fv ? { major: Number(fv[1]), minor: Number(fv[2]) } : undefined);
  }
}
