// The log viewer's HTML shell: static markup only (log text never passes through here), a strict
// CSP with a per-page crypto nonce, and the page's script and style (dist/media, media/) inlined.
// No `vscode` import, so the webview tests and the benchmark serve exactly this HTML.

export { contentSecurityPolicy, makeNonce, type PageResources } from '../shared/webview-html';
import { renderPage, type PageResources } from '../shared/webview-html';

export function renderLogsHtml(r: PageResources): string {
  const level = (l: string) =>
    `<label class="level level-${l.toLowerCase()}"><input type="checkbox" data-level="${l}" checked>${l}</label>`;
  return renderPage(
    r,
    'Flink logs',
    `  <div id="toolbar" role="toolbar">
    <button id="follow" aria-pressed="true">Pause</button>
    <span class="levels">${['ERROR', 'WARN', 'INFO', 'DEBUG'].map(level).join('')}</span>
    <span class="search">
      <input id="query" type="search" placeholder="Search (Enter: next, Shift+Enter: previous)" aria-label="Search" spellcheck="false">
      <button id="regex" title="Regular expression" aria-pressed="false">.*</button>
      <button id="case" title="Match case" aria-pressed="false">Aa</button>
      <button id="prev" title="Previous match (Shift+Enter)">↑</button>
      <button id="next" title="Next match (Enter)">↓</button>
      <span id="count" aria-live="polite"></span>
    </span>
    <span class="actions">
      <button id="foldAll" title="Fold all stack traces">Fold all</button>
      <button id="unfoldAll" title="Unfold all stack traces">Unfold all</button>
      <button id="copy" title="Copy the selection, or the lines shown">Copy</button>
      <button id="openInEditor" title="Open the whole log (or the selection) in an editor">Open in editor</button>
      <button id="save" title="Save the whole log to a file">Save…</button>
    </span>
  </div>
  <div id="source"></div>
  <div id="error" role="alert" hidden></div>
  <div id="viewport" tabindex="0"><div id="spacer"></div><div id="rows"></div></div>
  <div id="statusbar"><span id="state" class="state-loading">Loading…</span><span id="window"></span><span id="earlier" hidden></span><button id="jump" hidden>New lines ↓ jump to end</button></div>`,
  );
}
