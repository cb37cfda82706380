// Tasks: Run Task -> flink-lint runs the CLI bundled with the extension and `$flink-lint` puts its
// findings in the Problems panel (diagnostics owned by the problem matcher, not by our validator).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceRoot } from './helpers';

async function runToEnd(task: vscode.Task): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name !== task.name || e.execution.task.source !== task.source) return;
      sub.dispose();
      resolve(e.exitCode);
    });
    vscode.tasks.executeTask(task).then(undefined, (err: unknown) => {
      sub.dispose();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

describe('flink-lint task', () => {
  it('is offered for the workspace folder, exits 1 on the broken manifest, and its findings land in Problems', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'flink-lint' });
    const task = tasks.find((t) => t.definition.type === 'flink-lint' && t.name === 'lint workspace folder');
    assert.ok(task, `flink-lint tasks: ${tasks.map((t) => t.name).join(', ')}`);
    const broken = vscode.Uri.joinPath(workspaceRoot(), 'broken-session-cluster.yaml');
    const code = await runToEnd(task);
    assert.equal(code, 1, 'the broken manifest has errors');
    const problems = await waitFor(
      'flink-lint problems on the broken manifest',
      () => {
        const d = vscode.languages.getDiagnostics(broken).filter((x) => x.source === 'flink-lint');
        return d.length ? d : undefined;
      },
      60_000,
    );
    assert.ok(problems.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(problems.every((d) => typeof d.code === 'string' && /^[a-z0-9-]+$/.test(d.code)));
  });
});
