// CancellationToken to AbortSignal, with the subscription released when the work ends (a token
// outlives the operation in withProgress; an undisposed listener would keep the controller alive).
import type * as vscode from 'vscode';

export function withTokenSignal<T>(
  token: vscode.CancellationToken,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  const sub = token.onCancellationRequested(() => ac.abort());
  return fn(ac.signal).finally(() => sub.dispose());
}
