// Findings of the core validator as VS Code diagnostics and workspace edits.
import * as vscode from 'vscode';
import type { Finding, Fix } from '../../core';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(r: Finding['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.code = f.code;
  d.source = 'flink';
  return d;
}

/** The key a diagnostic is found again by, when VS Code asks for code actions. */
export function fixKey(uri: vscode.Uri, range: vscode.Range, code: string): string {
  return `${uri.toString()}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${code}`;
}

/** Core findings name files by path (or, for untitled documents, by URI string). */
export function fileUri(file: string): vscode.Uri {
  return /^[a-z][\w+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

export function toWorkspaceEdit(fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(fileUri(e.file), toRange(e.range), e.newText);
  return edit;
}
