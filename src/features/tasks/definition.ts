// The `flink-lint` task type: what a tasks.json entry may hold, and the CLI arguments it becomes.
// No vscode import: unit-tested with plain Node.

export const TASK_TYPE = 'flink-lint';
export const PROBLEM_MATCHER = '$flink-lint';
const SEVERITIES = ['error', 'warning', 'info'] as const;

/** Mirrors `contributes.taskDefinitions` in package.json. */
export interface FlinkLintTaskDefinition {
  type: typeof TASK_TYPE;
  /** Files or folders, relative to the workspace folder (default: the whole folder). */
  paths?: string[];
  severity?: (typeof SEVERITIES)[number];
  flinkVersion?: string;
}

/**
 * CLI arguments for a task definition. The output is always `text`, which `$flink-lint` matches;
 * paths go after `--` so one starting with `-` is never read as an option. Bad values are returned
 * as a message (shown in the task's terminal) instead of being passed on.
 */
export function cliArgs(def: Partial<FlinkLintTaskDefinition>): { args: string[] } | { error: string } {
  const args = ['--format', 'text'];
  if (def.severity !== undefined) {
    if (!(SEVERITIES as readonly string[]).includes(def.severity))
      return { error: `"severity": "${String(def.severity)}" is not one of ${SEVERITIES.join(', ')}.` };
    args.push('--severity', def.severity);
  }
  if (def.flinkVersion !== undefined && def.flinkVersion !== '') {
    if (typeof def.flinkVersion !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(def.flinkVersion))
      return { error: `"flinkVersion": "${String(def.flinkVersion)}" is not a version such as 1.20.` };
    args.push('--flink-version', def.flinkVersion);
  }
  const paths = def.paths ?? ['.'];
  if (!Array.isArray(paths) || !paths.length || paths.some((p) => typeof p !== 'string' || p === ''))
    return { error: '"paths" must be a non-empty list of files or folders.' };
  args.push('--', ...paths);
  return { args };
}
