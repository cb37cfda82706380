// The one LogOutputChannel of the extension. Never log tokens, keys, Authorization headers or Secret data.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
}

export function createLog(context: vscode.ExtensionContext): Log {
  const log = vscode.window.createOutputChannel('Flink', { log: true });
  context.subscriptions.push(log);
  return log;
}
