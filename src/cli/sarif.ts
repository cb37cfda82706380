// SARIF 2.1.0 output: the format GitHub code scanning (and most CI dashboards) ingest. Every result
// points at a rule with a description, help text and a docs link.
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../core';
import { displayPath } from './format';
import { RULES, ruleInfo } from './rules';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** SARIF wants a URI: a relative one (against SRCROOT, the working directory) for files below it. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file, cwd);
  if (shown === file && /^([\\/]|[A-Za-z]:)/.test(file)) return { uri: pathToFileURL(file).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

export function formatSarif(findings: Finding[], cwd: string, toolVersion: string): string {
  const ids = [...Object.keys(RULES)];
  for (const f of findings) if (!ids.includes(f.code)) ids.push(f.code);
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const info = ruleInfo(id);
    return {
      id,
      shortDescription: { text: info.short },
      fullDescription: { text: `${info.short} ${info.help}` },
      help: { text: `${info.help} See ${info.docs}`, markdown: `${info.help}\n\n[Documentation](${info.docs})` },
      helpUri: info.docs,
      defaultConfiguration: { level: LEVEL[info.severity] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file, cwd),
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'flink-lint', version: toolVersion, semanticVersion: toolVersion, rules } },
        originalUriBaseIds: { SRCROOT: { uri: dirUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        // An empty results array (not a missing one) tells consumers the analysis ran and found nothing.
        results,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
