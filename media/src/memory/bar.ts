// One container's stacked bar as SVG: Flink's components left to right on a scale shared by all
// containers of the page, the container limit as a vertical line, and the part of the process
// beyond the limit overlaid in red. Attributes only (no inline styles: the CSP forbids them).
import type { ContainerPicture } from '../../../src/features/memory-view/protocol';

const SVG = 'http://www.w3.org/2000/svg';
const BAR_Y = 18;
const BAR_H = 34;
const HEIGHT = 72;

export function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  // MiB below 10 GiB unless whole: manifests write 1728m, not 1.69g.
  if (mib >= 1024 && (mib % 1024 === 0 || mib >= 10240)) return `${(mib / 1024).toFixed(mib % 1024 === 0 ? 0 : 2)} GiB`;
  // One decimal, rounded (the table's tooltips have the exact bytes).
  if (mib >= 1) return `${mib.toFixed(1).replace(/\.0$/, '')} MiB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`;
}

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  cls?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}

/** `scale` is the largest byte count of the page (it spans `width` pixels). */
export function barSvg(c: ContainerPicture, scale: number, width: number): SVGSVGElement {
  const svg = node('svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}` }, 'bar');
  const px = (b: number) => (b / scale) * (width - 2) + 1;
  let at = 0;
  for (const s of c.segments) {
    if (s.bytes <= 0) continue;
    const x = px(at);
    const w = Math.max(1, px(at + s.bytes) - x);
    const rect = node(
      'rect',
      { x, y: BAR_Y, width: w, height: BAR_H, 'data-label': s.label, 'data-bytes': s.bytes },
      `seg seg-${s.group}`,
    );
    rect.appendChild(node('title', {})).textContent = `${s.label}: ${formatBytes(s.bytes)}`;
    svg.appendChild(rect);
    // A label only where it fits; the table has every figure.
    const text = `${s.label} ${formatBytes(s.bytes)}`;
    if (w > text.length * 6.5 + 8) {
      const t = node('text', { x: x + 4, y: BAR_Y + BAR_H / 2 + 4 }, 'seg-label');
      t.textContent = text;
      svg.appendChild(t);
    }
    at += s.bytes;
  }
  const total = c.totalProcess ?? at;
  if (c.limit !== undefined) {
    const lx = px(c.limit);
    if (total > c.limit) {
      const over = node('rect', { x: lx, y: BAR_Y - 4, width: px(total) - lx, height: BAR_H + 8 }, 'over');
      over.appendChild(node('title', {})).textContent = `Over the limit: ${formatBytes(total - c.limit)}`;
      svg.appendChild(over);
    } else if (c.limit > total) {
      svg.appendChild(node('rect', { x: px(total), y: BAR_Y, width: lx - px(total), height: BAR_H }, 'headroom'));
    }
    svg.appendChild(node('line', { x1: lx, x2: lx, y1: 2, y2: HEIGHT - 4 }, 'limit'));
    const label = node('text', { x: lx, y: 12, 'text-anchor': lx > width / 2 ? 'end' : 'start' }, 'limit-label');
    label.textContent = `limit ${formatBytes(c.limit)}`;
    svg.appendChild(label);
  }
  const tx = node('text', { x: 1, y: HEIGHT - 4 }, 'total-label');
  tx.textContent = `process ${formatBytes(total)}`;
  svg.appendChild(tx);
  return svg;
}
