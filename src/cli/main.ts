// flink-lint: validates Flink-on-Kubernetes manifests for CI pipelines (see USAGE in args.ts).
// Exit 0: nothing at or above --severity; 1: findings at or above it; 2: usage error or unreadable input.
import { join } from 'node:path';
import type { Loader } from './code-cache';
import { version } from '../../package.json';
import { validate, type Finding } from '../core';
import { parseArgs, USAGE, type Args } from './args';
import { formatGithub, formatJson, formatText, SEVERITY_RANK } from './format';
import { readInputs, UsageError } from './input';
import { usePrecompiledValidators } from './precompiled';
import { writeOut } from './out';
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

/** What the executable (bin.ts) lends the linter: its cached loader, and a signal that files were linted. */
export interface Host {
  load: Loader;
  linted(): void;
}

export function main(argv: string[], host?: Host): number {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      writeOut(1, USAGE + '\n');
      return 0;
    }
    if (args === 'version') {
      writeOut(1, version + '\n');
      return 0;
    }
    // The bundle sits in dist/ beside the build's validators/; from sources (tests) ajv compiles.
    const schemas = usePrecompiledValidators(join(__dirname, 'validators'), host?.load);
    const files = readInputs(args.paths, args.stdinName);
    const findings = validate(files, {
      flinkVersion: args.flinkVersion,
      operatorVersion: args.operatorVersion,
      schemas,
    });
    writeOut(1, render(args, findings, process.cwd()));
    host?.linted();
    const threshold = SEVERITY_RANK[args.severity];
    return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.message.startsWith('cannot read') ? '' : `\n${USAGE}`;
      writeOut(2, `flink-lint: ${e.message}${hint}\n`);
      return 2;
    }
    // Never a stack trace for users; FLINK_LINT_DEBUG=1 shows it for a bug report.
    const detail = process.env.FLINK_LINT_DEBUG ? `\n${(e as Error).stack ?? String(e)}` : '';
    writeOut(
      2,
      `flink-lint: internal error: ${(e as Error)?.message ?? String(e)}. Please report it with the input that triggers it (FLINK_LINT_DEBUG=1 prints details).${detail}\n`,
    );
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
