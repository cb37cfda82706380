// Generates the JSON schemas the validator ships (schemas/*.json), compact (no descriptions).
//
//   node --import tsx scripts/gen-schemas.mjs [--k8s v1.34.4] [--operator 1.15.0] [--operator-crds DIR] [--operator-only]
//
// The shipped operator schema was generated with
//   node --import tsx scripts/gen-schemas.mjs --operator-only --operator 1.16-SNAPSHOT \
//     --operator-crds ../shared/corpus/operator-crds
// (the operator's released CRDs, Apache License 2.0, from its main branch of 2026-07). --operator-only
// keeps schemas/kubernetes.json and regenerates schemas/flink-operator.json alone.
//
// Sources, all from package registries through their ordinary clients:
// - Kubernetes: the OpenAPI v3 documents (api/openapi-spec/v3/*.json) inside the Go module
//   k8s.io/kubernetes@<version>, fetched with `go mod download -json` (Go module proxy).
// - Flink Kubernetes Operator CRDs: META-INF/fabric8/*.yml inside
//   org.apache.flink:flink-kubernetes-operator-api:<version>.jar, fetched with
//   `mvn dependency:copy` (Maven Central). Where that artifact cannot be had, pass
//   --operator-crds DIR with the CRD YAML files of an operator release (e.g. its Helm chart's crds/);
//   without either, schemas/flink-operator.json stays empty and operator resources are checked by
//   the validator's own operator rules only (connected to a cluster, the cluster's CRDs are used).
// The conversion itself lives in src/core/schema/convert.ts (also used for cluster-served schemas).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { bundleFromCrds, bundleFromOpenApi } from '../src/core/schema/convert.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const K8S = arg('--k8s', 'v1.34.4');
const OPERATOR = arg('--operator', '1.15.0');
const CRD_DIR = arg('--operator-crds');
const OPERATOR_ONLY = process.argv.includes('--operator-only');

// The kinds Flink manifests use (issue 7) plus their close relatives.
const KINDS = [
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'v1/Namespace',
  'v1/PersistentVolumeClaim',
  'v1/Pod',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'networking.k8s.io/v1/Ingress',
];
const GROUP_FILES = [
  'api__v1_openapi.json',
  'apis__apps__v1_openapi.json',
  'apis__batch__v1_openapi.json',
  'apis__rbac.authorization.k8s.io__v1_openapi.json',
  'apis__networking.k8s.io__v1_openapi.json',
];

function kubernetesBundle() {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${K8S}`], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );
  if (!info.Dir) throw new Error(`go mod download k8s.io/kubernetes@${K8S} failed: ${info.Error ?? 'no Dir'}`);
  const dir = join(info.Dir, 'api', 'openapi-spec', 'v3');
  const docs = GROUP_FILES.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return bundleFromOpenApi(docs, KINDS, 'flink-vscode:kubernetes', K8S);
}

function operatorCrdTexts() {
  if (CRD_DIR)
    return readdirSync(CRD_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(join(CRD_DIR, f), 'utf8'));
  const out = mkdtempSync(join(tmpdir(), 'flink-operator-api-'));
  try {
    execFileSync(
      'mvn',
      [
        '-q',
        'dependency:copy',
        `-Dartifact=org.apache.flink:flink-kubernetes-operator-api:${OPERATOR}:jar`,
        `-DoutputDirectory=${out}`,
      ],
      { stdio: 'inherit' },
    );
  } catch {
    console.warn(
      `flink-kubernetes-operator-api:${OPERATOR} is not available from Maven Central here: operator schemas not generated.`,
    );
    return [];
  }
  const jar = join(out, `flink-kubernetes-operator-api-${OPERATOR}.jar`);
  const names = execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => /^META-INF\/fabric8\/.*-v1\.yml$/.test(n));
  return names.map((n) => execFileSync('unzip', ['-p', jar, n], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const k8s = OPERATOR_ONLY
  ? JSON.parse(readFileSync(join(root, 'schemas', 'kubernetes.json'), 'utf8'))
  : kubernetesBundle();
const objectMeta = Object.keys(k8s.definitions).find((n) => n.endsWith('.apis.meta.v1.ObjectMeta'));
if (!OPERATOR_ONLY) {
  writeFileSync(join(root, 'schemas', 'kubernetes.json'), JSON.stringify(k8s));
  console.log(
    `schemas/kubernetes.json: ${Object.keys(k8s.kinds).length} kinds, ${Object.keys(k8s.definitions).length} definitions`,
  );
}

const crds = operatorCrdTexts()
  .flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()))
  .filter((o) => o?.kind === 'CustomResourceDefinition');
const op = bundleFromCrds(
  crds,
  'flink-vscode:flink-operator',
  OPERATOR,
  objectMeta ? `flink-vscode:kubernetes#/definitions/${objectMeta}` : undefined,
);
op.$comment =
  'Generated from the CustomResourceDefinitions of the Apache Flink Kubernetes Operator (Apache License 2.0, see schemas/NOTICE.md).';
writeFileSync(join(root, 'schemas', 'flink-operator.json'), JSON.stringify(op));
console.log(`schemas/flink-operator.json: ${Object.keys(op.kinds).length} kinds`);
