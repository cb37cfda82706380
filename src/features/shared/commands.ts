// The one path every command takes: registered here, logged with its duration to the output
// channel, and any failure turned into one message style (problems.ts). Commands never throw to
// VS Code (which would show a raw error and, for some, a stack trace).
import * as vscode from 'vscode';
import type { Log } from './log';
import type { Problems } from './problems';

export type CommandHandler = (...args: never[]) => unknown;

export interface CommandOptions {
  /** How the failure is named to the user ("Deploying the Flink cluster failed"); default from the title. */
  what?: string;
  /** Internal commands (tests, views): logged at debug level only. */
  internal?: boolean;
  /** Offer "Retry" (re-runs the command with the same arguments). Default true. */
  retry?: boolean;
}

export class Commands implements vscode.Disposable {
  private readonly registered = new Map<string, vscode.Disposable>();
  private seq = 0;

  constructor(
    private readonly log: Log,
    private readonly problems: Problems,
  ) {}

  register(id: string, handler: CommandHandler, opts: CommandOptions = {}): vscode.Disposable {
    if (this.registered.has(id)) throw new Error(`command ${id} registered twice`);
    const run = (...args: unknown[]) => this.run(id, handler, args, opts);
    const d = vscode.commands.registerCommand(id, run);
    this.registered.set(id, d);
    return d;
  }

  /** Ids registered through the wrapper (a test compares them with package.json). */
  ids(): string[] {
    return [...this.registered.keys()];
  }

  private async run(id: string, handler: CommandHandler, args: unknown[], opts: CommandOptions): Promise<unknown> {
    const n = ++this.seq;
    const t0 = performance.now();
    const trace = (m: string) => (opts.internal ? this.log.debug(m) : this.log.info(m));
    trace(`command ${id} #${n} started`);
    try {
      const result = await (handler as (...a: unknown[]) => unknown)(...args);
      trace(`command ${id} #${n} done in ${Math.round(performance.now() - t0)} ms`);
      return result;
    } catch (e) {
      this.log.warn(`command ${id} #${n} failed after ${Math.round(performance.now() - t0)} ms`);
      const retry = opts.retry === false ? undefined : () => vscode.commands.executeCommand(id, ...args);
      this.problems.report(opts.what ?? `${titleOf(id)} failed`, e, retry);
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.registered.values()) d.dispose();
    this.registered.clear();
  }
}

/** "flink.deployCluster" -> "Deploy cluster" (a fallback; commands pass `what` when it reads better). */
function titleOf(id: string): string {
  const verb = id.replace(/^_?flink\./, '').replace(/([A-Z])/g, ' $1');
  return verb.charAt(0).toUpperCase() + verb.slice(1).toLowerCase();
}
