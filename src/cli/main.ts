// flink-lint: validates Flink-on-Kubernetes manifests for CI pipelines.
//   flink-lint [--format text|json] [--flink-version 1.20] <files or folders...>
// Exit 0: no errors; 1: at least one error; 2: usage error or unreadable input (message on stderr).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validate, type Finding, type SourceFile } from '../core';

const USAGE = `Usage: flink-lint [--format text|json] [--flink-version X.Y] <files or folders...>
Validates Kubernetes manifests for Apache Flink (standalone and Flink Kubernetes Operator).
Folders are searched for *.yaml and *.yml; all files are validated as one set.
Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.`;

class UsageError extends Error {}

interface Args {
  format: 'text' | 'json';
  flinkVersion?: string;
  paths: string[];
}

export function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { format: 'text', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}": use text or json`);
      args.format = f;
    } else if (a === '--flink-version' || a.startsWith('--flink-version=')) {
      const v = value('--flink-version');
      if (!/^\d+\.\d+/.test(v)) throw new UsageError(`--flink-version "${v}" is not a version such as 1.20`);
      args.flinkVersion = v;
    } else if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) throw new UsageError('no files or folders given');
  return args;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

function collect(path: string, out: string[]): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`,
    );
  }
  if (st.isDirectory()) {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read folder ${path}: ${(e as Error).message}`);
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) collect(join(path, e.name), out);
      } else if (/\.ya?ml$/i.test(e.name)) out.push(join(path, e.name));
    }
  } else out.push(path);
}

function readAll(paths: string[]): SourceFile[] {
  const files: string[] = [];
  for (const p of paths) collect(p, files);
  return [...new Set(files)].map((path) => {
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
    }
  });
}

export function formatText(findings: Finding[], cwd: string): string {
  const lines = findings.map(
    (f) =>
      `${relative(cwd, f.file) || f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`,
  );
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const e = count('error'),
    w = count('warning'),
    i = count('info');
  lines.push(`${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info${i === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

export function formatJson(findings: Finding[]): string {
  return (
    JSON.stringify(
      findings.map((f) => ({
        file: f.file,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        severity: f.severity,
        code: f.code,
        message: f.message,
      })),
      null,
      2,
    ) + '\n'
  );
}

export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const files = readAll(args.paths);
    const findings = validate(files, { flinkVersion: args.flinkVersion });
    process.stdout.write(args.format === 'json' ? formatJson(findings) : formatText(findings, process.cwd()));
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`flink-lint: ${e.message}\n${e.message.startsWith('cannot read') ? '' : USAGE + '\n'}`);
      return 2;
    }
    process.stderr.write(`flink-lint: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
