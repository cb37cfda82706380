// Keys a deployment mode ignores: the list of keys the operator sets is checked against the operator's
// own FlinkConfigBuilder.java (read in place), and both rules are checked on manifests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../../src/core/flinkconf/catalog';
import { OPERATOR_SET_KEYS } from '../../src/core/flinkconf/ignored-keys';
import { NATIVE_ONLY_KEYS } from '../../src/core/flinkconf/native-only-keys';
import { codes, covered, only, run, session } from './validate-helpers';

const BUILDER = join(
  __dirname,
  ...'../../../shared/flink-kubernetes-operator/flink-kubernetes-operator/src/main/java/org/apache/flink/kubernetes/operator/config/FlinkConfigBuilder.java'.split(
    '/',
  ),
);
const NO_SCHEMA = { schemas: null };

/** The body of the method declared by `signature` (brace matching). */
function body(src: string, signature: RegExp): string {
  const m = signature.exec(src);
  assert.ok(m, `no ${signature} in FlinkConfigBuilder.java`);
  let i = src.indexOf('{', m.index);
  const start = i;
  for (let depth = 0; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) break;
  }
  return src.slice(start, i + 1);
}

/** Option references (Class.FIELD, FIELD, "literal") of the first argument of every set/setString/setDouble
 * call; a variable is followed to its assignments. */
function setRefs(src: string, scope = src): Set<string> {
  const refs = new Set<string>();
  const of = (text: string) => {
    const expr = text.replace(/\s*\.\s*/g, '.');
    return [
      ...(expr.match(/"[^"]*"/g) ?? []),
      ...(expr.replace(/"[^"]*"/g, '').match(/\b(?:[A-Z]\w*\.)?[A-Z][A-Z0-9_]{2,}\b/g) ?? []),
    ];
  };
  for (const m of scope.matchAll(/\.set(?:String|Double)?\(\s*([^,]+),/g)) {
    const arg = (m[1] ?? '').trim().replace(/\.key\(\)$/, '');
    if (/^[a-z]\w*$/.test(arg)) {
      // A local variable: every value assigned to it in the file.
      const assigned = [...src.matchAll(new RegExp(`\\b${arg}\\s*=([^;]+);`, 'g'))].flatMap((a) => of(a[1] ?? ''));
      assert.ok(assigned.length, `cannot follow ${arg} in FlinkConfigBuilder.java`);
      for (const r of assigned) refs.add(r.replace(/\.key\(\)$/, ''));
    } else for (const r of of(arg)) refs.add(r);
  }
  return refs;
}

describe('keys the operator sets itself', () => {
  it("match what the operator's FlinkConfigBuilder sets after copying flinkConfiguration", () => {
    if (!existsSync(BUILDER)) assert.fail(`the operator source is missing (${BUILDER}): it is read in place`);
    let src = readFileSync(BUILDER, 'utf8').replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
    // setDefaultConf keeps a value the user set: those keys are not overridden.
    for (const sig of [/void setDefaultConf\(ConfigOption<T> option/, /static <T> void setDefaultConf\(/])
      src = src.replace(body(src, sig), '{}');
    const inSource = setRefs(src);
    const ours = new Set(OPERATOR_SET_KEYS.flatMap((o) => o.refs));
    assert.deepEqual(
      [...inSource].filter((r) => !ours.has(r)),
      [],
      'the operator sets these; add them to OPERATOR_SET_KEYS',
    );
    assert.deepEqual(
      [...ours].filter((r) => !inSource.has(r)),
      [],
      'the operator no longer sets these; remove them',
    );
    // FlinkSessionJobs share applyJobConfig only.
    const job = setRefs(src, body(src, /static void applyJobConfig\(/));
    const session = new Set(OPERATOR_SET_KEYS.filter((o) => o.sessionJob).flatMap((o) => o.refs));
    assert.deepEqual([...job].sort(), [...session].sort());
  });

  it('names keys Flink knows', () => {
    const keys = [...OPERATOR_SET_KEYS.flatMap((o) => o.keys), ...Object.keys(NATIVE_ONLY_KEYS)].filter(
      (k) => !k.startsWith('$internal.') && !k.startsWith('kubernetes.internal.'),
    );
    assert.deepEqual(
      keys.filter((k) => !catalog().find(k)),
      [],
    );
  });

  const fd = (flinkConf: string, spec = '') => `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic-example
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  flinkConfiguration:
${flinkConf}
  jobManager:
    resource:
      memory: "2048m"
      cpu: 1
  taskManager:
    resource:
      memory: "2048m"
${spec}`;
  const job = '  job:\n    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar\n    parallelism: 2\n';

  it('warns on a flinkConfiguration key the spec overrides, naming the spec field', () => {
    const text = fd(
      '    taskmanager.memory.process.size: 4g\n    parallelism.default: "8"\n    kubernetes.container.image.ref: flink:1.19\n    taskmanager.numberOfTaskSlots: "2"',
      job,
    );
    const f = only(run(text, NO_SCHEMA), 'operator-overridden-config-key');
    assert.deepEqual(
      f.map((x) => covered(text, x)),
      ['taskmanager.memory.process.size', 'parallelism.default', 'kubernetes.container.image.ref'],
    );
    assert.match(f[0]?.message ?? '', /Set spec\.taskManager\.resource\.memory instead/);
    assert.match(f[1]?.message ?? '', /spec\.job\.parallelism/);
    assert.match(f[2]?.message ?? '', /Set spec\.image instead/);
    assert.equal(f[0]?.severity, 'warning');
  });

  it('stays quiet where the operator keeps the flinkConfiguration value', () => {
    // No taskManager.resource.cpu, no job (a session cluster), and setDefaultConf keys such as pipeline.name.
    const text = fd(
      '    kubernetes.taskmanager.cpu.amount: "2"\n    parallelism.default: "8"\n    pipeline.name: mine\n    kubernetes.rest-service.exposed.type: NodePort',
    );
    assert.deepEqual(only(run(text, NO_SCHEMA), 'operator-overridden-config-key'), []);
  });

  it('leaves the keys the validator rejects to operator-forbidden-config-key', () => {
    const f = run(fd('    kubernetes.cluster-id: other'), NO_SCHEMA);
    assert.deepEqual(codes(f), ['operator-forbidden-config-key']);
  });

  it('in a FlinkSessionJob, warns on parallelism.default when spec.job.parallelism is set', () => {
    const text = `apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: job1
spec:
  deploymentName: basic-session
  flinkConfiguration:
    parallelism.default: "4"
    execution.savepoint.ignore-unclaimed-state: "true"
  job:
    jarURI: https://example.com/job.jar
    parallelism: 2
    allowNonRestoredState: false
`;
    const f = only(run(text, NO_SCHEMA), 'operator-overridden-config-key');
    assert.deepEqual(
      f.map((x) => covered(text, x)),
      ['parallelism.default', 'execution.savepoint.ignore-unclaimed-state'],
    );
    assert.match(f[1]?.message ?? '', /spec\.job\.allowNonRestoredState/);
  });
});

describe('native-Kubernetes-only keys in a standalone cluster', () => {
  const base = `jobmanager.rpc.address: flink-jobmanager
    taskmanager.numberOfTaskSlots: 2
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m`;

  it('warns once per key (not once per container reading it), naming the pod field to use', () => {
    const text = session({
      conf: `${base}\n    kubernetes.container.image.ref: flink:1.20\n    kubernetes.rest-service.exposed.type: NodePort\n    kubernetes.taskmanager.cpu.amount: 2`,
    });
    const f = only(run(text, NO_SCHEMA), 'flink-config-native-only-key');
    assert.deepEqual(f.map((x) => covered(text, x)).sort(), [
      'kubernetes.container.image.ref',
      'kubernetes.rest-service.exposed.type',
      'kubernetes.taskmanager.cpu.amount',
    ]);
    assert.match(f.find((x) => x.message.startsWith('kubernetes.container'))?.message ?? '', /container's image/);
    assert.ok(f.every((x) => x.severity === 'warning'));
  });

  it('never warns on what Kubernetes HA reads in a standalone cluster', () => {
    const ha = [
      'kubernetes.cluster-id: my-cluster',
      'kubernetes.namespace: flink',
      'kubernetes.context: ctx',
      'kubernetes.config.file: /kube/config',
      'kubernetes.client.io-pool.size: 4',
      'kubernetes.client.user-agent: me',
      'kubernetes.transactional-operation.max-retries: 5',
      'kubernetes.leader-election.lease-duration: 15 s',
      'high-availability.type: kubernetes',
      'high-availability.storageDir: s3://b/ha',
    ];
    const text = session({ conf: `${base}\n    ${ha.join('\n    ')}` });
    assert.deepEqual(only(run(text, NO_SCHEMA), 'flink-config-native-only-key'), []);
    for (const line of ha) assert.equal(NATIVE_ONLY_KEYS[line.split(':')[0] ?? ''], undefined, line);
  });
});

describe('native-only keys, grounded in flink-kubernetes bytecode', () => {
  /** Classes that exist only for native mode: the pods, services and resource manager Flink drives. */
  const NATIVE_SIDE =
    /^org\.apache\.flink\.kubernetes\.(kubeclient\.(parameters|decorators|factory)\.|KubernetesClusterDescriptor|KubernetesClusterClientFactory|KubernetesResourceManagerDriver|KubernetesWorkerResourceSpecFactory|artifact\.|entrypoint\.|cli\.|utils\.KubernetesUtils$)/;
  // KubernetesUtils is shared, but its only reader of such a field (hostnetwork) serves the native
  // decorators and the cluster descriptor.
  /** Listed keys no class reads directly: they are fallback keys of listed options. */
  const FALLBACK_ONLY: Record<string, string> = {
    'kubernetes.service-account': 'fallback of kubernetes.jobmanager.service-account and .taskmanager.service-account',
  };
  const CACHE = process.env.FLINK_CATALOG_CACHE ?? join(homedir(), '.cache', 'flink-vscode', 'catalog');

  it('every key listed is read only by native-side classes, and every such option is listed (Flink 2.3)', () => {
    const dir = join(CACHE, 'jars', '2.3.0');
    const find = (d: string): string | undefined => {
      for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
        const p = join(d, e.name);
        const hit = e.isDirectory() ? find(p) : /^flink-dist.*\.jar$/.test(e.name) ? p : undefined;
        if (hit) return hit;
      }
      return undefined;
    };
    const dist = find(dir);
    if (!dist)
      assert.fail(`no Flink 2.3.0 flink-dist jar in ${dir}: run "node scripts/gen-flink-catalog.mjs" to download it`);
    const classes = execFileSync('unzip', ['-Z1', dist], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\n')
      .filter((n) => /^org\/apache\/flink\/kubernetes\/.*\.class$/.test(n) && !n.includes('/shaded/'))
      .map((n) => n.slice(0, -6).replace(/\//g, '.'));
    const text = execFileSync('javap', ['-c', '-p', '-constants', '-cp', dist, ...classes], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    // KubernetesConfigOptions' static initializer: the key constant (or genericKeyWithSuffix's suffix),
    // then the field it is stored in.
    const options = text.slice(
      text.indexOf('class org.apache.flink.kubernetes.configuration.KubernetesConfigOptions {'),
    );
    const keyOf = new Map<string, string>();
    let last = '';
    let key = '';
    for (const line of options.slice(options.indexOf('static {}')).split('\n')) {
      // The key is the string loaded right before the call (a description's strings are not keys).
      const ldc = /\bldc\b.*\/\/ String (.*)$/.exec(line);
      if (/ConfigOptions\.key:/.test(line)) key = last;
      else if (/genericKeyWithSuffix:/.test(line)) key = `kubernetes.${last}`;
      if (/^\s+\d+: /.test(line)) last = ldc ? (ldc[1] ?? '') : '';
      const put =
        /putstatic .*\/\/ Field (?:\S*KubernetesConfigOptions\.)?(\w+):Lorg\/apache\/flink\/configuration\/ConfigOption;/.exec(
          line,
        );
      if (put && key) keyOf.set(put[1] ?? '', key);
      if (put) key = '';
      if (/^\s*}\s*$/.test(line) && keyOf.size) break;
    }
    assert.ok(keyOf.size > 40, `only ${keyOf.size} KubernetesConfigOptions fields read`);
    // Which classes read each field.
    const readers = new Map<string, Set<string>>();
    let cls = '';
    for (const line of text.split('\n')) {
      const header =
        /^(?:public |private |protected |final |abstract |static )*(?:class|interface|enum) ([\w.$]+)/.exec(line);
      if (header) cls = (header[1] ?? '').replace(/\$.*$/, '');
      const get = /getstatic .*KubernetesConfigOptions\.(\w+):/.exec(line);
      if (get && cls !== 'org.apache.flink.kubernetes.configuration.KubernetesConfigOptions')
        readers.set(get[1] ?? '', (readers.get(get[1] ?? '') ?? new Set()).add(cls));
    }
    const problems: string[] = [];
    for (const [field, key] of keyOf) {
      const by = [...(readers.get(field) ?? [])];
      const nativeOnly = by.length > 0 && by.every((c) => NATIVE_SIDE.test(c));
      if (key in NATIVE_ONLY_KEYS && !nativeOnly && !(by.length === 0 && FALLBACK_ONLY[key]))
        problems.push(
          `${key} is listed, but ${by.filter((c) => !NATIVE_SIDE.test(c)).join(', ') || 'no class'} reads it`,
        );
      if (!(key in NATIVE_ONLY_KEYS) && nativeOnly) problems.push(`${key} is read only by ${by.join(', ')}: list it`);
    }
    assert.deepEqual(problems, []);
  });
});
