// Finds a job, TaskManager or checkpoint in the explorer's tree (loading the levels on the way, as
// expanding them would) for `_flink.revealJob`, which the log viewer calls when an id in a log
// line is clicked. Records each node's parent on the way: TreeView.reveal asks for them.
import type { JobsModel } from './model';
import type { JobsNode } from './nodes';

export interface RevealTarget {
  clusterId?: string;
  jobId?: string;
  taskManagerId?: string;
  checkpointId?: number;
}

export function isRevealTarget(v: unknown): v is RevealTarget {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const optStr = (x: unknown) => x === undefined || typeof x === 'string';
  return (
    optStr(o.clusterId) &&
    optStr(o.jobId) &&
    optStr(o.taskManagerId) &&
    (o.checkpointId === undefined || typeof o.checkpointId === 'number') &&
    (o.jobId !== undefined || o.taskManagerId !== undefined)
  );
}

export interface Found {
  node: JobsNode;
  /** The node asked for (false: its closest loaded ancestor, e.g. the job when the checkpoint is not listed). */
  exact: boolean;
}

/** Searches the clusters (the given one, else all) for the target; records parents into `parents`. */
export async function findInTree(
  model: Pick<JobsModel, 'resolveChildren'>,
  t: RevealTarget,
  parents: Map<string, JobsNode | undefined>,
): Promise<Found | undefined> {
  const kids = async (n: JobsNode | undefined): Promise<JobsNode[]> => {
    const list = await model.resolveChildren(n);
    for (const k of list) parents.set(k.id, n);
    return list;
  };
  /** Breadth-first below `from`, descending only into nodes `into` accepts, until `match`. */
  const search = async (
    from: JobsNode | undefined,
    into: (n: JobsNode) => boolean,
    match: (n: JobsNode) => boolean,
  ): Promise<JobsNode | undefined> => {
    let level = [from];
    for (let depth = 0; depth < 4 && level.length; depth++) {
      const next: JobsNode[] = [];
      for (const n of level) {
        for (const k of await kids(n)) {
          if (match(k)) return k;
          if (into(k)) next.push(k);
        }
      }
      level = next;
    }
    return undefined;
  };
  const clusters: JobsNode[] = [];
  await search(
    undefined,
    (n) => n.kind === 'blueGreen',
    (n) => {
      if (n.kind === 'cluster' && (!t.clusterId || n.id === t.clusterId)) clusters.push(n);
      return false;
    },
  );
  for (const cluster of clusters) {
    if (t.taskManagerId) {
      const tm = await search(
        cluster,
        (n) => n.kind === 'taskmanagers',
        (n) => n.kind === 'taskmanager' && n.tm.id === t.taskManagerId,
      );
      if (tm) return { node: tm, exact: true };
      continue;
    }
    const job = await search(
      cluster,
      (n) => n.kind === 'stateGroup',
      (n) => n.kind === 'job' && n.job.jid === t.jobId,
    );
    if (!job) continue;
    if (t.checkpointId === undefined) return { node: job, exact: true };
    const cp = await search(
      job,
      (n) => n.kind === 'section' && n.section === 'checkpoints',
      (n) => n.kind === 'checkpoint' && n.checkpoint.id === t.checkpointId,
    );
    return cp ? { node: cp, exact: true } : { node: job, exact: false };
  }
  return undefined;
}
