// Structure of every scaffold combination: parses, kinds, labels vs selectors, ports, memory limits,
// config keys per version, RBAC, secret refs, and the operator CRD schema (from ../shared/corpus).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import {
  scaffold,
  mainFileName,
  type ScaffoldOptions,
  type ScaffoldFile,
  parseMemoryMiB,
  isApplication,
  operatorFlinkVersion,
} from '../../src/core/scaffold';
import { allCombinations, coveringCombinations } from '../../src/core/scaffold/combinations';
import { fsPluginsOf } from '../../src/core/scaffold/fs-plugins';
import fc from 'fast-check';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

function docsOf(file: ScaffoldFile): Obj[] {
  const docs = parseAllDocuments(file.text);
  assert.ok(Array.isArray(docs), `${file.path}: not a document list`);
  for (const d of docs) {
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
      `${file.path}: YAML errors`,
    );
    assert.deepEqual(
      d.warnings.map((e) => e.message),
      [],
      `${file.path}: YAML warnings`,
    );
  }
  return docs.map((d) => d.toJS() as Obj);
}

function allDocs(files: ScaffoldFile[]): Obj[] {
  return files.filter((f) => f.path.endsWith('.yaml')).flatMap(docsOf);
}

function byKind(docs: Obj[], kind: string): Obj[] {
  return docs.filter((d) => d.kind === kind);
}

function subset(small: Obj, big: Obj): boolean {
  return Object.entries(small).every(([k, v]) => big[k] === v);
}

/** Flat `key: value` lines of the config text (comments skipped). */
function configEntries(text: string, asYaml: boolean): Map<string, string> {
  if (asYaml) {
    const parsed = parse(text) as Obj; // config.yaml is YAML 1.2 without duplicate keys
    return new Map(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const i = line.indexOf(': ');
    assert.ok(i > 0, `flink-conf.yaml line without "key: value": ${line}`);
    assert.ok(!m.has(line.slice(0, i)), `duplicate key ${line.slice(0, i)}`);
    m.set(line.slice(0, i), line.slice(i + 2));
  }
  return m;
}

function podSpecs(docs: Obj[]): { kind: string; name: string; pod: Obj; labels: Obj }[] {
  return docs
    .filter((d) => d.kind === 'Deployment' || d.kind === 'Job')
    .map((d) => ({
      kind: d.kind,
      name: d.metadata.name,
      pod: d.spec.template.spec,
      labels: d.spec.template.metadata.labels,
    }));
}

const kiB = (q: string) => {
  const m = /^(\d+)Mi$/.exec(q);
  assert.ok(m, `memory quantity in Mi: ${q}`);
  return Number(m[1]);
};

function checkStandalone(o: ScaffoldOptions, files: ScaffoldFile[]): void {
  const docs = allDocs(files);
  const kinds = docs.map((d) => d.kind).sort();
  const expected = ['ConfigMap', 'Deployment', isApplication(o.kind) ? 'Job' : 'Deployment', 'Service', 'Service'];
  if (o.haStorageDir) expected.push('Role', 'RoleBinding', 'ServiceAccount');
  if (o.credentials?.length) expected.push('Secret');
  assert.deepEqual(kinds, expected.sort());
  for (const d of docs) {
    assert.equal(d.metadata.namespace, o.namespace);
    assert.equal(d.metadata.labels.app, o.name);
  }

  const [cm] = byKind(docs, 'ConfigMap');
  assert.deepEqual(Object.keys(cm.data).sort(), [o.configFile, 'log4j-console.properties'].sort());
  const conf = configEntries(cm.data[o.configFile], o.configFile === 'config.yaml');
  const tmDeploy = byKind(docs, 'Deployment').find((d) => d.metadata.labels.component === 'taskmanager');
  assert.ok(tmDeploy);
  assert.equal(tmDeploy.spec.replicas, o.taskManagers);
  assert.equal(conf.get('taskmanager.numberOfTaskSlots'), String(o.slots));
  assert.equal(conf.get('parallelism.default'), String(o.taskManagers * o.slots));
  assert.equal(conf.get('jobmanager.rpc.address'), `${o.name}-jobmanager`);
  assert.ok(byKind(docs, 'Service').some((s) => s.metadata.name === conf.get('jobmanager.rpc.address')));
  // Version-appropriate keys only.
  const newKeys = !['1.17', '1.18', '1.19'].includes(o.flinkVersion);
  for (const k of conf.keys()) {
    assert.ok(!/heap\.size$|^state\.backend$|^high-availability$/.test(k), `deprecated key ${k}`);
    if (newKeys)
      assert.ok(
        !k.startsWith('state.checkpoints.') && !k.startsWith('state.savepoints.') && k !== 'state.backend.incremental',
        `pre-1.20 key ${k} on ${o.flinkVersion}`,
      );
    else
      assert.ok(
        ![
          'execution.checkpointing.dir',
          'execution.checkpointing.savepoint-dir',
          'execution.checkpointing.incremental',
        ].includes(k),
        `1.20+ key ${k} on ${o.flinkVersion}`,
      );
  }
  assert.equal(conf.get(newKeys ? 'execution.checkpointing.dir' : 'state.checkpoints.dir'), o.checkpointDir);
  assert.equal(conf.get(newKeys ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir'), o.savepointDir);
  assert.equal(conf.get('state.backend.type'), o.rocksdb ? 'rocksdb' : undefined);
  assert.equal(conf.get('high-availability.type'), o.haStorageDir ? 'kubernetes' : undefined);
  assert.equal(conf.get('high-availability.storageDir'), o.haStorageDir);
  if (o.haStorageDir) {
    assert.equal(conf.get('kubernetes.cluster-id'), o.name);
    assert.equal(conf.get('kubernetes.namespace'), o.namespace);
  }
  const log4j: string = cm.data['log4j-console.properties'];
  assert.match(log4j, /appender\.rolling\.fileName = \$\{sys:log\.file\}/);

  const ports = {
    rpc: Number(conf.get('jobmanager.rpc.port')),
    blob: Number(conf.get('blob.server.port')),
    rest: Number(conf.get('rest.port')),
    tm: Number(conf.get('taskmanager.rpc.port')),
  };
  for (const { kind, name, pod, labels } of podSpecs(docs)) {
    const role = labels.component as 'jobmanager' | 'taskmanager';
    assert.ok(role === 'jobmanager' || role === 'taskmanager', name);
    const [c] = pod.containers;
    assert.equal(pod.containers.length, 1);
    assert.equal(c.image, isApplication(o.kind) ? o.jobImage : o.image);
    assert.equal(c.securityContext.runAsUser, 9999);
    // Memory: limit >= process size (here equal), request = limit, quantities in Mi.
    const process = Number(conf.get(`${role}.memory.process.size`)?.replace(/m$/, ''));
    assert.equal(process, role === 'jobmanager' ? o.jobManagerMemoryMiB : o.taskManagerMemoryMiB);
    assert.ok(kiB(c.resources.limits.memory) >= process, `${name}: limit below process size`);
    assert.equal(c.resources.requests.memory, c.resources.limits.memory);
    // Ports and probes.
    const containerPorts = c.ports.map((p: Obj) => p.containerPort);
    const expectedPorts = role === 'jobmanager' ? [ports.rpc, ports.blob, ports.rest] : [ports.tm];
    assert.deepEqual(containerPorts, expectedPorts);
    assert.equal(c.livenessProbe.tcpSocket.port, role === 'jobmanager' ? ports.rpc : ports.tm);
    // Config volume mounts the ConfigMap with existing keys.
    const vol = pod.volumes.find((v: Obj) => v.configMap);
    assert.equal(vol.configMap.name, cm.metadata.name);
    for (const item of vol.configMap.items) assert.ok(item.key in cm.data, `missing ConfigMap key ${item.key}`);
    assert.ok(c.volumeMounts.some((m: Obj) => m.name === vol.name && m.mountPath === '/opt/flink/conf'));
    for (const m of c.volumeMounts)
      assert.ok(
        pod.volumes.some((v: Obj) => v.name === m.name),
        `mount ${m.name} has no volume`,
      );
    checkFsPlugins(o, pod, c);
    // HA.
    if (o.haStorageDir) assert.equal(pod.serviceAccountName, `${o.name}-ha`);
    else assert.equal(pod.serviceAccountName, undefined);
    if (role === 'jobmanager') {
      if (kind === 'Job') {
        assert.equal(pod.restartPolicy, 'OnFailure');
        assert.equal(c.args[0], 'standalone-job');
        assert.equal(c.args.includes('--job-classname'), !!o.job.entryClass);
        assert.equal(c.args.includes('$(POD_IP)'), !!o.haStorageDir);
      } else {
        assert.deepEqual(c.args, o.haStorageDir ? ['jobmanager', '$(POD_IP)'] : ['jobmanager']);
      }
      if (o.haStorageDir)
        assert.ok(c.env.some((e: Obj) => e.name === 'POD_IP' && e.valueFrom.fieldRef.fieldPath === 'status.podIP'));
    } else {
      assert.deepEqual(c.args, ['taskmanager']);
      const stateMount = c.volumeMounts.find((m: Obj) => m.name === 'flink-state');
      assert.equal(!!stateMount, !!o.stateVolume);
      if (o.stateVolume) assert.equal(conf.get('state.backend.rocksdb.localdir'), `${stateMount.mountPath}/rocksdb`);
      checkHostPathInit(o, pod, stateMount);
    }
    checkSecretRefs(o, docs, c.env ?? []);
  }
  // Deployment selectors select their own template; Services select the JobManager pods and its ports.
  for (const d of byKind(docs, 'Deployment'))
    assert.ok(subset(d.spec.selector.matchLabels, d.spec.template.metadata.labels), d.metadata.name);
  const jm = podSpecs(docs).find((p) => p.labels.component === 'jobmanager');
  assert.ok(jm);
  for (const s of byKind(docs, 'Service')) {
    assert.ok(subset(s.spec.selector, jm.labels), `${s.metadata.name} selects no JobManager pod`);
    for (const p of s.spec.ports)
      assert.ok(
        jm.pod.containers[0].ports.some((cp: Obj) => cp.containerPort === p.targetPort),
        `${s.metadata.name}:${p.targetPort}`,
      );
  }
  if (o.haStorageDir) {
    const [role] = byKind(docs, 'Role');
    const [rb] = byKind(docs, 'RoleBinding');
    const rule = role.rules.find((r: Obj) => r.resources.includes('configmaps'));
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'delete'])
      assert.ok(rule.verbs.includes(verb), verb);
    assert.equal(rb.roleRef.name, role.metadata.name);
    assert.deepEqual(rb.subjects, [{ kind: 'ServiceAccount', name: `${o.name}-ha`, namespace: o.namespace }]);
    assert.equal(byKind(docs, 'ServiceAccount')[0].metadata.name, `${o.name}-ha`);
  }
}

/** Session clusters on the official image: an init container copies each plugin the dirs need into /opt/flink/plugins. */
function checkFsPlugins(o: ScaffoldOptions, pod: Obj, c: Obj): void {
  const copier = (pod.initContainers ?? []).find((i: Obj) => i.name === 'enable-fs-plugins');
  const plugins = fsPluginsOf(o);
  const official = /(^|\/)flink(:|$)/.test(o.image);
  if (isApplication(o.kind) || !official || !plugins.length) {
    assert.equal(copier, undefined);
    return;
  }
  assert.ok(copier, 'no plugin init container');
  assert.equal(copier.image, o.image);
  for (const p of plugins) {
    assert.ok(
      c.volumeMounts.some((m: Obj) => m.mountPath === `/opt/flink/plugins/${p}`),
      p,
    );
    assert.match(copier.command[2], new RegExp(`cp /opt/flink/opt/flink-${p}-\\*\\.jar /plugins/${p}/`));
  }
}

/** hostPath: an init container running as root hands the mounted directory to the flink user. */
function checkHostPathInit(o: ScaffoldOptions, pod: Obj, stateMount: Obj | undefined): void {
  // The file system plugin copier (session clusters on the official image) is checked in checkFsPlugins.
  const init: Obj[] = (pod.initContainers ?? []).filter((c: Obj) => c.name !== 'enable-fs-plugins');
  if (o.stateVolume?.type !== 'hostPath') {
    assert.deepEqual(init, []);
    return;
  }
  assert.ok(stateMount);
  assert.equal(pod.volumes.find((v: Obj) => v.name === stateMount.name).hostPath.path, o.stateVolume.path);
  assert.equal(init.length, 1);
  assert.equal(init[0].securityContext.runAsUser, 0);
  assert.deepEqual(init[0].command, ['sh', '-c', `chown 9999:9999 ${stateMount.mountPath}`]);
  assert.deepEqual(init[0].volumeMounts, [stateMount]);
}

function checkSecretRefs(o: ScaffoldOptions, docs: Obj[], env: Obj[]): void {
  const refs = env.filter((e) => e.valueFrom?.secretKeyRef);
  assert.deepEqual(
    refs.map((e) => e.name),
    o.credentials ?? [],
  );
  for (const e of env) assert.equal(e.value, undefined, 'no plain-text env values');
  for (const r of refs) {
    const secret = byKind(docs, 'Secret').find((s) => s.metadata.name === r.valueFrom.secretKeyRef.name);
    assert.ok(secret, `Secret ${r.valueFrom.secretKeyRef.name}`);
    assert.ok(r.valueFrom.secretKeyRef.key in secret.stringData);
  }
}

const crdSchema = (file: string) => {
  const crd = parse(readFileSync(join(CORPUS, 'operator-crds', file), 'utf8')) as Obj;
  return crd.spec.versions.find((v: Obj) => v.name === 'v1beta1').schema.openAPIV3Schema;
};
const ajv = new Ajv({ strict: false, allErrors: true });
const validateFlinkDeployment = ajv.compile(crdSchema('flinkdeployments.flink.apache.org-v1.yml'));
const validateSessionJob = ajv.compile(crdSchema('flinksessionjobs.flink.apache.org-v1.yml'));

function checkOperator(o: ScaffoldOptions, files: ScaffoldFile[]): void {
  const docs = allDocs(files);
  const [cr] = docs;
  assert.equal(cr.apiVersion, 'flink.apache.org/v1beta1');
  assert.equal(cr.metadata.name, o.name);
  if (o.kind === 'operator-session-job') {
    assert.equal(cr.kind, 'FlinkSessionJob');
    assert.ok(validateSessionJob(cr), JSON.stringify(validateSessionJob.errors));
    assert.equal(cr.spec.deploymentName, o.sessionJob.deploymentName);
    assert.equal(cr.spec.job.upgradeMode, o.sessionJob.upgradeMode);
    checkUpgradeDirs(cr.spec.job.upgradeMode, cr.spec.flinkConfiguration ?? {}, o);
    const cpKey = ['1.17', '1.18', '1.19'].includes(o.flinkVersion)
      ? 'state.checkpoints.dir'
      : 'execution.checkpointing.dir';
    assert.equal(cr.spec.flinkConfiguration?.[cpKey], o.checkpointDir, `checkpoint dir under ${cpKey}`);
    assert.equal(
      cr.spec.flinkConfiguration?.['high-availability.type'],
      undefined,
      'HA belongs to the session cluster',
    );
    return;
  }
  assert.equal(cr.kind, 'FlinkDeployment');
  assert.ok(validateFlinkDeployment(cr), JSON.stringify(validateFlinkDeployment.errors));
  assert.equal(cr.spec.flinkVersion, operatorFlinkVersion(o.flinkVersion));
  assert.equal(cr.spec.image, isApplication(o.kind) ? o.jobImage : o.image);
  const conf: Obj = cr.spec.flinkConfiguration;
  for (const v of Object.values(conf)) assert.equal(typeof v, 'string', 'flinkConfiguration values are strings');
  for (const k of ['kubernetes.cluster-id', 'kubernetes.namespace', 'high-availability.cluster-id'])
    assert.ok(!(k in conf), `forbidden key ${k}`);
  assert.equal(parseMemoryMiB(cr.spec.jobManager.resource.memory), o.jobManagerMemoryMiB);
  assert.equal(parseMemoryMiB(cr.spec.taskManager.resource.memory), o.taskManagerMemoryMiB);
  assert.equal(cr.spec.jobManager.replicas, 1);
  assert.equal(conf['high-availability.type'], o.haStorageDir ? 'kubernetes' : undefined);
  if (isApplication(o.kind)) {
    assert.equal(cr.spec.job.parallelism, o.taskManagers * o.slots);
    assert.equal(cr.spec.job.jarURI, `local:///opt/flink/usrlib/${o.job.jarPath.split('/').pop()}`);
    checkUpgradeDirs(cr.spec.job.upgradeMode, conf, o);
  } else {
    assert.equal(cr.spec.job, undefined);
  }
  const env: Obj[] = cr.spec.podTemplate?.spec.containers[0].env ?? [];
  if (cr.spec.podTemplate) assert.equal(cr.spec.podTemplate.spec.containers[0].name, 'flink-main-container');
  checkSecretRefs(o, docs, env);
  const tmPod = cr.spec.taskManager.podTemplate?.spec;
  assert.equal(!!tmPod, !!o.stateVolume);
  if (tmPod) {
    const mount = tmPod.containers[0].volumeMounts[0];
    assert.equal(tmPod.volumes[0].name, mount.name);
    checkHostPathInit(o, tmPod, mount);
    assert.equal(conf['state.backend.rocksdb.localdir'], `${mount.mountPath}/rocksdb`);
  }
}

function checkUpgradeDirs(mode: string, conf: Obj, o: ScaffoldOptions): void {
  const cp = conf['execution.checkpointing.dir'] ?? conf['state.checkpoints.dir'];
  const sp = conf['execution.checkpointing.savepoint-dir'] ?? conf['state.savepoints.dir'];
  if (mode !== 'stateless') assert.ok(cp, `${mode} without a checkpoint dir`);
  if (mode === 'savepoint') assert.ok(sp, 'savepoint without a savepoint dir');
  if (mode === 'last-state') assert.ok(o.haStorageDir, 'last-state without HA');
}

function checkDockerfile(o: ScaffoldOptions, files: ScaffoldFile[]): void {
  const df = files.find((f) => f.path === 'Dockerfile');
  assert.equal(!!df, isApplication(o.kind));
  if (!df) return;
  const from = df.text.split('\n').filter((l) => l.startsWith('FROM '));
  assert.deepEqual(from, [`FROM ${o.image}`]);
  const jar = o.job.jarPath.split('/').pop();
  assert.ok(df.text.includes(`COPY --chown=flink:flink ${o.job.jarPath} /opt/flink/usrlib/${jar}\n`));
  assert.equal(
    /s3-fs-presto/.test(df.text),
    [o.haStorageDir, o.checkpointDir].some((d) => d?.startsWith('s3://')),
  );
}

function checkAll(o: ScaffoldOptions): void {
  const files = scaffold(o);
  assert.equal(files[0].path, mainFileName(o));
  assert.equal(new Set(files.map((f) => f.path)).size, files.length);
  try {
    if (o.kind.startsWith('operator-')) checkOperator(o, files);
    else checkStandalone(o, files);
    checkDockerfile(o, files);
  } catch (e) {
    (e as Error).message = `${JSON.stringify(o)}\n${(e as Error).message}`;
    throw e;
  }
}

describe('scaffold: offered combinations', () => {
  it('generates well-formed, consistent manifests for the covering set of combinations', () => {
    let count = 0;
    const seen = new Set<string>();
    for (const o of coveringCombinations('demo')) {
      checkAll(o);
      count++;
      seen.add(`${o.kind}/${o.flinkVersion}/${o.configFile}`);
    }
    assert.ok(count > 250, `only ${count} combinations`);
    // Every kind, version and offered config file (1.19/1.20 both) was covered.
    assert.ok(seen.has('standalone-session/1.19/flink-conf.yaml') && seen.has('standalone-session/1.19/config.yaml'));
    assert.ok(
      seen.has('standalone-application/1.17/flink-conf.yaml') && seen.has('operator-application/2.2/config.yaml'),
    );
    assert.ok(!seen.has('standalone-session/2.0/flink-conf.yaml') && !seen.has('standalone-session/1.18/config.yaml'));
  });
});

describe('scaffold: random members of the full cartesian product', () => {
  const all = [...allCombinations('demo')];
  it('has thousands of combinations, of which the covering set is a subset', () => {
    assert.ok(all.length > 4000, String(all.length));
    const keys = new Set(all.map((o) => JSON.stringify(o)));
    for (const o of coveringCombinations('demo')) assert.ok(keys.has(JSON.stringify(o)));
  });
  it('generates consistent manifests for sampled combinations', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), (o) => checkAll(o)),
      { numRuns: 150 },
    );
  });
});
