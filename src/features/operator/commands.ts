// The three operator commands: trigger a savepoint/checkpoint, restore from a snapshot, rescale.
// Each resolves its resource (argument or QuickPick), builds the change, and hands it to runChange.
import * as vscode from 'vscode';
import {
  newDeploymentFromSnapshot,
  parseRescaleInput,
  refText,
  rescaleChange,
  restoreChange,
  snapshotChange,
  type OperatorChange,
  type OperatorResourceRef,
} from '../../kube/operator-actions';
import { operatorKindServed, readOperatorResource } from '../../kube/operator-actions-apply';
import { operatorResourceStatus, snapshotStatus } from '../../kube/operator-status';
import { readOperatorObject } from '../../kube/operator-watch';
import type { TargetStore } from '../shared/kube-target';
import { UserError } from '../shared/problems';
import { clientFor, parseArg, pickResource, pickSnapshot } from './pick';
import { asUserError, runChange, type OperatorRunResult, type RunDeps } from './run';

export interface CommandDeps extends RunDeps {
  store: TargetStore;
}

async function resourceOf(deps: CommandDeps, arg: unknown, title: string): Promise<OperatorResourceRef | undefined> {
  return parseArg(arg)?.resource ?? (await pickResource(deps.store, title));
}

/** Builders throw OperatorActionError for bad input: shown as the user's error, not ours. */
function build(fn: () => OperatorChange): OperatorChange {
  try {
    return fn();
  } catch (e) {
    throw asUserError(e);
  }
}

export async function triggerSnapshot(deps: CommandDeps, arg?: unknown): Promise<OperatorRunResult | undefined> {
  const ref = await resourceOf(deps, arg, 'Trigger a savepoint or checkpoint');
  if (!ref) return undefined;
  const client = clientFor(deps.store, ref);
  const obj = await readOperatorResource(client, ref);
  const type = await vscode.window.showQuickPick(
    [
      {
        label: 'Savepoint',
        description: 'canonical format, kept when the snapshot resource is deleted',
        type: 'savepoint' as const,
      },
      { label: 'Checkpoint', description: "the job's checkpoint storage", type: 'checkpoint' as const },
    ],
    { title: `Snapshot of ${refText(ref)}` },
  );
  if (!type) return undefined;
  const snapshotResource = await operatorKindServed(client, 'FlinkStateSnapshot');
  const change = build(() => snapshotChange(obj, type.type, { snapshotResource }));
  return runChange(deps, client, change);
}

export async function restoreFromSnapshot(deps: CommandDeps, arg?: unknown): Promise<OperatorRunResult | undefined> {
  const parsed = parseArg(arg);
  const ref = parsed?.resource ?? (await pickResource(deps.store, 'Restore from a snapshot'));
  if (!ref) return undefined;
  const client = clientFor(deps.store, ref);
  const obj = await readOperatorResource(client, ref);
  let path: string | undefined;
  let snapName: string;
  if (parsed?.snapshot) {
    const s = parsed.snapshot;
    const raw = await readOperatorObject(client, { kind: 'FlinkStateSnapshot', namespace: s.namespace, name: s.name });
    if (!raw) throw new UserError(`FlinkStateSnapshot ${s.namespace}/${s.name} was not found. Refresh the explorer.`);
    const snap = snapshotStatus(raw);
    if (snap.state !== 'COMPLETED' || !snap.path)
      throw new UserError(
        `${snap.ref} is ${snap.state}${snap.error ? ` (${snap.error})` : ''}: only a COMPLETED snapshot can be restored.`,
      );
    path = snap.path;
    snapName = snap.name;
  } else {
    const snap = await pickSnapshot(client, ref);
    if (!snap) return undefined;
    path = snap.path;
    snapName = snap.name;
  }
  const how = await vscode.window.showQuickPick(
    [
      {
        label: `Redeploy ${ref.name} from it`,
        description: 'stops the running job, starts it from the snapshot',
        mode: 'redeploy' as const,
      },
      { label: 'New deployment from it', description: `a copy of ${ref.name} under a new name`, mode: 'new' as const },
    ],
    { title: `Restore from ${snapName} (${path ?? ''})` },
  );
  if (!how) return undefined;
  if (how.mode === 'new') {
    const newName = await vscode.window.showInputBox({
      title: `New ${ref.kind} from ${snapName}`,
      value: `${ref.name}-restored`.slice(0, 45),
      validateInput: (v) =>
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 45
          ? undefined
          : "Lower-case letters, digits and '-', at most 45 characters.",
    });
    if (!newName) return undefined;
    return runChange(
      deps,
      client,
      build(() => newDeploymentFromSnapshot(obj, newName, path ?? '')),
    );
  }
  const previousJobId = operatorResourceStatus(obj).jobId;
  return runChange(
    deps,
    client,
    build(() => restoreChange(obj, path ?? '')),
    { previousJobId },
  );
}

export async function rescale(deps: CommandDeps, arg?: unknown): Promise<OperatorRunResult | undefined> {
  const ref = await resourceOf(deps, arg, 'Rescale');
  if (!ref) return undefined;
  const client = clientFor(deps.store, ref);
  const obj = await readOperatorResource(client, ref);
  const job = ((obj.spec as Record<string, unknown> | undefined)?.job ?? {}) as { parallelism?: number };
  const text = await vscode.window.showInputBox({
    title: `Rescale ${refText(ref)} (now parallelism ${job.parallelism ?? 'default'})`,
    prompt: 'A parallelism (e.g. 4), or per-vertex overrides: vertexId:parallelism,vertexId:parallelism',
    validateInput: (v) => {
      try {
        parseRescaleInput(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (!text) return undefined;
  return runChange(
    deps,
    client,
    build(() => rescaleChange(obj, parseRescaleInput(text))),
  );
}
