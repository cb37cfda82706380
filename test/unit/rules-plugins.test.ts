// Issue 11, what the image must bring: file system plugins for s3/gs/abfs/oss paths, Hadoop for hdfs,
// PyFlink for Python jobs. Official `flink` images are judged; custom images are left alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/core';
import { covered, only, run, session } from './validate-helpers';

const NO_SCHEMA = { schemas: null };
const CODES = ['flink-fs-plugin-missing', 'flink-hdfs-without-hadoop', 'flink-python-image'];

const conf = (dir: string) => `jobmanager.rpc.address: flink-jobmanager
    taskmanager.numberOfTaskSlots: 2
    blob.server.port: 6124
    jobmanager.rpc.port: 6123
    taskmanager.rpc.port: 6122
    jobmanager.memory.process.size: 1600m
    taskmanager.memory.process.size: 1728m
    execution.checkpointing.dir: ${dir}`;

/** Adds `env`/mount lines to both Flink containers of the session() manifests. */
function withContainerLines(text: string, lines: string): string {
  return text.replace(/( {8}args: \["(jobmanager|taskmanager)"\]\n)/g, `$1${lines}`);
}

function fd(image: string, extra = '', job = ''): string {
  return `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: py-job
spec:
  image: ${image}
  flinkVersion: v1_20
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: "2"
${extra}  serviceAccount: flink
  jobManager:
    resource: {memory: 2048m, cpu: 1}
  taskManager:
    resource: {memory: 2048m, cpu: 1}
${job}`;
}

describe('file system plugins', () => {
  it('warns on s3:// with the official image and no plugin enabled, at the value', () => {
    const text = session({ conf: conf('s3://bucket/checkpoints'), image: 'flink:1.20.1' });
    const [f, ...rest] = only(run(text, NO_SCHEMA), 'flink-fs-plugin-missing');
    assert.ok(f, 'no finding');
    assert.equal(rest.length, 0, 'one finding for the ConfigMap value, not one per container');
    assert.equal(f.severity, 'warning');
    assert.equal(covered(text, f), 's3://bucket/checkpoints');
    assert.match(f.message, /ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-presto-<version>\.jar/);
  });

  it('gs:// and abfss:// name their own plugins', () => {
    for (const [dir, plugin] of [
      ['gs://b/cp', 'gs-fs-hadoop'],
      ['abfss://c@acct.dfs.core.windows.net/cp', 'azure-fs-hadoop'],
      ['oss://b/cp', 'oss-fs-hadoop'],
    ]) {
      const [f] = only(
        run(session({ conf: conf(dir ?? ''), image: 'flink:1.20.1' }), NO_SCHEMA),
        'flink-fs-plugin-missing',
      );
      assert.match(f?.message ?? '', new RegExp(`flink-${plugin}`), dir);
    }
  });

  it('quiet when ENABLE_BUILT_IN_PLUGINS lists the jar, when a volume is mounted under /opt/flink/plugins, or with a custom image', () => {
    const base = session({ conf: conf('s3://bucket/checkpoints'), image: 'flink:1.20.1' });
    const env = withContainerLines(
      base,
      '        env:\n        - name: ENABLE_BUILT_IN_PLUGINS\n          value: flink-s3-fs-presto-1.20.1.jar\n',
    );
    assert.deepEqual(only(run(env, NO_SCHEMA), 'flink-fs-plugin-missing'), []);
    const wrongJar = env.replaceAll('flink-s3-fs-presto-1.20.1.jar', 'flink-gs-fs-hadoop-1.20.1.jar');
    assert.equal(only(run(wrongJar, NO_SCHEMA), 'flink-fs-plugin-missing').length, 1);
    const mount = base.replaceAll(
      '        - name: flink-config-volume\n          mountPath: /opt/flink/conf',
      '        - name: s3\n          mountPath: /opt/flink/plugins/s3-fs-presto\n        - name: flink-config-volume\n          mountPath: /opt/flink/conf',
    );
    assert.notEqual(mount, base);
    assert.deepEqual(only(run(mount, NO_SCHEMA), 'flink-fs-plugin-missing'), []);
    const custom = session({ conf: conf('s3://bucket/checkpoints'), image: 'registry.example.com/team/flink-job:3' });
    assert.deepEqual(only(run(custom, NO_SCHEMA), 'flink-fs-plugin-missing'), []);
  });

  it('operator: the containerized.*.env option enables the plugin too', () => {
    const dirs = '    execution.checkpointing.dir: s3://b/cp\n';
    assert.equal(only(run(fd('flink:1.20', dirs), NO_SCHEMA), 'flink-fs-plugin-missing').length, 1);
    const enabled = `${dirs}    containerized.master.env.ENABLE_BUILT_IN_PLUGINS: flink-s3-fs-presto-1.20.1.jar\n    containerized.taskmanager.env.ENABLE_BUILT_IN_PLUGINS: flink-s3-fs-presto-1.20.1.jar\n`;
    assert.deepEqual(only(run(fd('flink:1.20', enabled), NO_SCHEMA), 'flink-fs-plugin-missing'), []);
  });
});

describe('hdfs and Python need more than the official image', () => {
  it('hdfs:// on the official image without HADOOP_CLASSPATH: a warning; with it or a custom image: quiet', () => {
    const text = session({ conf: conf('hdfs://namenode:8020/flink/cp'), image: 'flink:1.20.1' });
    const [f] = only(run(text, NO_SCHEMA), 'flink-hdfs-without-hadoop');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /HADOOP_CLASSPATH/);
    const withHadoop = withContainerLines(
      text,
      '        env:\n        - name: HADOOP_CLASSPATH\n          value: /opt/hadoop/etc\n',
    );
    assert.deepEqual(only(run(withHadoop, NO_SCHEMA), 'flink-hdfs-without-hadoop'), []);
    const custom = session({ conf: conf('hdfs://namenode:8020/flink/cp'), image: 'example.com/flink-hadoop:1.20' });
    assert.deepEqual(only(run(custom, NO_SCHEMA), 'flink-hdfs-without-hadoop'), []);
  });

  it('a Python job (PythonDriver) on the official image: a warning at entryClass; custom image: quiet', () => {
    const job = `  job:
    jarURI: local:///opt/flink/opt/flink-python-1.20.1.jar
    entryClass: "org.apache.flink.client.python.PythonDriver"
    args: ["-py", "/opt/flink/usrlib/job.py"]
    parallelism: 1
    upgradeMode: stateless
`;
    const text = fd('flink:1.20', '', job);
    const [f] = only(run(text, NO_SCHEMA), 'flink-python-image');
    assert.equal(f?.severity, 'warning');
    assert.equal(covered(text, f!), '"org.apache.flink.client.python.PythonDriver"');
    assert.match(f?.message ?? '', /installs Python 3 and apache-flink/);
    assert.deepEqual(only(run(fd('example.com/pyflink-job:1', '', job), NO_SCHEMA), 'flink-python-image'), []);
    const javaJob = job.replace(/ {4}entryClass.*\n {4}args.*\n/, '').replace('flink-python-1.20.1', 'my-job');
    assert.deepEqual(only(run(fd('flink:1.20', '', javaJob), NO_SCHEMA), 'flink-python-image'), []);
  });

  it('standalone application cluster running PythonDriver -py on the official image: a warning at the argument', () => {
    const text = session({ image: 'flink:1.20.1' }).replace(
      'args: ["jobmanager"]',
      'args: ["standalone-job", "--job-classname", "org.apache.flink.client.python.PythonDriver", "-py", "/opt/flink/usrlib/job.py"]',
    );
    const [f] = only(run(text, NO_SCHEMA), 'flink-python-image');
    assert.equal(covered(text, f!), '"org.apache.flink.client.python.PythonDriver"');
  });
});

describe('false positives on the corpus', () => {
  it('the plugin, Hadoop and Python rules find nothing in ../shared/corpus (valid manifests: every finding would be false)', () => {
    const root = join(__dirname, '..', '..', '..', 'shared', 'corpus');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const files = walk(root).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    assert.ok(files.length >= 25, `corpus not found at ${root}`);
    const hits = files.flatMap((f) => validate([f], NO_SCHEMA)).filter((f) => CODES.includes(f.code));
    console.log(`# corpus: ${files.length} files, ${hits.length} plugin/Hadoop/Python findings (false positives)`);
    assert.deepEqual(
      hits.map((f) => `${f.file}: ${f.code}`),
      [],
    );
  });
});
