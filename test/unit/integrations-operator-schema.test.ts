// The schema we hand to Red Hat YAML (src/features/integrations/operator-schema.ts): which files it
// answers for, and that the standalone schema judges documents as our validator does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { validate } from '../../src/core';
import type { Bundle } from '../../src/core/schema/convert';
import {
  documentKinds,
  keysOfUri,
  schemaUriFor,
  standaloneSchema,
} from '../../src/features/integrations/operator-schema';

/* eslint-disable @typescript-eslint/no-require-imports */
const operator = require('../../schemas/flink-operator.json') as Bundle;
const kubernetes = require('../../schemas/kubernetes.json') as Bundle;
/* eslint-enable @typescript-eslint/no-require-imports */
const known = Object.keys(operator.kinds);

const deployment = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: demo
  labels:
    team: data
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    resource: { memory: "2048m", cpu: 1 }
  taskManager:
    resource: { memory: "2048m", cpu: 1 }
`;
const sessionJob = `apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata: { name: job }
spec:
  deploymentName: demo
  job: { jarURI: "local:///opt/flink/job.jar", parallelism: 1 }
`;
const k8sDeployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec: {}
`;

describe('Red Hat YAML contributor: which files it answers for', () => {
  it('reads apiVersion and kind of each document, skipping empty ones', () => {
    assert.deepEqual(documentKinds(`---\n# only a comment\n---\n${deployment}---\n${k8sDeployment}`), [
      { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
    ]);
  });

  it('answers a FlinkDeployment file with the FlinkDeployment schema, and nothing for a Deployment', () => {
    const uri = schemaUriFor(deployment, known);
    assert.equal(uri, 'flink-operator://schemas/flink.apache.org/v1beta1/FlinkDeployment.json');
    assert.deepEqual(keysOfUri(uri), ['flink.apache.org/v1beta1/FlinkDeployment']);
    assert.equal(schemaUriFor(k8sDeployment, known), undefined);
    assert.equal(schemaUriFor('', known), undefined);
  });

  it('leaves a file that mixes operator kinds with other kinds to Red Hat YAML itself', () => {
    assert.equal(schemaUriFor(`${deployment}---\n${k8sDeployment}`, known), undefined);
    assert.equal(schemaUriFor(deployment.replace('v1beta1', 'v1alpha1'), known), undefined);
    const both = schemaUriFor(`${sessionJob}---\n${deployment}`, known);
    assert.deepEqual(keysOfUri(both ?? ''), [
      'flink.apache.org/v1beta1/FlinkDeployment',
      'flink.apache.org/v1beta1/FlinkSessionJob',
    ]);
  });
});

describe('Red Hat YAML contributor: the schema it is given', () => {
  const check = (keys: string[], doc: string) => {
    const schema = standaloneSchema(operator, kubernetes, keys);
    assert.ok(schema, `a schema for ${keys.join(', ')}`);
    const v = new Ajv({ strict: false, allErrors: true }).compile(schema);
    return { ok: v(parse(doc)), errors: v.errors };
  };
  const ours = (doc: string) => validate([{ path: 'x.yaml', text: doc }]).filter((f) => f.code === 'k8s-schema');

  it('is self-contained: every $ref resolves inside it (ObjectMeta from the kubernetes bundle too)', () => {
    const schema = standaloneSchema(operator, kubernetes, ['flink.apache.org/v1beta1/FlinkDeployment']);
    const text = JSON.stringify(schema);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(refs.some((r) => r.endsWith('meta.v1.ObjectMeta')));
    const defs = (schema as { definitions: Record<string, unknown> }).definitions;
    for (const r of refs) assert.ok(r.startsWith('#/definitions/') && r.slice(14) in defs, `dangling ${r}`);
  });

  it('accepts a valid FlinkDeployment and rejects what our validator rejects', () => {
    assert.deepEqual(check(['flink.apache.org/v1beta1/FlinkDeployment'], deployment).errors, null);
    assert.equal(ours(deployment).length, 0);
    const bad = deployment
      .replace('  serviceAccount: flink\n', '  serviceAcount: flink\n')
      .replace('cpu: 1 }', 'cpu: "one" }');
    const r = check(['flink.apache.org/v1beta1/FlinkDeployment'], bad);
    assert.equal(r.ok, false);
    assert.ok(JSON.stringify(r.errors).includes('serviceAcount'), JSON.stringify(r.errors));
    assert.ok(ours(bad).length > 0, 'our validator flags it too');
  });

  it('checks each document of a multi-kind file against its own kind', () => {
    const keys = ['flink.apache.org/v1beta1/FlinkDeployment', 'flink.apache.org/v1beta1/FlinkSessionJob'];
    assert.equal(check(keys, sessionJob).ok, true);
    assert.equal(check(keys, sessionJob.replace('deploymentName', 'deploymentNam')).ok, false);
    assert.equal(check(keys, deployment).ok, true);
  });

  it('has no schema for an unknown kind', () => {
    assert.equal(standaloneSchema(operator, kubernetes, ['flink.apache.org/v1beta1/Nope']), undefined);
    assert.equal(standaloneSchema(operator, kubernetes, []), undefined);
  });
});
