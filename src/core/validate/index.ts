// The manifest validator: all files as one set, so references across files resolve. Never throws.
import { buildModel } from '../flinkconf/cluster';
import { parseManifests, type ManifestSet } from '../model/parse';
import { expandWrapped } from '../model/wrapped';
import { ZERO_RANGE } from '../model/text';
import { shippedSchemas } from '../schema/shipped';
import { Reporter, type Rule, type RuleContext } from './context';
import { checkConfigBlocks } from './rules/config-keys';
import { checkHa } from './rules/ha';
import { checkImages } from './rules/images';
import { checkKube } from './rules/kube';
import { checkMemory } from './rules/memory';
import { checkNetwork } from './rules/network';
import { checkOperator } from './rules/operator';
import { checkOperatorFields } from './rules/operator-fields';
import { checkPlugins } from './rules/plugins';
import { checkReferences } from './rules/references';
import { checkSchemas } from './rules/schema';
import { checkSlots } from './rules/slots';
import { checkStorage } from './rules/storage';
import { planFileSet } from './file-set';
import type { Finding, SourceFile, ValidateOptions } from './types';

export type {
  Finding,
  Fix,
  Position,
  Range,
  Severity,
  SourceFile,
  SchemaProvider,
  TextEdit,
  ValidateOptions,
  ParseCache,
} from './types';
export { parseManifests } from '../model/parse';
export type { ManifestDoc, ManifestSet, ParsedFile } from '../model/parse';

const RULES: Rule[] = [
  checkKube,
  checkSchemas,
  checkConfigBlocks,
  checkMemory,
  checkNetwork,
  checkReferences,
  checkHa,
  checkSlots,
  checkOperator,
  checkImages,
  checkStorage,
  checkPlugins,
  checkOperatorFields,
];

/**
 * Validates files as one set, as editor, folder command and CLI all do: references resolve across
 * files; an object defined twice gets a `duplicate-object` warning, and each file defining it is
 * checked against its own copy (see file-set.ts).
 */
export function validate(files: SourceFile[], opts: ValidateOptions = {}): Finding[] {
  const set = expandWrapped(parseManifests(files, opts.cache));
  const plan = planFileSet(set);
  if (!plan) return validateSet(set, opts);
  const out = [...plan.duplicates];
  for (const view of plan.views) out.push(...validateSet(view.set, opts).filter((f) => view.owns(f.file)));
  return sortFindings(dedupe(out));
}

/** Validates an already parsed set (the deploy feature parses once and validates the same docs). */
export function validateSet(parsed: ManifestSet, opts: ValidateOptions = {}): Finding[] {
  // List items, Template objects and BlueGreen templates are validated as documents of their own.
  const set = expandWrapped(parsed);
  const report = new Reporter();
  for (const f of set.files) {
    for (const p of f.problems) {
      report.push({
        file: f.path,
        range: f.lines.range(p.offsets[0], p.offsets[1]),
        severity: p.severity ?? 'error',
        code: p.code,
        message: syntaxMessage(p.code, p.message),
      });
    }
  }
  const effective: ValidateOptions = { ...opts, schemas: opts.schemas === undefined ? shippedSchemas() : opts.schemas };
  let ctx: RuleContext;
  try {
    ctx = { set, model: buildModel(set, opts.flinkVersion), report, opts: effective };
  } catch (e) {
    report.push(internal(set, e));
    return sortFindings(report.findings);
  }
  for (const rule of RULES) {
    try {
      rule(ctx);
    } catch (e) {
      // A bug in one rule must not hide the findings of the others.
      report.push(internal(set, e, rule.name));
    }
  }
  return sortFindings(dedupe(report.findings));
}

function syntaxMessage(code: string, message: string): string {
  return code === 'yaml-syntax' ? `YAML syntax error: ${message}. kubectl cannot read this document.` : message;
}

function internal(set: ManifestSet, e: unknown, rule?: string): Finding {
  return {
    file: set.files[0]?.path ?? '',
    range: ZERO_RANGE,
    severity: 'info',
    code: 'internal-error',
    message: `The validator hit an internal error${rule ? ` in ${rule}` : ''} and skipped those checks: ${(e as Error)?.message ?? String(e)}`,
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.file}|${f.range.start.line}:${f.range.start.character}|${f.code}|${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
}

/** Cheap test for narrow activation: does this YAML look like it holds Flink manifests or Flink configuration? */
export function looksLikeFlinkManifest(text: string): boolean {
  if (typeof text !== 'string') return false;
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  return /flink\.apache\.org\/|\bflink-conf\.yaml\b|(^|[\s/"'])(apache\/)?flink:[\w.-]|\b(jobmanager|taskmanager)\.(rpc|memory|numberOfTaskSlots|heap)/i.test(
    head,
  );
}

/** Cheap test for files worth validating as Kubernetes manifests (folder validation): a top-level `kind:`. */
export function looksLikeKubernetesManifest(text: string): boolean {
  if (typeof text !== 'string') return false;
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  return /^kind:\s*\S/m.test(head) && /^apiVersion:\s*\S/m.test(head);
}

/** A Flink configuration file outside a ConfigMap: `flink-conf.yaml`, or a `config.yaml` holding Flink keys. */
export function isFlinkConfigFile(path: string, text: string): boolean {
  if (typeof text !== 'string') return false;
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (name === 'flink-conf.yaml') return true;
  if (name !== 'config.yaml') return false;
  // Parsed the way the validator reads it, so both agree on what counts (only files named config.yaml).
  return parseManifests([{ path, text }]).docs.some((d) => d.configFile === 'config.yaml');
}

/**
 * Which files of a folder are validated: the same test for the editor's siblings, the folder command and
 * flink-lint's folder walk, so all three judge the same set. A top-level `kind:` (a manifest, even one
 * missing its apiVersion), or Flink configuration; other YAML (Helm values, CI files) is not ours.
 */
export function isValidationInput(path: string, text: string): boolean {
  if (typeof text !== 'string') return false;
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  return /^kind:\s*\S/m.test(head) || isFlinkConfigFile(path, text);
}
