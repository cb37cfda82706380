// Plain output formats of flink-lint: text (file:line:col), json, and GitHub workflow annotations.
import { relative } from 'node:path';
import type { Finding, Severity } from '../core';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The path as printed: relative to the working directory when below it, `-` input as named. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !/^[\\/]/.test(rel) ? rel.split('\\').join('/') : file;
}

function summary(findings: Finding[]): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const e = count('error'),
    w = count('warning'),
    i = count('info');
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info${i === 1 ? '' : 's'}`;
}

export function formatText(findings: Finding[], cwd: string): string {
  const lines = findings.map(
    (f) =>
      `${displayPath(f.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`,
  );
  lines.push(summary(findings));
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

// Workflow command escaping, as the Actions runner decodes it: data escapes %, CR, LF;
// property values also escape ':' and ','.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** One `::error file=...::message` line per finding (GitHub Actions shows them on the diff), then the summary. */
export function formatGithub(findings: Finding[], cwd: string): string {
  const lines = findings.map((f) => {
    const props = [
      `file=${escapeProperty(displayPath(f.file, cwd))}`,
      `line=${f.range.start.line + 1}`,
      `col=${f.range.start.character + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `endColumn=${f.range.end.character + 1}`,
      `title=${escapeProperty(`flink-lint ${f.code}`)}`,
    ];
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
  });
  lines.push(summary(findings));
  return lines.join('\n') + '\n';
}
