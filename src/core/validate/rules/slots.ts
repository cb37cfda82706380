// parallelism.default against the slots the TaskManagers offer (flink.md §4.6).
import { lookup, toMap } from '../../flinkconf/cluster';
import { asObj, get } from '../../model/parse';
import type { RuleContext } from '../context';

function slotsOf(value: string | undefined): number {
  const n = Number(value ?? '1');
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function checkSlots(ctx: RuleContext): void {
  const jms = ctx.model.containers.filter((ec) => ec.container.role === 'jobmanager');
  const tms = ctx.model.containers.filter(
    (ec) => ec.container.role === 'taskmanager' && ec.template.replicas !== undefined,
  );
  const done = new Set<object>();
  // A JobManager's TaskManagers: those that read the same configuration (ConfigMap).
  const byConfig = new Map<object, typeof tms>();
  for (const tm of tms) if (tm.file) byConfig.set(tm.file.configMap, [...(byConfig.get(tm.file.configMap) ?? []), tm]);
  for (const jm of jms) {
    const p = jm.values.get('parallelism.default');
    const parallelism = Number(p?.value);
    if (!p || !Number.isInteger(parallelism)) continue;
    const adaptive =
      ['reactive'].includes(jm.values.get('scheduler-mode')?.value ?? '') ||
      jm.values.get('jobmanager.scheduler')?.value === 'adaptive';
    const mine = jm.file ? (byConfig.get(jm.file.configMap) ?? []) : [];
    if (adaptive || !mine.length) continue;
    const total = mine.reduce(
      (sum, tm) => sum + (tm.template.replicas ?? 0) * slotsOf(tm.values.get('taskmanager.numberOfTaskSlots')?.value),
      0,
    );
    if (parallelism <= total || done.has(p)) continue;
    done.add(p);
    ctx.report.atOffsets(
      p.doc,
      p.valueOffsets,
      'warning',
      'parallelism-exceeds-slots',
      `parallelism.default is ${parallelism} but the TaskManagers offer ${total} slot${total === 1 ? '' : 's'} (${mine.map((tm) => `${tm.template.replicas} × ${slotsOf(tm.values.get('taskmanager.numberOfTaskSlots')?.value)}`).join(' + ')}): jobs with the default parallelism wait for slots and fail after slot.request.timeout (5 min). Raise the TaskManager replicas or taskmanager.numberOfTaskSlots, or lower parallelism.default.`,
    );
  }
  for (const d of ctx.model.byKind.get('FlinkDeployment') ?? []) {
    const replicas = get(d.object, ['spec', 'taskManager', 'replicas']);
    const p = get(d.object, ['spec', 'job', 'parallelism']);
    if (typeof replicas !== 'number' || typeof p !== 'number') continue;
    const values = toMap(ctx.model.operatorConfigs.get(d)?.entries ?? []);
    const slots = slotsOf(lookup(values, 'taskmanager.numberOfTaskSlots')?.value);
    if (p <= replicas * slots || asObj(get(d.object, ['spec', 'job'])) === undefined) continue;
    if (values.get('scheduler-mode')?.value === 'reactive') continue;
    ctx.report.at(
      d,
      ['spec', 'job', 'parallelism'],
      'value',
      'warning',
      'parallelism-exceeds-slots',
      `job.parallelism is ${p} but taskManager.replicas × taskmanager.numberOfTaskSlots is ${replicas} × ${slots} = ${replicas * slots}: the job waits for slots and fails after slot.request.timeout. Raise replicas or slots, or lower the parallelism.`,
    );
  }
}
