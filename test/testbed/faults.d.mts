// Types of faults.mjs for the TypeScript tests.
export interface StoppedProcess {
  name: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  logFile?: string;
}
export function processPid(name: string): number | undefined;
export function stopProcess(
  name: string,
  opts?: { signal?: NodeJS.Signals; timeoutMs?: number },
): Promise<StoppedProcess>;
export function startProcess(name: string): number;
export function stoppedProcesses(): string[];
