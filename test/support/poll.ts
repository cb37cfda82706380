// The one poll helper of every suite (unit, integration, vscode, e2e): wait for a positive signal
// instead of sleeping a fixed time. Fails with what it waited for and the last error seen.

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls a condition until it holds (the boolean form of waitFor). */
export async function until(
  pred: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 90_000,
  intervalMs = 100,
): Promise<void> {
  await waitFor(what, async () => ((await pred()) ? true : undefined), timeoutMs, intervalMs);
}
