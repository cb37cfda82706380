// The pure core: manifest model, Flink config knowledge and validation. No vscode, no I/O.
export * from './validate/index';
export { shippedSchemas, shippedKinds } from './schema/shipped';
export type { SchemaBundleProvider } from './schema/ajv';
export { combineSchemaProviders } from './schema/combine';
export {
  clusterSchemaProvider,
  bundleFromCrds,
  bundleFromOpenApi,
  providerFromBundles,
  type Bundle,
} from './schema/convert';
