// Typed access to the extension's settings (package.json contributes.configuration, `flink.*`).
// Every feature reads its settings here, never through getConfiguration directly.
import * as vscode from 'vscode';

function read<T>(section: string, key: string, fallback: T, valid: (v: unknown) => v is T): T {
  const v = vscode.workspace.getConfiguration(section).get<unknown>(key);
  return valid(v) ? v : fallback;
}

const isString = (v: unknown): v is string => typeof v === 'string';

export interface ScaffoldSettings {
  /** `flink.scaffold.defaultFlinkVersion`: the version preselected in "New Flink Cluster Manifests...". */
  readonly defaultFlinkVersion: string;
  /** `flink.scaffold.flinkImageRegistry`: registry/path prefix for the official `flink` image (a mirror); '' = Docker Hub. */
  readonly flinkImageRegistry: string;
  /** `flink.scaffold.jobImageRegistry`: registry/path prefix for job images built from the generated Dockerfile. */
  readonly jobImageRegistry: string;
}

export function scaffoldSettings(): ScaffoldSettings {
  return {
    defaultFlinkVersion: read('flink.scaffold', 'defaultFlinkVersion', '1.20', isString),
    flinkImageRegistry: read('flink.scaffold', 'flinkImageRegistry', '', isString),
    jobImageRegistry: read('flink.scaffold', 'jobImageRegistry', '', isString),
  };
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

export interface ValidationSettings {
  /** `flink.validation.enabled`: live diagnostics in YAML files that hold Flink manifests. */
  readonly enabled: boolean;
  /** `flink.validation.flinkVersion`: Flink version assumed when neither the image tag nor `flinkVersion` tells ('' = none). */
  readonly flinkVersion: string;
  /** `flink.validation.includeFolder`: validate an open file together with the other manifests of its folder. */
  readonly includeFolder: boolean;
  /** `flink.validation.useClusterSchemas`: validate against the schemas and CRDs the current Kubernetes context serves (shipped ones offline). */
  readonly useClusterSchemas: boolean;
}

export function validationSettings(): ValidationSettings {
  return {
    enabled: read('flink.validation', 'enabled', true, isBool),
    flinkVersion: read('flink.validation', 'flinkVersion', '', isString),
    includeFolder: read('flink.validation', 'includeFolder', true, isBool),
    useClusterSchemas: read('flink.validation', 'useClusterSchemas', true, isBool),
  };
}
