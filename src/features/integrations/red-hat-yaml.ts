// Red Hat YAML (redhat.vscode-yaml), when installed: our Flink operator schemas through its public
// schema contributor API, so its completion and hover know FlinkDeployment and friends, and its
// findings on those files come from the same schema as ours (docs/integrations.md says who owns what).
import * as vscode from 'vscode';
import type { Bundle } from '../../core/schema/convert';
import type { Log } from '../shared/log';
import { SCHEME, keysOfUri, schemaUriFor, standaloneSchema } from './operator-schema';

export const RED_HAT_YAML_ID = 'redhat.vscode-yaml';

/** The part of its API we use (its src/schema-extension-api.ts). */
export interface YamlExtensionApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => Promise<string> | string,
    label?: string,
  ): boolean;
}

function isYamlApi(x: unknown): x is YamlExtensionApi {
  return !!x && typeof (x as YamlExtensionApi).registerContributor === 'function';
}

/* eslint-disable @typescript-eslint/no-require-imports -- the same generated bundles the validator ships, read on first use */
let bundles: { operator: Bundle; kubernetes: Bundle } | undefined;
function shippedBundles(): { operator: Bundle; kubernetes: Bundle } {
  return (bundles ??= {
    operator: require('../../../schemas/flink-operator.json') as Bundle,
    kubernetes: require('../../../schemas/kubernetes.json') as Bundle,
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The open document Red Hat YAML asks about (it sends the URI as a string). */
function openDocument(resource: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource || d.uri.toString(true) === resource);
}

/** Our answer to its schema request: a schema URI only for files of Flink operator kinds. */
export function requestSchema(resource: string): string | undefined {
  const doc = openDocument(resource);
  if (!doc) return undefined;
  return schemaUriFor(doc.getText(), Object.keys(shippedBundles().operator.kinds));
}

/** The schema behind a URI from requestSchema, as JSON text. */
export function requestSchemaContent(uri: string): string {
  const { operator, kubernetes } = shippedBundles();
  const schema = standaloneSchema(operator, kubernetes, keysOfUri(uri));
  // An unknown URI (it only asks for ours): an empty schema accepts everything rather than failing.
  return JSON.stringify(schema ?? {});
}

/**
 * Activates Red Hat YAML and registers our contributor. Returns what happened, for the status
 * command and the log; never throws (its absence or a broken API must not disturb our activation).
 */
export async function contributeToRedHatYaml(log: Log): Promise<string> {
  const ext = vscode.extensions.getExtension(RED_HAT_YAML_ID);
  if (!ext) return 'absent';
  try {
    const api: unknown = await ext.activate();
    if (!isYamlApi(api)) {
      log.warn(`${RED_HAT_YAML_ID} ${String(ext.packageJSON?.version)} has no registerContributor API: not used.`);
      return 'no-api';
    }
    const ok = api.registerContributor(SCHEME, requestSchema, requestSchemaContent, 'Flink Kubernetes Operator');
    log.info(`Flink operator schemas ${ok ? 'contributed to' : 'were already registered with'} Red Hat YAML.`);
    return 'registered';
  } catch (e) {
    log.warn(`Could not contribute the Flink operator schemas to Red Hat YAML: ${(e as Error).message}`);
    return 'failed';
  }
}
