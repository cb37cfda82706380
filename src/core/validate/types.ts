// Public types of the manifest validator. Other features (scaffold, deploy) depend on these: keep them stable.

export type Severity = 'error' | 'warning' | 'info';
/** 0-based, like VS Code. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}
export interface Fix {
  title: string;
  edits: TextEdit[];
}
export interface Finding {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable rule code, e.g. `memory-exceeds-limit`. */
  code: string;
  message: string;
  fixes?: Fix[];
}
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Where Kubernetes JSON schemas come from: the ones shipped with the extension (offline) or the
 * OpenAPI/CRD schemas a cluster serves (plugged in by the deploy feature). Schemas are draft-07.
 */
export interface SchemaProvider {
  /** Changes when the schemas change; compiled validators are cached per id. */
  readonly id: string;
  /** The schema for one apiVersion/kind, or undefined when this provider does not know the kind. */
  schemaFor(apiVersion: string, kind: string): object | undefined;
}

export interface ValidateOptions {
  /** Kubernetes schemas; defaults to the shipped ones. Pass `null` to skip schema validation. */
  schemas?: SchemaProvider | null;
  /** Flink version to assume when none can be read from images or `flinkVersion` (e.g. "1.20"). */
  flinkVersion?: string;
  /** Flink Kubernetes Operator release the resources are for (e.g. "1.10"): fields and values its CRDs lack are reported. */
  operatorVersion?: string;
  /** Reuses parsed files between calls (editor). */
  cache?: ParseCache;
}

/** Parsed files by path, reused while the text is unchanged. */
export interface ParseCache {
  get(path: string, text: string): unknown;
  set(path: string, text: string, parsed: unknown): void;
}
