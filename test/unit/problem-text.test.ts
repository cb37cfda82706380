// The one message style for failures: typed errors say what happened with the actions that help,
// unexpected errors are called a bug with no stack trace in the message, cancellation is silent.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlinkRestError } from '../../src/flink/errors';
import { KubeError } from '../../src/kube/errors';
import { UserError, describeProblem, isCancellation } from '../../src/features/shared/problem-text';

describe('problem text', () => {
  it('a kube RBAC denial offers Switch Context and Show Logs, and Retry when the command can retry', () => {
    const e = new KubeError('User "viewer" cannot create deployments in namespace "default".', {
      reason: 'Forbidden',
      status: 403,
    });
    const p = describeProblem('Deploying the Flink cluster failed', e, true);
    assert.equal(
      p.message,
      'Deploying the Flink cluster failed: User "viewer" cannot create deployments in namespace "default".',
    );
    assert.deepEqual(p.actions, ['Retry', 'Switch Context', 'Show Logs']);
  });

  it('a missing kubeconfig offers Open Settings', () => {
    const p = describeProblem('x failed', new KubeError('No kubeconfig found.', { reason: 'NoKubeconfig' }), false);
    assert.deepEqual(p.actions, ['Open Settings', 'Show Logs']);
  });

  it("a Flink REST error shows its first line only and keeps Flink's errors for the log", () => {
    const e = new FlinkRestError({
      kind: 'http',
      url: 'http://127.0.0.1:8081/jobs/x',
      status: 404,
      errors: ['org.apache.flink.runtime.rest.NotFoundException: Job x not found\n\tat org.apache...'],
      message: 'Flink at http://127.0.0.1:8081 answered 404: Job x not found\nmore',
    });
    const p = describeProblem('Cancelling the job failed', e, true);
    assert.equal(p.message, 'Cancelling the job failed: Flink at http://127.0.0.1:8081 answered 404: Job x not found');
    assert.match(p.detail, /NotFoundException/);
    assert.deepEqual(p.actions, ['Retry', 'Show Logs']);
  });

  it('an unexpected error is named a bug, with no stack trace in the message but in the detail', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')");
    const p = describeProblem('Opening the logs failed', e, false);
    assert.match(p.message, /^Opening the logs failed: unexpected error \(Cannot read properties/);
    assert.match(p.message, /bug in the Flink extension/);
    assert.doesNotMatch(p.message, /\n|\s+at /);
    assert.match(p.detail, /TypeError.*\n\s+at /s);
  });

  it('a UserError carries its own actions', () => {
    const p = describeProblem('Switching failed', new UserError('no contexts.', ['Open Settings']), false);
    assert.deepEqual(p.actions, ['Open Settings', 'Show Logs']);
    assert.equal(p.message, 'Switching failed: no contexts.');
  });

  it('cancellation is recognised for every error type', () => {
    assert.ok(isCancellation(new KubeError('cancelled', { reason: 'Cancelled' })));
    assert.ok(isCancellation(new FlinkRestError({ kind: 'aborted', url: 'http://x', message: 'aborted' })));
    const abort = new Error('The operation was aborted');
    abort.name = 'AbortError';
    assert.ok(isCancellation(abort));
    assert.ok(!isCancellation(new Error('boom')));
  });
});
