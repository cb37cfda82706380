// CPU time of a synchronous call, in ms. Guards against hangs and blow-ups compare CPU time, not
// wall time: on a shared, loaded box wall time says more about the neighbours than about the code.
export function cpuMs<T>(run: () => T): { out: T; ms: number } {
  const c0 = process.cpuUsage();
  const out = run();
  const c = process.cpuUsage(c0);
  return { out, ms: (c.user + c.system) / 1000 };
}
