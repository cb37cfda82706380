// Storage that will not survive (issue 11): checkpoints, savepoints or HA data on an emptyDir (or a
// volume with no source, which Kubernetes makes an emptyDir) go away with the pod, so a restarted
// JobManager finds nothing to restore. For operator resources this matters under upgradeMode
// last-state/savepoint, which restore from those directories.
import { asArr, asObj, get, str } from '../../model/parse';
import type { PodTemplate } from '../../model/workloads';
import type { RuleContext } from '../context';
import { stateDirs, under } from './references';

/** Keys of a volume that are not its source. */
const NOT_A_SOURCE = new Set(['name']);

export function checkStorage(ctx: RuleContext): void {
  for (const t of ctx.model.templates) {
    let mode: string | undefined;
    if (t.operator) {
      mode = str(get(t.doc.object, ['spec', 'job', 'upgradeMode']));
      if (mode !== 'last-state' && mode !== 'savepoint') continue;
    }
    checkTemplate(ctx, t, mode);
  }
}

function checkTemplate(ctx: RuleContext, t: PodTemplate, mode: string | undefined): void {
  const { durable } = stateDirs(ctx, t);
  if (!durable.length) return;
  asArr(t.spec.volumes).forEach((v, i) => {
    const vo = asObj(v);
    if (!vo) return;
    const sources = Object.keys(vo).filter((k) => !NOT_A_SOURCE.has(k));
    const ephemeral = vo.emptyDir !== undefined || sources.length === 0;
    if (!ephemeral) return;
    const vname = str(vo.name);
    const mounts = t.containers
      .filter((c) => !c.init)
      .flatMap((c) =>
        asArr(c.obj.volumeMounts)
          .map(asObj)
          .filter((m) => str(m?.name) === vname)
          .map((m) => str(m?.mountPath) ?? ''),
      );
    const held = durable.filter((d) => mounts.some((mp) => mp && under([d], mp)));
    if (!held.length) return;
    const why = mode
      ? `with upgradeMode: ${mode} the operator restores the job from there after an upgrade or a JobManager restart, and finds nothing`
      : 'a JobManager pod that is replaced (node drain, eviction, upgrade) starts without them and the job loses its state';
    ctx.report.at(
      t.doc,
      [...t.specPath, 'volumes', i, sources.length ? 'emptyDir' : 'name'],
      'key',
      'warning',
      'ephemeral-state-volume',
      `Volume ${vname ?? ''} is ${sources.length ? 'an emptyDir' : 'a volume without a source (an emptyDir)'} but holds ${held.join(', ')}: it is deleted with the pod, so ${why}. Mount a PersistentVolumeClaim (ReadWriteMany, shared by JobManager and TaskManagers) there, or point the directories at remote storage (s3://, gs://, abfs://, hdfs://).`,
    );
  });
}
