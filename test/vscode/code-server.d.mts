// Types for code-server.mjs (plain JS so that the runners work without a TypeScript loader).
export interface CodeServerDirs {
  tmp: string;
  config: string;
  userData: string;
  extensions: string;
  data: string;
}
export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  dirs: CodeServerDirs;
  stop(opts?: { keepDirs?: boolean }): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export interface StartOptions {
  workspace: string;
  env?: Record<string, string>;
  args?: string[];
  vsix?: string;
  settings?: Record<string, unknown>;
  logFile?: string;
  timeoutMs?: number;
  port?: number;
  /** Keep VS Code's workspace trust on (default: off). */
  workspaceTrust?: boolean;
}
export const defaultSettings: Record<string, unknown>;
export const chromiumPath: string;
export const chromiumArgs: string[];
export function startCodeServer(o: StartOptions): Promise<CodeServer>;
export function workbenchUrl(base: string, folder: string, payload?: [string, string][]): string;
export function testPayload(
  port: number,
  extensionDevelopmentPath: string,
  extensionTestsPath: string,
): [string, string][];
export function stopAllOnSignals(): void;
