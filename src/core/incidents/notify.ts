// One notification per incident, but not a storm: a crash-looping TaskManager or a cluster-wide
// OOM would otherwise stack a toast per pod. Pure, so the limit is unit-tested.
export const NOTIFY_EVERY_MS = 30_000;

export class NoticeLimiter {
  private last = -Infinity;
  private skipped = 0;

  constructor(private readonly everyMs = NOTIFY_EVERY_MS) {}

  /**
   * Whether to notify now; undefined while inside the window (the incident is counted and stays
   * listed in the explorer). When it may, says how many were kept quiet since the last one.
   */
  take(now: number): { skipped: number } | undefined {
    if (now - this.last < this.everyMs) {
      this.skipped++;
      return undefined;
    }
    this.last = now;
    const skipped = this.skipped;
    this.skipped = 0;
    return { skipped };
  }
}
