// What every rule receives, and how it reports.
import type { FlinkModel } from '../flinkconf/cluster';
import { rangeAt, type ManifestDoc, type ManifestSet, type Part, type PathSeg } from '../model/parse';
import type { Finding, Fix, Severity, TextEdit, ValidateOptions } from './types';

export class Reporter {
  readonly findings: Finding[] = [];
  at(
    md: ManifestDoc,
    path: PathSeg[],
    part: Part,
    severity: Severity,
    code: string,
    message: string,
    fixes?: Fix[],
  ): void {
    this.push({
      file: md.file,
      range: rangeAt(md, path, part),
      severity,
      code,
      message,
      ...(fixes?.length ? { fixes } : {}),
    });
  }
  atOffsets(
    md: ManifestDoc,
    offsets: [number, number],
    severity: Severity,
    code: string,
    message: string,
    fixes?: Fix[],
  ): void {
    this.push({
      file: md.file,
      range: md.lines.range(offsets[0], offsets[1]),
      severity,
      code,
      message,
      ...(fixes?.length ? { fixes } : {}),
    });
  }
  push(f: Finding): void {
    this.findings.push(f);
  }
}

export interface RuleContext {
  set: ManifestSet;
  model: FlinkModel;
  report: Reporter;
  opts: ValidateOptions;
}

export type Rule = (ctx: RuleContext) => void;

export function edit(md: ManifestDoc, offsets: [number, number], newText: string): TextEdit {
  return { file: md.file, range: md.lines.range(offsets[0], offsets[1]), newText };
}

export function fix(title: string, ...edits: TextEdit[]): Fix {
  return { title, edits };
}
