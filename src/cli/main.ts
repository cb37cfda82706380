// flink-lint: validates Flink-on-Kubernetes manifests for CI pipelines (see USAGE in args.ts).
// Exit 0: nothing at or above --severity; 1: findings at or above it; 2: usage error or unreadable input.
import { join } from 'node:path';
import { version } from '../../package.json';
import { validate, type Finding } from '../core';
import { parseArgs, USAGE, type Args } from './args';
import { formatGithub, formatJson, formatText, SEVERITY_RANK } from './format';
import { readInputs, UsageError } from './input';
import { usePrecompiledValidators } from './precompiled';
import { formatSarif } from './sarif';

export { parseArgs } from './args';
export { formatText, formatJson } from './format';

function render(args: Args, findings: Finding[], cwd: string): string {
  switch (args.format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, cwd, version);
    case 'github':
      return formatGithub(findings, cwd);
    default:
      return formatText(findings, cwd);
  }
}

export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (args === 'version') {
      process.stdout.write(version + '\n');
      return 0;
    }
    // The bundle sits in dist/ beside the build's validators/; from sources (tests) ajv compiles.
    usePrecompiledValidators(join(__dirname, 'validators'));
    const files = readInputs(args.paths, args.stdinName);
    const findings = validate(files, { flinkVersion: args.flinkVersion });
    process.stdout.write(render(args, findings, process.cwd()));
    const threshold = SEVERITY_RANK[args.severity];
    return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.message.startsWith('cannot read') ? '' : `\n${USAGE}`;
      process.stderr.write(`flink-lint: ${e.message}${hint}\n`);
      return 2;
    }
    // Never a stack trace for users; FLINK_LINT_DEBUG=1 shows it for a bug report.
    const detail = process.env.FLINK_LINT_DEBUG ? `\n${(e as Error).stack ?? String(e)}` : '';
    process.stderr.write(
      `flink-lint: internal error: ${(e as Error)?.message ?? String(e)}. Please report it with the input that triggers it (FLINK_LINT_DEBUG=1 prints details).${detail}\n`,
    );
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
