// Command line of flink-lint. Pure: throws UsageError with the reason, main() prints it with the usage.
import type { Severity } from '../core';
import { UsageError } from './input';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export const USAGE = `Usage: flink-lint [options] <files, folders or - ...>
Validates Kubernetes manifests for Apache Flink (standalone and Flink Kubernetes Operator).
Folders are searched for *.yaml and *.yml; all inputs are validated as one set; - reads standard input.

Options:
  --format text|json|sarif|github  output format (default text; github prints workflow annotations)
  --severity error|warning|info    lowest severity that fails the run (default error)
  --flink-version X.Y              Flink version to assume when images do not tell it
  --operator-version X.Y           Flink Kubernetes Operator release to check operator resources against
  --stdin-filename NAME            name reported for standard input (default <stdin>)
  --version, --help

Exit status: 0 nothing at or above --severity, 1 findings at or above it, 2 usage error or unreadable input.`;

export interface Args {
  format: Format;
  severity: Severity;
  flinkVersion?: string;
  operatorVersion?: string;
  stdinName: string;
  paths: string[];
}

export function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const args: Args = { format: 'text', severity: 'error', stdinName: '<stdin>', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const is = (name: string) => a === name || a.startsWith(`${name}=`);
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '-v' || a === '--version') return 'version';
    else if (is('--format')) {
      const f = value('--format');
      if (!(FORMATS as readonly string[]).includes(f))
        throw new UsageError(`unknown format "${f}": use one of ${FORMATS.join(', ')}`);
      args.format = f as Format;
    } else if (is('--severity')) {
      const s = value('--severity');
      if (!(SEVERITIES as readonly string[]).includes(s))
        throw new UsageError(`unknown severity "${s}": use one of ${SEVERITIES.join(', ')}`);
      args.severity = s as Severity;
    } else if (is('--flink-version')) {
      const v = value('--flink-version');
      if (!/^\d+\.\d+(\.\d+)?$/.test(v)) throw new UsageError(`--flink-version "${v}" is not a version such as 1.20`);
      args.flinkVersion = v;
    } else if (is('--operator-version')) {
      const v = value('--operator-version');
      if (!/^\d+\.\d+(\.\d+)?$/.test(v))
        throw new UsageError(`--operator-version "${v}" is not a version such as 1.10`);
      args.operatorVersion = v;
    } else if (is('--stdin-filename')) {
      args.stdinName = value('--stdin-filename');
    } else if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) throw new UsageError('no files or folders given (use - to read standard input)');
  return args;
}
