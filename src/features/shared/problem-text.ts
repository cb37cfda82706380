// The wording of failures, pure (no vscode) so that it is unit-tested: "<what failed>: <what
// happened>", with the actions that help for that kind of failure. Typed errors carry what the user
// needs (KubeError: reason and object; FlinkRestError: URL and Flink's own error); anything else is
// a bug of ours, said so plainly, with its stack in the log only.
import { FlinkOperationError, FlinkRestError } from '../../flink/errors';
import { KubeError } from '../../kube/errors';

/** An error whose message is already written for the user (bad input, missing selection). */
export class UserError extends Error {
  constructor(
    message: string,
    /** Extra actions beyond the defaults, e.g. "Open Settings". */
    readonly actions: readonly ProblemAction[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export type ProblemAction = 'Retry' | 'Show Logs' | 'Switch Context' | 'Open Settings' | 'Add Cluster';

const KUBE_CONTEXT_REASONS = new Set(['NoContext', 'Unauthorized', 'Forbidden', 'Unreachable', 'Tls']);

export function isCancellation(e: unknown): boolean {
  if (e instanceof KubeError) return e.reason === 'Cancelled';
  if (e instanceof FlinkRestError) return e.kind === 'aborted';
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'CancellationError');
}

export interface Problem {
  message: string;
  actions: ProblemAction[];
  /** Written to the log at error level (may hold a stack trace; never shown in a notification). */
  detail: string;
}

/** The message and actions for a failure; pure, so the wording is tested without VS Code. */
export function describeProblem(what: string, e: unknown, canRetry: boolean): Problem {
  const first = (s: string) => s.split('\n')[0]?.trim() ?? '';
  const actions: ProblemAction[] = [];
  let message: string;
  let detail: string;
  if (e instanceof KubeError) {
    message = `${what}: ${first(e.message)}`;
    detail = e.message;
    if (e.reason === 'NoKubeconfig') actions.push('Open Settings');
    else if (e.reason && KUBE_CONTEXT_REASONS.has(e.reason)) actions.push('Switch Context');
  } else if (e instanceof FlinkRestError) {
    message = `${what}: ${first(e.message)}`;
    detail = [e.message, ...e.errors].join('\n');
  } else if (e instanceof FlinkOperationError || e instanceof UserError) {
    message = `${what}: ${first(e.message)}`;
    detail = e.message;
    if (e instanceof UserError) actions.push(...e.actions);
  } else {
    const text = e instanceof Error ? e.message : String(e);
    message = `${what}: unexpected error (${first(text) || 'no message'}). This is a bug in the Flink extension; the log has the details.`;
    detail = e instanceof Error && e.stack ? e.stack : text;
  }
  if (canRetry) actions.unshift('Retry');
  actions.push('Show Logs');
  return { message, actions, detail };
}
