// Texts of the status bar.
import type { HostMessage } from '../../../src/features/logs/protocol';

/**
 * 1234567 as "1,234,567". Not toLocaleString: its first call sets up ICU's number formats, which
 * cost 20-70 ms on the path that draws the first lines.
 */
export function fmtCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The status bar's note while earlier lines are read behind those shown. */
export function earlierText(m: Extract<HostMessage, { type: 'earlier' }>): string {
  const where = m.from === 'file' ? " from Flink's log file" : '';
  return `Reading earlier lines${where}… ${fmtBytes(m.bytes)}`;
}

export function statusText(m: Extract<HostMessage, { type: 'status' }>): string {
  switch (m.state) {
    case 'loading': {
      const pct = m.totalBytes
        ? ` ${Math.floor(((m.loadedBytes ?? 0) / m.totalBytes) * 100)}% of ${fmtBytes(m.totalBytes)}`
        : '';
      return `Loading…${pct}`;
    }
    case 'live':
      return '● Following';
    case 'paused':
      return 'Paused';
    case 'broken':
      return `⚠ Stream broken${m.message ? `: ${m.message}` : ''}. Retrying…`;
    case 'ended':
      return 'End of log';
  }
}
