// What every webview page shares: a per-page crypto nonce and the strict Content-Security-Policy
// (scripts only with the nonce, no remote anything). No `vscode` import, so page tests serve the same HTML.
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** webview.cspSource (or the harness's origin). */
  cspSource: string;
  scriptUri: string;
  /** media/page.css: what every page's style shares, loaded before the page's own `styleUri`. */
  baseStyleUri: string;
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

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A page: the strict CSP with a fresh nonce, the shared and the page's style, the static `body` markup, then the
 * harness's pre-scripts and the page script, each with the nonce.
 */
export function renderPage(r: PageResources, title: string, body: string): string {
  const nonce = r.nonce ?? makeNonce();
  const script = (src: string) => `<script nonce="${nonce}" src="${escapeAttr(src)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(r.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(r.baseStyleUri)}">
  <link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(r.styleUri)}">
  <title>${title}</title>
</head>
<body data-state="loading">
${body}
  ${[...(r.preScripts ?? []), r.scriptUri].map(script).join('\n  ')}
</body>
</html>`;
}
