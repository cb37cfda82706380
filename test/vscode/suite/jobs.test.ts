// The Jobs view inside a real VS Code: with the test bed's Flink added as a cluster, the tree
// lists it with its version and its RUNNING and FINISHED jobs, and every action its menus offer
// is a registered command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testbedState } from '../../support/testbed';
import { EXTENSION_ID, waitFor } from './helpers';

interface Item {
  id: string;
  kind: string;
  label: string;
  description?: string;
  contextValue?: string;
}

const tree = (nodeId?: string) => vscode.commands.executeCommand<Item[] | undefined>('_flink.jobsTree', nodeId);

describe('Jobs view', () => {
  let state: ReturnType<typeof testbedState>;
  const config = () => vscode.workspace.getConfiguration('flink');

  before(async () => {
    state = testbedState();
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await config().update(
      'clusters',
      [{ name: 'testbed-flink', url: state.flinkRestUrl }],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('flink.jobs.focus');
  });

  after(async () => {
    await config().update('clusters', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists the test bed cluster with its Flink version', async () => {
    const cluster = await waitFor('the testbed-flink cluster node', async () =>
      (await tree())?.find((n) => n.label === 'testbed-flink'),
    );
    assert.equal(cluster.contextValue, 'cluster.rest');
    const kids = await waitFor('the cluster children', async () => {
      const k = await tree(cluster.id);
      return k?.some((n) => n.kind === 'overview') ? k : undefined;
    });
    const overview = kids.find((n) => n.kind === 'overview')!;
    assert.equal(overview.label, `Flink ${state.flinkVersion}`);
    assert.ok(kids.some((n) => n.label === 'TaskManagers'));
  });

  it('shows the RUNNING and FINISHED jobs in their state groups', async () => {
    const cluster = (await tree())!.find((n) => n.label === 'testbed-flink')!;
    const kids = (await tree(cluster.id))!;
    const running = kids.find((n) => n.kind === 'stateGroup' && n.label === 'RUNNING');
    const finished = kids.find((n) => n.kind === 'stateGroup' && n.label === 'FINISHED');
    assert.ok(running && finished, `groups: ${kids.map((n) => n.label).join(', ')}`);
    const runningJobs = (await tree(running.id))!;
    const job = runningJobs.find((n) => n.id.endsWith(`/job/${state.runningJobId}`));
    assert.ok(job, 'the running job is listed');
    assert.equal(job.contextValue, 'job.active');
    assert.match(String(job.description), /started/);
    assert.ok(
      (await tree(finished.id))!.some((n) => n.id.endsWith(`/job/${state.finishedJobId}`)),
      'the finished job is listed',
    );
  });

  it('shows an error node, not a pop-up, for an unreachable cluster', async () => {
    await config().update(
      'clusters',
      [
        { name: 'testbed-flink', url: state.flinkRestUrl },
        { name: 'nowhere', url: 'http://127.0.0.1:9' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    const dead = await waitFor('the nowhere cluster', async () => (await tree())?.find((n) => n.label === 'nowhere'));
    const kids = await waitFor('an error node', async () => (await tree(dead.id))?.find((n) => n.kind === 'error'));
    assert.equal(kids.contextValue, 'error');
    assert.match(kids.label, /Cannot reach Flink at http:\/\/127\.0\.0\.1:9/);
  });

  it('every command in the Jobs view menus is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const menus = ext.packageJSON.contributes?.menus ?? {};
    const used = new Set<string>();
    for (const key of ['view/title', 'view/item/context']) {
      for (const m of menus[key] ?? []) if (String(m.when ?? '').includes('view == flink.jobs')) used.add(m.command);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = [...used].filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });
});
