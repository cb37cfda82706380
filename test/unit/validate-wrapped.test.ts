// Objects inside other objects (issue 11): List items, OpenShift Template objects and a
// FlinkBlueGreenDeployment's template are validated, and findings point at the inner lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate, type Finding } from '../../src/core';

const LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: flink-config
    data:
      config.yaml: |
        jobmanager.rpc.address: flink-jobmanager
        taskmanager.numberOfTaskSlots: 2
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: flink-taskmanager
    spec:
      replicas: 2
      selector:
        matchLabels: {app: flink, component: taskmanager}
      template:
        metadata:
          labels: {app: flink, component: taskmanager}
        spec:
          containers:
            - name: taskmanager
              image: flink:1.20
              args: ["taskmanager"]
              imagePullPolicyy: IfNotPresent
`;

const TEMPLATE = `apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: flink-session
parameters:
  - name: REPLICAS
    value: "2"
  - name: IMAGE
    value: flink:1.20
  - name: SECRET_TOKEN
    generate: expression
    from: "[a-z]{16}"
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: flink-jobmanager
    spec:
      replicas: \${{REPLICAS}}
      selector:
        matchLabels: {app: flink, component: jobmanager}
      template:
        metadata:
          labels: {app: flink, component: wrong}
        spec:
          containers:
            - name: jobmanager
              image: \${IMAGE}
              args: ["jobmanager"]
  - apiVersion: v1
    kind: Secret
    metadata:
      name: token
    stringData:
      token: \${SECRET_TOKEN}
    bogus: 1
`;

const BLUE_GREEN = `apiVersion: flink.apache.org/v1beta1
kind: FlinkBlueGreenDeployment
metadata:
  name: orders
spec:
  template:
    spec:
      image: flink:1.20
      flinkVersion: v1_20
      serviceAccount: flink
      flinkConfiguration:
        high-availability.type: kubernetes
      jobManager:
        resource: {memory: "2048m", cpu: 1}
      taskManager:
        resource: {memory: "2048m", cpu: 1}
      job:
        jarURI: local:///opt/flink/usrlib/orders.jar
        parallelism: 2
        upgradeMode: last-state
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
const show = (fs: Finding[]) =>
  fs.map((f) => `${f.range.start.line}: ${f.severity} ${f.code}: ${f.message}`).join('\n');

describe('wrapped objects', () => {
  it('List items are validated, on their own lines', () => {
    const fs = validate([{ path: '/w/list.yaml', text: LIST }]);
    const schema = fs.filter((f) => f.code === 'k8s-schema');
    assert.equal(schema.length, 1, show(fs));
    assert.equal(schema[0]?.range.start.line, lineOf(LIST, 'imagePullPolicyy'));
    assert.match(schema[0]?.message ?? '', /imagePullPolicy/);
  });

  it('OpenShift Template objects are validated with their parameter defaults; objects needing generated values are left out', () => {
    const fs = validate([{ path: '/w/template.yaml', text: TEMPLATE }]);
    const sel = fs.filter((f) => f.code === 'selector-mismatch');
    assert.equal(sel.length, 1, show(fs));
    assert.ok((sel[0]?.range.start.line ?? 0) > lineOf(TEMPLATE, 'objects:'), show(fs));
    // ${{REPLICAS}} becomes the integer 2: no type error; the Secret needs a generated value: not judged.
    assert.deepEqual(
      fs.filter((f) => f.code === 'k8s-schema' || f.code === 'unknown-kind'),
      [],
      show(fs),
    );
  });

  it("a FlinkBlueGreenDeployment's template gets the FlinkDeployment rules, on the template's lines", () => {
    const fs = validate([{ path: '/w/bg.yaml', text: BLUE_GREEN }]);
    const ha = fs.filter((f) => f.code === 'ha-storage-dir-missing');
    assert.equal(ha.length, 1, show(fs));
    assert.ok((ha[0]?.range.start.line ?? 0) >= lineOf(BLUE_GREEN, 'template:'), show(fs));
    // The template's schema is checked once, as part of the BlueGreen resource.
    const broken = BLUE_GREEN.replace('parallelism: 2', 'parallelism: two');
    const schema = validate([{ path: '/w/bg.yaml', text: broken }]).filter((f) => f.code === 'k8s-schema');
    assert.equal(schema.length, 1, show(schema));
    assert.equal(schema[0]?.range.start.line, lineOf(broken, 'parallelism: two'));
  });
});
