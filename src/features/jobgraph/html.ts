// The job graph page's HTML shell: static markup only (job and vertex names reach the page as
// messages and are set with textContent), a strict CSP with a per-page nonce, no remote resources.
// No `vscode` import, so the webview tests and the benchmark serve exactly this HTML.
import { renderPage, type PageResources } from '../shared/webview-html';

export type { PageResources };

export function renderJobGraphHtml(r: PageResources): string {
  return renderPage(
    r,
    'Flink job graph',
    `  <div id="toolbar" role="toolbar" aria-label="Job graph">
    <h1 id="title">Loading the job…</h1>
    <span id="jobState" class="badge"></span>
    <button id="pause" aria-pressed="false" title="Stop refreshing the figures">Pause</button>
    <button id="refresh" title="Refresh now">Refresh</button>
    <span role="tablist" aria-label="View">
      <button id="tabGraph" role="tab" aria-selected="true" aria-controls="main">Graph</button>
      <button id="tabCheckpoints" role="tab" aria-selected="false" aria-controls="checkpoints">Checkpoints</button>
      <button id="tabExceptions" role="tab" aria-selected="false" aria-controls="exceptions">Exceptions</button>
    </span>
    <button id="asTable" aria-pressed="false" title="Show the vertices as a table">Table</button>
    <span class="legend" aria-hidden="true">
      <span class="swatch heat-idle"></span>idle <span class="swatch heat-busy"></span>busy
      <span class="swatch heat-backpressured"></span>back-pressured
    </span>
  </div>
  <div id="status" role="status" aria-live="polite">Loading…</div>
  <div id="missing" hidden></div>
  <main id="main">
    <div id="graph" aria-label="Job graph: vertices left to right, Tab to move between them, Enter for details"></div>
    <div id="tableView" class="sr-only"></div>
    <aside id="side" hidden aria-label="Vertex details">
      <div class="side-head"><h2 id="sideTitle"></h2><button id="closeSide" title="Close (Escape)">Close</button></div>
      <div id="sideBody"></div>
    </aside>
  </main>
  <section id="checkpoints" role="tabpanel" aria-label="Checkpoint history" hidden>
    <div id="cpChart" aria-hidden="true"></div>
    <div id="cpInfo">Loading the checkpoint history…</div>
    <div id="cpDetail"></div>
  </section>
  <section id="exceptions" role="tabpanel" aria-label="Exceptions" hidden>Loading the exceptions…</section>`,
  );
}
