// The one LogOutputChannel of the extension. Never log tokens, keys, Authorization headers or Secret data.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Flink', { log: true });
}
