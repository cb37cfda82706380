// Completion and hover for Flink configuration keys and values in YAML editors (ConfigMap blocks,
// spec.flinkConfiguration, FLINK_PROPERTIES, flink-conf.yaml/config.yaml). Content comes from
// core/flinkconf/catalog/assist; quick fixes (deprecated key -> replacement, typos) come with the
// validator's diagnostics (features/validate).
import * as vscode from 'vscode';
import { complete, hover, versionOfText, type Suggestion } from '../../core/flinkconf/catalog/assist';
import type { Services } from '../shared/services';
import { memoryHoverProvider } from './memory-hover';
import { validationSettings } from '../shared/settings';

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

function linesOf(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}

function versionOf(document: vscode.TextDocument) {
  return versionOfText(document.getText(), validationSettings().flinkVersion || undefined);
}

function toItem(s: Suggestion, position: vscode.Position): vscode.CompletionItem {
  const kind =
    s.kind === 'group'
      ? vscode.CompletionItemKind.Module
      : s.kind === 'key'
        ? vscode.CompletionItemKind.Property
        : vscode.CompletionItemKind.Value;
  const item = new vscode.CompletionItem(s.label, kind);
  item.insertText = s.insert;
  item.range = new vscode.Range(position.line, s.replaceStart, position.line, position.character);
  if (s.detail) item.detail = s.detail;
  if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
  if (s.preselect) {
    item.preselect = true;
    item.sortText = ' ';
  }
  if (s.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

export function register(services: Services): void {
  const completion: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      const { version } = versionOf(document);
      const items = complete(linesOf(document), position.line, position.character, document.fileName, version);
      return items.map((s) => toItem(s, position));
    },
  };
  const hovers: vscode.HoverProvider = {
    provideHover(document, position) {
      const { version, guessed } = versionOf(document);
      const h = hover(linesOf(document), position.line, position.character, document.fileName, version, guessed);
      if (!h) return undefined;
      const md = new vscode.MarkdownString(h.markdown);
      return new vscode.Hover(md, new vscode.Range(position.line, h.start, position.line, h.end));
    },
  };
  services.context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(SELECTOR, completion, '.', ' ', ':'),
    vscode.languages.registerHoverProvider(SELECTOR, hovers),
    vscode.languages.registerHoverProvider(SELECTOR, memoryHoverProvider()),
  );
  services.log.info('Flink config completion and hover registered');
}
