// Schema conversion and validation: shipped Kubernetes schemas, and operator CRDs converted the way
// cluster-served CRDs are (the corpus CRDs, read in place).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { shippedKinds, validate } from '../../src/core';
import { bundleFromCrds, providerFromBundles, strictify } from '../../src/core/schema/convert';
import { shippedSchemas } from '../../src/core/schema/shipped';
import { covered } from './validate-helpers';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const crdDir = join(CORPUS, 'operator-crds');
const crds = readdirSync(crdDir).flatMap((f) =>
  parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>),
);
const shipped = shippedSchemas();
const objectMeta = Object.keys((shipped.bundles!()[0] as { definitions: object }).definitions).find((n) =>
  n.endsWith('meta.v1.ObjectMeta'),
)!;
const operatorBundle = bundleFromCrds(
  crds,
  'test:operator',
  'corpus',
  `flink-vscode:kubernetes#/definitions/${objectMeta}`,
);
const both = providerFromBundles('test:both', [
  ...(shipped.bundles!() as never[]).map((b: { $id: string; definitions: Record<string, unknown> }) => ({
    ...b,
    kinds: {},
  })),
  operatorBundle,
]);
const schemas = {
  id: 'test:all',
  bundles: both.bundles,
  schemaFor: (a: string, k: string) => shipped.schemaFor(a, k) ?? both.schemaFor(a, k),
};

describe('schemas', () => {
  it('ships the kinds Flink manifests use', () => {
    for (const k of [
      'v1/ConfigMap',
      'v1/Service',
      'apps/v1/Deployment',
      'batch/v1/Job',
      'v1/ServiceAccount',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'v1/PersistentVolumeClaim',
      'v1/Secret',
      'v1/Namespace',
    ])
      assert.ok(shippedKinds().includes(k), k);
  });

  it('strictify: int-or-string, additionalProperties, refs, boolean exclusiveMinimum', () => {
    assert.deepEqual(strictify({ type: 'object', properties: { a: { format: 'int-or-string', type: 'string' } } }), {
      type: 'object',
      properties: { a: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
      additionalProperties: false,
    });
    assert.deepEqual(strictify({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: {} }), {
      type: 'object',
      properties: {},
    });
    assert.deepEqual(strictify({ allOf: [{ $ref: '#/components/schemas/X' }], description: 'd' }), {
      $ref: '#/definitions/X',
    });
    assert.deepEqual(strictify({ minimum: 0, exclusiveMinimum: true }), { exclusiveMinimum: 0 });
  });

  it('converts the operator CRDs (PodTemplateSpec hoisted once) and accepts every operator example', () => {
    assert.deepEqual(Object.keys(operatorBundle.kinds).sort(), [
      'flink.apache.org/v1beta1/FlinkBlueGreenDeployment',
      'flink.apache.org/v1beta1/FlinkDeployment',
      'flink.apache.org/v1beta1/FlinkSessionJob',
      'flink.apache.org/v1beta1/FlinkStateSnapshot',
    ]);
    assert.ok(
      JSON.stringify(operatorBundle).length < 300_000,
      `bundle is ${JSON.stringify(operatorBundle).length} bytes`,
    );
    const dir = join(CORPUS, 'operator-examples');
    for (const f of readdirSync(dir)) {
      const findings = validate([{ path: f, text: readFileSync(join(dir, f), 'utf8') }], { schemas }).filter(
        (x) => x.code === 'k8s-schema',
      );
      assert.deepEqual(findings, [], f);
    }
  });

  it('flags unknown fields in a FlinkDeployment with a did-you-mean, and bad enum values', () => {
    const text = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:1.20
  flinkVersion: v1_99
  serviceAcount: flink
  jobManager:
    resource:
      memory: "2048m"
  taskManager:
    resource:
      memory: "2048m"
`;
    const f = validate([{ path: 'x.yaml', text }], { schemas }).filter((x) => x.code === 'k8s-schema');
    assert.deepEqual(f.map((x) => covered(text, x)).sort(), ['serviceAcount', 'v1_99']);
    assert.match(f.find((x) => covered(text, x) === 'serviceAcount')!.message, /Did you mean "serviceAccount"/);
  });

  it('accepts explicit nulls (the API server treats them as unset) and int-or-string ports', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\nspec:\n  selector: {app: x}\n  ports:\n  - port: 80\n    targetPort: http\n';
    assert.deepEqual(validate([{ path: 's.yaml', text }]), []);
  });
});
