// The memory layout page's HTML shell: static markup only (names and sizes reach the page as
// messages and are set with textContent), a strict CSP with a per-page nonce, no remote resources.
// No `vscode` import, so the webview tests serve exactly this HTML.
import { renderPage, type PageResources } from '../shared/webview-html';

export function renderMemoryHtml(r: PageResources): string {
  return renderPage(
    r,
    'Flink memory layout',
    `  <div id="toolbar" role="toolbar" aria-label="Memory layout">
    <h1 id="title">Memory layout</h1>
    <button id="asTable" aria-pressed="false" title="Show the sizes as tables">Table</button>
    <span class="legend" aria-hidden="true">
      <span class="swatch seg-heap"></span>JVM heap <span class="swatch seg-managed"></span>managed
      <span class="swatch seg-direct"></span>direct <span class="swatch seg-metaspace"></span>metaspace
      <span class="swatch seg-overhead"></span>overhead <span class="swatch seg-over"></span>over the limit
    </span>
  </div>
  <div id="status" role="status" aria-live="polite">Reading the manifest…</div>
  <main id="containers" aria-label="Containers: Tab to move between them, Enter to show the setting in the editor"></main>`,
  );
}
