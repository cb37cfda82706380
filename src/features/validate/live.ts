// Live diagnostics: YAML documents that look like Flink manifests are validated on open and,
// debounced, on change, together with the other manifests of their folder; cleared on close.
import * as vscode from 'vscode';
import { isValidationInput, validate, type Finding, type SchemaProvider, type SourceFile } from '../../core';
import type { Log } from '../shared/log';
import { validationSettings } from '../shared/settings';
import { fixKey, toDiagnostic } from './convert';
import { editorFileSet, isFlinkDocument } from './editor-set';
import { FolderFiles, TextParseCache } from './folder-files';
import type { FixStore } from './actions';

const DEBOUNCE_MS = 200;

export function docPath(doc: vscode.TextDocument): string {
  return doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString();
}

export function isYaml(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path);
}

export class LiveValidation implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly cache = new TextParseCache();
  private readonly folders = new FolderFiles();
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  private schemasWarm = false;
  /** The last complete validation of each document: which version, how many findings (tests wait on it). */
  private readonly runs = new Map<string, { version: number; findings: number }>();

  constructor(
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly fixes: FixStore,
    private readonly log: Log,
    private readonly schemas?: () => SchemaProvider | undefined,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('flink.validation')) this.revalidateAll();
      }),
      this.folders,
    );
    this.revalidateAll();
  }

  revalidateAll(): void {
    this.generation++;
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isYaml(doc) || doc.uri.scheme === 'output' || doc.uri.scheme === 'git') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.run(doc).catch((e) => this.log.error(`Validation of ${doc.uri.fsPath} failed: ${(e as Error).message}`));
      }, delay),
    );
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    const settings = validationSettings();
    const text = doc.getText();
    const path = docPath(doc);
    if (!settings.enabled || doc.isClosed || !(isFlinkDocument(path, text) || isValidationInput(path, text))) {
      this.clearDiagnostics(doc);
      return;
    }
    const version = doc.version;
    const generation = this.generation;
    const siblings: SourceFile[] = [];
    if (settings.includeFolder) {
      const open = new Map(
        vscode.workspace.textDocuments.filter((d) => !d.isClosed).map((d) => [docPath(d), d] as const),
      );
      for (const s of await this.folders.siblings(doc.uri)) {
        const editing = open.get(s.path);
        siblings.push(editing ? { path: s.path, text: editing.getText() } : s);
      }
    }
    // The same selection the parity test checks against the folder command and flink-lint.
    const files = editorFileSet(path, text, siblings);
    if (!files) {
      this.clearDiagnostics(doc);
      return;
    }
    // A newer edit or a settings change superseded this run.
    if (doc.isClosed || doc.version !== version || generation !== this.generation) return;
    // The cluster's schemas once fetched (see cluster-schemas.ts); undefined = the shipped ones.
    const opts = {
      cache: this.cache,
      flinkVersion: settings.flinkVersion || undefined,
      operatorVersion: settings.operatorVersion || undefined,
      schemas: this.schemas?.(),
    };
    if (!this.schemasWarm) {
      // Compiling the schemas takes a second or two once per session: show the Flink findings first.
      this.schemasWarm = true;
      this.publish(
        doc,
        validate(files, { ...opts, schemas: null }).filter((f) => f.file === path),
      );
      await new Promise((r) => setTimeout(r, 0));
      if (doc.isClosed || doc.version !== version) return;
    }
    const t0 = Date.now();
    const findings = validate(files, opts).filter((f) => f.file === path);
    this.publish(doc, findings);
    this.runs.set(doc.uri.toString(), { version, findings: findings.length });
    const ms = Date.now() - t0;
    if (ms > 200) this.log.debug(`Validated ${path} with ${files.length - 1} sibling file(s) in ${ms} ms`);
  }

  private clearDiagnostics(doc: vscode.TextDocument): void {
    this.diagnostics.delete(doc.uri);
    this.fixes.clear(doc.uri);
    if (!doc.isClosed) this.runs.set(doc.uri.toString(), { version: doc.version, findings: 0 });
  }

  /** The last complete validation of a document, if any. */
  lastRun(uri: vscode.Uri): { version: number; findings: number } | undefined {
    return this.runs.get(uri.toString());
  }

  private publish(doc: vscode.TextDocument, findings: Finding[]): void {
    const diags = findings.map(toDiagnostic);
    this.fixes.clear(doc.uri);
    findings.forEach((f, i) => {
      const diag = diags[i];
      if (diag && f.fixes?.length) this.fixes.set(fixKey(doc.uri, diag.range, f.code), f.fixes);
    });
    this.diagnostics.set(doc.uri, diags);
  }

  private clear(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.diagnostics.delete(doc.uri);
    this.fixes.clear(doc.uri);
    this.cache.delete(docPath(doc));
    this.runs.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
