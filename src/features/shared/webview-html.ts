// What every webview page shares: a per-page crypto nonce and the strict Content-Security-Policy
// (scripts only with the nonce, no remote anything). No `vscode` import, so page tests serve the same HTML.
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** webview.cspSource (or the harness's origin). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Extra scripts before the page script (the test harness's acquireVsCodeApi); get the nonce. */
  preScripts?: string[];
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
