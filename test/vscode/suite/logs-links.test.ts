// Ids clicked in a log line are revealed in the job explorer (`_flink.revealJob`, which the log
// viewer calls): the test bed's running job, its TaskManager, and a checkpoint that is not listed
// (then the job, said to be the closest node), against the test bed's real Flink.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor } from './helpers';

interface Item {
  id: string;
  kind: string;
  label: string;
}
type Revealed = { revealed: string; exact: boolean } | undefined;
const tree = (nodeId?: string) => vscode.commands.executeCommand<Item[] | undefined>('_flink.jobsTree', nodeId);
const reveal = (target: unknown) => vscode.commands.executeCommand<Revealed>('_flink.revealJob', target);

describe('log line links: reveal in the job explorer', () => {
  const config = () => vscode.workspace.getConfiguration('flink');
  let state: ReturnType<typeof testbedState>;

  before(async () => {
    state = testbedState();
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await config().update(
      'clusters',
      [{ name: 'testbed-flink', url: state.flinkRestUrl }],
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('the testbed-flink cluster node', async () =>
      (await tree())?.find((n) => n.label === 'testbed-flink'),
    );
  });
  after(async () => {
    await config().update('clusters', undefined, vscode.ConfigurationTarget.Global);
  });

  it('reveals a job, a TaskManager, and the job for a checkpoint it does not list', async () => {
    const job = await reveal({ jobId: state.runningJobId });
    assert.ok(job?.revealed.endsWith(`/job/${state.runningJobId}`), JSON.stringify(job));
    assert.equal(job?.exact, true);

    const cluster = (await tree())!.find((n) => n.label === 'testbed-flink')!;
    const tms = (await tree(cluster.id))!.find((n) => n.kind === 'taskmanagers')!;
    const tm = await waitFor('a TaskManager node', async () =>
      (await tree(tms.id))?.find((n) => n.kind === 'taskmanager'),
    );
    const tmId = tm.id.slice(tms.id.length + 1);
    const shown = await reveal({ clusterId: cluster.id, taskManagerId: tmId });
    assert.deepEqual(shown, { revealed: tm.id, exact: true });

    const cp = await reveal({ jobId: state.runningJobId, checkpointId: 987_654_321 });
    assert.ok(cp?.revealed.endsWith(`/job/${state.runningJobId}`), JSON.stringify(cp));
    assert.equal(cp?.exact, false);

    // Unknown ids and malformed targets reveal nothing.
    assert.equal(await reveal({ jobId: '0'.repeat(32) }), undefined);
    assert.equal(await reveal({ nothing: true }), undefined);
  });
});
