// The DAG: laid out by dagre (left to right) when the plan changes, drawn as SVG, recoloured in
// place on every snapshot. Vertices are focusable buttons (Tab, Enter/Space, arrows along edges).
import dagre, { type EdgeLabel, type Point } from '@dagrejs/dagre';
import type { GraphSnapshot, GraphVertex } from '../../../src/features/jobgraph/protocol';
import { fmtBytesRate, fmtPct, fmtRate, heatColour, heatOf, shortName } from './format';

const SVG = 'http://www.w3.org/2000/svg';
export const NODE_W = 250;
export const NODE_H = 112;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

interface Drawn {
  g: SVGGElement;
  box: SVGRectElement;
  lines: SVGTextElement[];
  title: SVGTitleElement;
}

export class GraphView {
  private structureKey = '';
  private svg: SVGSVGElement | undefined;
  private readonly nodes = new Map<string, Drawn>();
  private downstream = new Map<string, string[]>();
  private upstream = new Map<string, string[]>();
  /** Last layout time in ms (the bench reads it from data-layout-ms). */
  layoutMs = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly onSelect: (vertexId: string) => void,
  ) {}

  /** Draws the snapshot; lays out again only when vertices or edges changed. */
  render(s: GraphSnapshot, selected: string | undefined): void {
    const key = JSON.stringify([s.vertices.map((v) => v.id), s.edges.map((e) => [e.source, e.target, e.shipStrategy])]);
    if (key !== this.structureKey || !this.svg) {
      const t0 = performance.now();
      this.layout(s);
      this.layoutMs = performance.now() - t0;
      this.structureKey = key;
      this.host.dataset.layoutMs = this.layoutMs.toFixed(1);
    }
    for (const v of s.vertices) this.paint(v, v.id === selected);
  }

  focus(vertexId: string): void {
    this.nodes.get(vertexId)?.g.focus();
  }

  private layout(s: GraphSnapshot): void {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 90, edgesep: 20, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const v of s.vertices) g.setNode(v.id, { width: NODE_W, height: NODE_H });
    s.edges.forEach((e, i) =>
      g.setEdge(
        e.source,
        e.target,
        { width: e.shipStrategy ? e.shipStrategy.length * 7 + 8 : 0, height: 16, labelpos: 'c' },
        `e${i}`,
      ),
    );
    dagre.layout(g);
    const { width = 400, height = 200 } = g.graph();

    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group' });
    svg.setAttribute('aria-label', `${s.vertices.length} vertices, ${s.edges.length} edges`);
    const defs = el('defs');
    const marker = el('marker', {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 10,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto',
    });
    marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
    defs.append(marker);
    svg.append(defs);

    this.downstream = new Map();
    this.upstream = new Map();
    s.edges.forEach((e, i) => {
      this.downstream.set(e.source, [...(this.downstream.get(e.source) ?? []), e.target]);
      this.upstream.set(e.target, [...(this.upstream.get(e.target) ?? []), e.source]);
      const lab = g.edge(e.source, e.target, `e${i}`) as EdgeLabel | undefined;
      const pts: Point[] = lab?.points ?? [];
      if (!pts.length) return;
      const d = pts.map((p, j) => `${j ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const edge = el('g', { class: 'edge', 'data-source': e.source, 'data-target': e.target });
      edge.append(el('path', { d, 'marker-end': 'url(#arrow)' }));
      if (e.shipStrategy && lab?.x !== undefined && lab.y !== undefined) {
        const t = el('text', { x: lab.x, y: lab.y + 4, 'text-anchor': 'middle', class: 'ship' });
        t.textContent = e.shipStrategy;
        edge.append(t);
      }
      svg.append(edge);
    });

    this.nodes.clear();
    for (const v of s.vertices) {
      const n = g.node(v.id);
      if (!n || n.x === undefined || n.y === undefined) continue;
      const x = n.x - NODE_W / 2;
      const y = n.y - NODE_H / 2;
      const node = el('g', { class: 'vertex', transform: `translate(${x},${y})`, tabindex: 0, role: 'button' });
      node.dataset.id = v.id;
      const title = el('title');
      const box = el('rect', { width: NODE_W, height: NODE_H, rx: 6 });
      const lines = [0, 1, 2, 3, 4].map((i) => el('text', { x: 10, y: 20 + i * 20, class: i ? 'fig' : 'name' }));
      node.append(title, box, ...lines);
      node.addEventListener('click', () => this.onSelect(v.id));
      node.addEventListener('keydown', (ev) => this.onKey(ev, v.id));
      svg.append(node);
      this.nodes.set(v.id, { g: node, box, lines, title });
    }
    this.svg = svg;
    this.host.replaceChildren(svg);
  }

  private paint(v: GraphVertex, selected: boolean): void {
    const d = this.nodes.get(v.id);
    if (!d) return;
    const f = v.figures;
    const heat = heatOf(f);
    d.g.dataset.heat = heat;
    d.g.dataset.status = v.status;
    d.g.dataset.busy = f.busy === undefined ? '' : String(Math.round(f.busy));
    d.g.dataset.backpressured = f.backpressured === undefined ? '' : String(Math.round(f.backpressured));
    d.g.classList.toggle('selected', selected);
    d.g.setAttribute('aria-pressed', String(selected));
    const fill = heatColour(f);
    if (fill) d.box.style.fill = fill;
    else d.box.style.removeProperty('fill');
    const text = [
      shortName(v.name),
      `×${v.parallelism} · ${v.status} · busy ${fmtPct(f.busy)}`,
      `back-pressured ${fmtPct(f.backpressured)} · idle ${fmtPct(f.idle)}`,
      `records in ${fmtRate(f.recordsIn)} · out ${fmtRate(f.recordsOut)}`,
      `bytes in ${fmtBytesRate(f.bytesIn)} · out ${fmtBytesRate(f.bytesOut)}`,
    ];
    text.forEach((t, i) => {
      const line = d.lines[i];
      if (line && line.textContent !== t) line.textContent = t;
    });
    const label = `${v.name}. Parallelism ${v.parallelism}, ${v.status}. Busy ${fmtPct(f.busy)}, ${text[2]}. ${text[3]}, ${text[4]}.`;
    d.title.textContent = label;
    d.g.setAttribute('aria-label', label);
  }

  private onKey(ev: KeyboardEvent, id: string): void {
    const go = (ids: string[] | undefined) => {
      const next = ids?.[0];
      if (next) this.focus(next);
      ev.preventDefault();
    };
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      this.onSelect(id);
    } else if (ev.key === 'ArrowRight') go(this.downstream.get(id));
    else if (ev.key === 'ArrowLeft') go(this.upstream.get(id));
  }
}
