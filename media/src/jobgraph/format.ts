// Number and colour formatting shared by the graph, the table and the side panel.
import type { Figures } from '../../../src/features/jobgraph/protocol';

export function fmtRate(n: number | undefined, unit = '/s'): string {
  if (n === undefined) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}G${unit}`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M${unit}`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k${unit}`;
  return `${abs >= 10 || n === 0 ? Math.round(n) : n.toFixed(1)}${unit}`;
}

export function fmtBytesRate(n: number | undefined): string {
  if (n === undefined) return '–';
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB/s`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB/s`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB/s`;
  return `${Math.round(n)} B/s`;
}

/** ms per second -> "97%". */
export function fmtPct(ms: number | undefined): string {
  return ms === undefined ? '–' : `${Math.round(Math.min(1000, Math.max(0, ms)) / 10)}%`;
}

export function fmtCount(n: number | undefined): string {
  return n === undefined ? '–' : fmtRate(n, '');
}

/** A watermark as a time and its lag behind the wall clock. */
export function fmtWatermark(ms: number | undefined, now: number): string {
  if (ms === undefined) return 'no watermark';
  const lag = Math.max(0, now - ms);
  const t = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return `${t} (lag ${lag < 1000 ? `${lag} ms` : lag < 120_000 ? `${(lag / 1000).toFixed(1)} s` : `${Math.round(lag / 60_000)} min`})`;
}

export type Heat = 'backpressured' | 'busy' | 'idle' | 'unknown';

/** The dominant time share of the worst subtask, as the Web UI colours vertices. */
export function heatOf(f: Figures): Heat {
  const { busy, backpressured, idle } = f;
  if (busy === undefined && backpressured === undefined && idle === undefined) return 'unknown';
  const b = busy ?? 0;
  const p = backpressured ?? 0;
  const i = idle ?? 0;
  if (p >= b && p >= i && p > 0) return 'backpressured';
  if (b >= i && b > 0) return 'busy';
  return 'idle';
}

/**
 * Fill colour like the Web UI's: back pressure darkens towards black, otherwise the hue goes from
 * blue (idle) to red (busy) with the busy share of the worst subtask.
 */
export function heatColour(f: Figures): string | undefined {
  if (f.busy === undefined && f.backpressured === undefined) return undefined;
  const busy = Math.min(1, Math.max(0, (f.busy ?? 0) / 1000));
  const bp = Math.min(1, Math.max(0, (f.backpressured ?? 0) / 1000));
  if (bp > busy) return `hsl(0, 0%, ${Math.round(50 - bp * 25)}%)`;
  return `hsl(${Math.round(210 - 210 * busy)}, ${Math.round(45 + 40 * busy)}%, 42%)`;
}

export function shortName(name: string, max = 32): string {
  // Flink vertex names are the chained operators joined by " -> ".
  const compact = name.replace(/\s+/g, ' ').trim();
  return compact.length <= max ? compact : `${compact.slice(0, max - 1)}…`;
}
