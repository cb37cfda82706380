// Shared helpers for the validator tests.
import { validate, type Finding, type ValidateOptions } from '../../src/core';

export function run(text: string, opts: ValidateOptions = {}, path = '/ws/manifests.yaml'): Finding[] {
  return validate([{ path, text }], opts);
}
export function runMany(files: Record<string, string>, opts: ValidateOptions = {}): Finding[] {
  return validate(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    opts,
  );
}
export function codes(findings: Finding[], severity?: string): string[] {
  return findings
    .filter((f) => !severity || f.severity === severity)
    .map((f) => f.code)
    .sort();
}
export function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}
/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  const lines = text.split('\n');
  if (f.range.start.line === f.range.end.line)
    return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [
    lines[f.range.start.line].slice(f.range.start.character),
    ...lines.slice(f.range.start.line + 1, f.range.end.line),
    lines[f.range.end.line].slice(0, f.range.end.character),
  ].join('\n');
}
/** Applies the edits of a fix (one file) and returns the new text. */
export function applyFix(text: string, f: Finding, index = 0): string {
  const fix = f.fixes?.[index];
  if (!fix) throw new Error(`finding ${f.code} has no fix ${index}`);
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => starts[p.line] + p.character;
  const edits = [...fix.edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

/** A standalone session cluster as in the Flink docs (1.20), with limits; parameters make it break. */
export function session(
  o: {
    conf?: string;
    image?: string;
    jmLimit?: string;
    tmLimit?: string;
    tmReplicas?: number;
    confKey?: string;
    extraJm?: string;
    svcName?: string;
  } = {},
): string {
  const confKey = o.confKey ?? 'config.yaml';
  const conf =
    o.conf ??
    `jobmanager.rpc.address: flink-jobmanager
    taskmanager.numberOfTaskSlots: 2
    blob.server.port: 6124
    jobmanager.rpc.port: 6123
    taskmanager.rpc.port: 6122
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m
    parallelism.default: 2`;
  const image = o.image ?? 'apache/flink:1.20.1-scala_2.12';
  const limit = (l: string | undefined) =>
    l === ''
      ? ''
      : `
        resources:
          limits:
            memory: ${l}`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: flink-config
data:
  ${confKey}: |+
    ${conf}
  log4j-console.properties: |+
    rootLogger.level = INFO
---
apiVersion: v1
kind: Service
metadata:
  name: ${o.svcName ?? 'flink-jobmanager'}
spec:
  type: ClusterIP
  ports:
  - name: rpc
    port: 6123
  - name: blob-server
    port: 6124
  - name: webui
    port: 8081
  selector:
    app: flink
    component: jobmanager
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flink-jobmanager
spec:
  replicas: 1
  selector:
    matchLabels:
      app: flink
      component: jobmanager
  template:
    metadata:
      labels:
        app: flink
        component: jobmanager
    spec:
      containers:
      - name: jobmanager
        image: ${image}
        args: ["jobmanager"]${limit(o.jmLimit ?? '1600Mi')}
        ports:
        - containerPort: 6123
          name: rpc
        - containerPort: 6124
          name: blob-server
        - containerPort: 8081
          name: webui
        livenessProbe:
          tcpSocket:
            port: 6123${o.extraJm ?? ''}
        volumeMounts:
        - name: flink-config-volume
          mountPath: /opt/flink/conf
      volumes:
      - name: flink-config-volume
        configMap:
          name: flink-config
          items:
          - key: ${confKey}
            path: ${confKey}
          - key: log4j-console.properties
            path: log4j-console.properties
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flink-taskmanager
spec:
  replicas: ${o.tmReplicas ?? 2}
  selector:
    matchLabels:
      app: flink
      component: taskmanager
  template:
    metadata:
      labels:
        app: flink
        component: taskmanager
    spec:
      containers:
      - name: taskmanager
        image: ${image}
        args: ["taskmanager"]${limit(o.tmLimit ?? '1728Mi')}
        ports:
        - containerPort: 6122
          name: rpc
        livenessProbe:
          tcpSocket:
            port: 6122
        volumeMounts:
        - name: flink-config-volume
          mountPath: /opt/flink/conf/
      volumes:
      - name: flink-config-volume
        configMap:
          name: flink-config
          items:
          - key: ${confKey}
            path: ${confKey}
          - key: log4j-console.properties
            path: log4j-console.properties
`;
}
