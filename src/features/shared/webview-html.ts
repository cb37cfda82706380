// What every webview page shares: a per-page crypto nonce, the strict Content-Security-Policy
// (scripts and styles only with the nonce, nothing loaded from anywhere) and the page's own files
// inlined. Inlined because each resource of a VS Code webview is a round trip through its service
// worker to the extension host, and the page's first lines wait for its script: one document is
// one trip. No `vscode` import, so page tests serve the same HTML.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A page's script and styles, as text. */
export interface PageAssets {
  /** dist/media/<page>.js. */
  script: string;
  /** media/page.css (what every page's style shares), then the page's own. */
  styles: string[];
  /** dist/media/<page>.js.map is there (development builds; the package leaves it out). */
  hasMap?: boolean;
}

export interface PageResources {
  assets: PageAssets;
  /** Where DevTools finds the script's source map (a webview URI); without it the reference is dropped. */
  scriptMapUri?: string;
  /** Extra scripts before the page script (the test harness's acquireVsCodeApi), as text; get the nonce. */
  preScripts?: string[];
  nonce?: string;
}

export type PageName = 'logs' | 'jobgraph' | 'memory';

/** Reads a page's files from the extension's folder (`root`): small, and read once per panel. */
export function readPageAssets(root: string, page: PageName): PageAssets {
  const read = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
  return {
    script: read('dist', 'media', `${page}.js`),
    styles: [read('media', 'page.css'), read('media', `${page}.css`)],
    hasMap: existsSync(join(root, 'dist', 'media', `${page}.js.map`)),
  };
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Inline text cannot end its element early: `</script` (`</style`) in a bundle would close the tag,
 * and `<!--` in a script changes how the parser looks for its end. `<\/` and `\x21` mean the same
 * in JavaScript strings, regexes and comments (where a bundler puts them); CSS ends only at `</style`.
 */
const inlineText = (text: string, tag: 'script' | 'style') => {
  const closed = text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
  return tag === 'script' ? closed.replace(/<!--/g, '<\\x21--') : closed;
};

const MAP_REF = /\n\/\/# sourceMappingURL=\S+\s*$/;

/**
 * A page: the strict CSP with a fresh nonce, the shared and the page's style, the static `body` markup, then the
 * harness's pre-scripts and the page script, each with the nonce.
 */
export function renderPage(r: PageResources, title: string, body: string): string {
  const nonce = r.nonce ?? makeNonce();
  const mapRef = r.scriptMapUri ? `\n//# sourceMappingURL=${r.scriptMapUri}\n` : '\n';
  const script = r.assets.script.replace(MAP_REF, '') + mapRef;
  const scripts = [...(r.preScripts ?? []), script].map(
    (s) => `<script nonce="${escapeAttr(nonce)}">${inlineText(s, 'script')}</script>`,
  );
  const styles = r.assets.styles.map((s) => `<style nonce="${escapeAttr(nonce)}">${inlineText(s, 'style')}</style>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles.join('\n  ')}
  <title>${title}</title>
</head>
<body data-state="loading">
${body}
  ${scripts.join('\n  ')}
</body>
</html>`;
}
