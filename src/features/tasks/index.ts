// Tasks: Run Task -> "flink-lint": runs the CLI bundled with the extension on a workspace folder,
// and the `$flink-lint` problem matcher (package.json) puts its findings in the Problems panel.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { cliArgs, PROBLEM_MATCHER, TASK_TYPE, type FlinkLintTaskDefinition } from './definition';

/** A task that only prints why it cannot run, and fails with exit code 2 like the CLI's usage errors. */
function failing(message: string): vscode.CustomExecution {
  return new vscode.CustomExecution(async () => {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    return {
      onDidWrite: write.event,
      onDidClose: close.event,
      open() {
        write.fire(`flink-lint: ${message}\r\n`);
        close.fire(2);
      },
      close() {},
    };
  });
}

function execution(
  cli: string,
  def: FlinkLintTaskDefinition,
  folder: vscode.WorkspaceFolder,
): vscode.ProcessExecution | vscode.CustomExecution {
  if (!existsSync(cli))
    return failing(`the CLI is missing from the extension (${cli}). Reinstall the extension, or run npm run build.`);
  const built = cliArgs(def);
  if ('error' in built) return failing(`${built.error} Fix the task in tasks.json.`);
  // The extension host's own runtime runs the CLI: no Node on PATH needed, and no shell.
  return new vscode.ProcessExecution(process.execPath, [cli, ...built.args], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
}

function task(cli: string, def: FlinkLintTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
  const t = new vscode.Task(
    def,
    folder,
    def.paths?.length ? `lint ${def.paths.join(' ')}` : 'lint workspace folder',
    'flink-lint',
    execution(cli, def, folder),
    PROBLEM_MATCHER,
  );
  t.group = vscode.TaskGroup.Test;
  t.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return t;
}

export function register(services: Services): void {
  const cli = vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'cli.js').fsPath;
  services.context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () =>
        (vscode.workspace.workspaceFolders ?? []).map((folder) => task(cli, { type: TASK_TYPE }, folder)),
      resolveTask(t) {
        const folder = t.scope;
        if (!folder || typeof folder === 'number') return undefined; // global tasks: no folder to lint
        return task(cli, t.definition as FlinkLintTaskDefinition, folder);
      },
    }),
  );
}
