// Scaffold option checks and random option values: valid input always generates parseable, consistent
// manifests; invalid input is rejected with a message instead of producing broken YAML.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  scaffold,
  defaultOptions,
  checkOptions,
  checkClusterName,
  checkDnsLabel,
  checkDirUri,
  checkDirForImage,
  parseMemoryMiB,
  checkProcessMemory,
  configFilesFor,
  defaultFlinkImage,
  offeredUpgradeModes,
  operatorFlinkVersion,
  ScaffoldOptionsError,
  FLINK_VERSIONS,
  CLUSTER_KINDS,
  type ScaffoldOptions,
} from '../../src/core/scaffold';

describe('scaffold versions', () => {
  it('offers config.yaml only for 2.x, both for 1.19/1.20, flink-conf.yaml before', () => {
    assert.deepEqual(configFilesFor('1.17'), ['flink-conf.yaml']);
    assert.deepEqual(configFilesFor('1.18'), ['flink-conf.yaml']);
    assert.deepEqual(configFilesFor('1.19'), ['config.yaml', 'flink-conf.yaml']);
    assert.deepEqual(configFilesFor('1.20'), ['config.yaml', 'flink-conf.yaml']);
    for (const v of ['2.0', '2.1', '2.2'] as const) assert.deepEqual(configFilesFor(v), ['config.yaml']);
  });
  it('maps versions to the operator enum and the official image tag', () => {
    assert.equal(operatorFlinkVersion('1.20'), 'v1_20');
    assert.equal(operatorFlinkVersion('2.2'), 'v2_2');
    assert.equal(defaultFlinkImage('1.20'), 'flink:1.20-scala_2.12-java17');
    assert.equal(defaultFlinkImage('1.17'), 'flink:1.17-scala_2.12-java11');
    assert.equal(
      defaultFlinkImage('2.0', 'mirror.example.com/library/'),
      'mirror.example.com/library/flink:2.0-scala_2.12-java17',
    );
  });
});

describe('scaffold memory', () => {
  it('parses Flink and Kubernetes sizes into MiB', () => {
    assert.equal(parseMemoryMiB('1600m'), 1600);
    assert.equal(parseMemoryMiB('1600Mi'), 1600);
    assert.equal(parseMemoryMiB('2g'), 2048);
    assert.equal(parseMemoryMiB('2Gi'), 2048);
    assert.equal(parseMemoryMiB('1.5g'), 1536);
    assert.equal(parseMemoryMiB('1024'), 1024);
    assert.equal(parseMemoryMiB('1.3m'), undefined);
    assert.equal(parseMemoryMiB('2k'), undefined);
    assert.equal(parseMemoryMiB('lots'), undefined);
  });
  it('rejects process sizes Flink cannot start with', () => {
    assert.match(checkProcessMemory(512, 'jobmanager') ?? '', /at least 768m/);
    assert.match(checkProcessMemory(900, 'taskmanager') ?? '', /at least 1024m/);
    assert.equal(checkProcessMemory(1024, 'taskmanager'), undefined);
  });
});

describe('scaffold option checks', () => {
  it('accepts DNS-1123 labels and rejects the rest', () => {
    assert.equal(checkDnsLabel('my-ns'), undefined);
    for (const bad of ['', 'My', 'a_b', '-a', 'a-', 'a'.repeat(64)]) assert.ok(checkDnsLabel(bad), bad);
    assert.ok(checkClusterName('1abc'), 'must start with a letter');
    assert.ok(checkClusterName('a'.repeat(46)), 'at most 45');
    assert.equal(checkClusterName('a'.repeat(45)), undefined);
  });
  it('requires URIs with a scheme and without comment characters for dirs', () => {
    assert.equal(checkDirUri('s3://bucket/path'), undefined);
    assert.equal(checkDirUri('file:///flink-data/ha'), undefined);
    for (const bad of ['/tmp/x', 's3://b/p #x', 's3://b/p q', '']) assert.ok(checkDirUri(bad), bad);
  });
  it('refuses hdfs:// dirs on the official image (no Hadoop) with the next step, for every cluster kind and dir', () => {
    for (const kind of CLUSTER_KINDS.filter((k) => k !== 'operator-session-job'))
      for (const [key, what] of [
        ['haStorageDir', 'The HA storage dir'],
        ['checkpointDir', 'The checkpoint dir'],
        ['savepointDir', 'The savepoint dir'],
      ] as const) {
        const o: ScaffoldOptions = {
          ...defaultOptions(kind, '1.20', 'demo'),
          checkpointDir: 's3://b/cp',
          [key]: 'hdfs://namenode:8020/flink/x',
        };
        const problems = checkOptions(o);
        assert.equal(problems.length, 1, `${kind} ${key}: ${problems.join(' | ')}`);
        assert.match(
          problems[0] ?? '',
          new RegExp(
            `^${what} is on hdfs://, but flink:1\\.20-scala_2\\.12-java17 is the official Flink image, which has no Hadoop`,
          ),
        );
        assert.match(problems[0] ?? '', /s3:\/\/, gs:\/\/, abfs:\/\/ or oss:\/\//);
        assert.match(problems[0] ?? '', /file:\/\/ on a volume/);
        assert.match(problems[0] ?? '', /custom image that has the Hadoop client and sets HADOOP_CLASSPATH/);
        assert.throws(() => scaffold(o), ScaffoldOptionsError, `${kind} ${key}`);
      }
  });
  it('hdfs:// refusal: official images from a mirror or by digest too; a custom image and a session job are let through', () => {
    const hdfs = { checkpointDir: 'hdfs:///flink/cp' };
    const session = defaultOptions('standalone-session', '1.20', 'demo');
    for (const image of ['mirror.example.com/library/flink:1.20', 'flink', 'flink@sha256:' + 'a'.repeat(64)])
      assert.equal(checkDirForImage(hdfs.checkpointDir, image, 'The checkpoint dir') !== undefined, true, image);
    assert.deepEqual(checkOptions({ ...session, ...hdfs, image: 'registry.example.com/team/flink-hadoop:1.20' }), []);
    assert.deepEqual(checkOptions({ ...defaultOptions('operator-session-job', '1.20', 'demo'), ...hdfs }), []);
    assert.deepEqual(checkOptions({ ...session, checkpointDir: 'HDFS:///x' }).length, 1, 'the scheme in any case');
    assert.deepEqual(checkOptions({ ...session, checkpointDir: 's3://b/hdfs/x' }), []);
  });
  it('offers last-state only with checkpoints and HA, savepoint only with both dirs', () => {
    assert.deepEqual(offeredUpgradeModes({}), ['stateless']);
    assert.deepEqual(offeredUpgradeModes({ checkpointDir: 's3://b/c' }), ['stateless']);
    assert.deepEqual(offeredUpgradeModes({ checkpointDir: 's3://b/c', haStorageDir: 's3://b/h' }), [
      'stateless',
      'last-state',
    ]);
    assert.deepEqual(
      offeredUpgradeModes({ checkpointDir: 's3://b/c', savepointDir: 's3://b/s', haStorageDir: 's3://b/h' }),
      ['stateless', 'last-state', 'savepoint'],
    );
  });
  it('refuses to generate from invalid options, naming each problem', () => {
    const base = defaultOptions('standalone-application', '2.0', 'demo');
    const bad: ScaffoldOptions = {
      ...base,
      name: 'Bad_Name',
      configFile: 'flink-conf.yaml',
      taskManagerMemoryMiB: 500,
      credentials: ['lower'],
      job: { ...base.job, upgradeMode: 'savepoint' },
      stateVolume: { type: 'hostPath', path: '/x' },
    };
    const problems = checkOptions(bad);
    assert.ok(problems.some((p) => /DNS-1123/.test(p)));
    assert.ok(problems.some((p) => /does not read flink-conf\.yaml/.test(p)));
    assert.ok(problems.some((p) => /at least 1024m/.test(p)));
    assert.ok(problems.some((p) => /environment variable/.test(p)));
    assert.ok(problems.some((p) => /savepoint needs a checkpoint dir/.test(p)));
    assert.ok(problems.some((p) => /only used with the RocksDB/.test(p)));
    assert.throws(() => scaffold(bad), ScaffoldOptionsError);
  });
});

// ---- random option values ----
const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
const dir = fc
  .tuple(fc.constantFrom('s3', 'hdfs', 'gs', 'file', 'abfss'), fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,40}$/))
  .map(([s, p]) => `${s}://${p}`);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/);

const randomOptions: fc.Arbitrary<ScaffoldOptions> = fc
  .record({
    kind: fc.constantFrom(...CLUSTER_KINDS),
    version: fc.constantFrom(...FLINK_VERSIONS),
    legacyConf: fc.boolean(),
    name: dnsName,
    namespace: dnsName,
    taskManagers: fc.integer({ min: 1, max: 500 }),
    slots: fc.integer({ min: 1, max: 256 }),
    jm: fc.integer({ min: 768, max: 65536 }),
    tm: fc.integer({ min: 1024, max: 131072 }),
    jmCpu: fc.integer({ min: 1, max: 16000 }).map((m) => m / 1000),
    tmCpu: fc.integer({ min: 1, max: 16000 }).map((m) => m / 1000),
    ha: fc.option(dir, { nil: undefined }),
    cp: fc.option(dir, { nil: undefined }),
    sp: fc.option(dir, { nil: undefined }),
    rocksdb: fc.boolean(),
    volume: fc.constantFrom('none', 'hostPath', 'pvc'),
    hostPath: fc.stringMatching(/^\/[a-z0-9/_-]{1,30}$/),
    size: fc.integer({ min: 1, max: 2000 }).map((n) => `${n}Gi`),
    credentials: fc.option(fc.uniqueArray(envName, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    entryClass: fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[A-Za-z][A-Za-z0-9]{0,8}){0,3}$/), {
      nil: undefined,
    }),
    mode: fc.nat(2),
    parallelism: fc.integer({ min: 1, max: 10000 }),
    hadoopImage: fc.boolean(),
  })
  .map((r) => {
    const base = defaultOptions(r.kind, r.version, r.name);
    const files = configFilesFor(r.version);
    const checkpointDir = r.cp;
    const savepointDir = r.cp ? r.sp : undefined;
    const modes = offeredUpgradeModes({ checkpointDir, savepointDir, haStorageDir: r.ha });
    const upgradeMode = modes[r.mode % modes.length];
    // hdfs:// needs Hadoop: valid options carry a custom image then (the official one is refused).
    const hdfs = [r.ha, checkpointDir, savepointDir].some((x) => x?.startsWith('hdfs://'));
    return {
      ...base,
      image: hdfs || r.hadoopImage ? `registry.example.com/team/flink-hadoop:${r.version}` : base.image,
      configFile: r.legacyConf ? files[files.length - 1] : files[0],
      namespace: r.namespace,
      taskManagers: r.taskManagers,
      slots: r.slots,
      jobManagerMemoryMiB: r.jm,
      taskManagerMemoryMiB: r.tm,
      jobManagerCpu: r.jmCpu,
      taskManagerCpu: r.tmCpu,
      haStorageDir: r.ha,
      checkpointDir,
      savepointDir,
      rocksdb: r.rocksdb,
      stateVolume:
        !r.rocksdb || r.volume === 'none'
          ? undefined
          : r.volume === 'hostPath'
            ? { type: 'hostPath' as const, path: r.hostPath }
            : { type: 'pvc' as const, size: r.size },
      credentials: r.credentials,
      job: { ...base.job, entryClass: r.entryClass, upgradeMode },
      sessionJob: { ...base.sessionJob, entryClass: r.entryClass, upgradeMode, parallelism: r.parallelism },
    };
  });

describe('scaffold: YAML 1.1 safety', () => {
  it('quotes names Kubernetes (YAML 1.1) would read as booleans or numbers', () => {
    const o = { ...defaultOptions('standalone-session', '1.20', 'e0'), namespace: 'on', credentials: ['Y'] };
    const text = scaffold(o)
      .map((f) => f.text)
      .join('\n');
    assert.match(text, /app: "e0"\n/);
    assert.match(text, /namespace: "on"\n/);
    for (const f of scaffold(o)) {
      const docs = parseAllDocuments(f.text, { version: '1.1' });
      assert.ok(Array.isArray(docs));
      for (const d of docs) {
        assert.deepEqual(d.errors, []);
        const js = d.toJS() as Record<string, Record<string, unknown>>;
        assert.equal(js.metadata.namespace, 'on');
        assert.equal((js.metadata.labels as Record<string, unknown>).app, 'e0');
      }
    }
  });
});

describe('scaffold: random option values', () => {
  it('valid options always pass the checks and generate YAML that parses back to the values', () => {
    fc.assert(
      fc.property(randomOptions, (o) => {
        assert.deepEqual(checkOptions(o), []);
        const files = scaffold(o);
        for (const f of files.filter((x) => x.path.endsWith('.yaml'))) {
          const docs = parseAllDocuments(f.text);
          assert.ok(Array.isArray(docs));
          for (const d of docs) assert.deepEqual(d.errors, []);
          for (const d of docs) {
            const js = d.toJS();
            assert.equal(js.metadata.name.startsWith(o.name), true);
            assert.equal(js.metadata.namespace, o.namespace);
          }
        }
        const text = files.map((f) => f.text).join('\n');
        if (o.kind !== 'operator-session-job') {
          assert.ok(text.includes(`${o.taskManagerMemoryMiB}m`));
          if (!o.kind.startsWith('operator-')) assert.ok(text.includes(`memory: ${o.taskManagerMemoryMiB}Mi`));
        }
        // Names YAML 1.1 reads as booleans (Y, N, ON...) are quoted.
        for (const c of o.credentials ?? [])
          if (o.kind !== 'operator-session-job')
            assert.ok(text.includes(`key: ${c}\n`) || text.includes(`key: "${c}"\n`), c);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scaffold: input checks on arbitrary text', () => {
  it('never throw, and what they accept is safe to put into manifests and flink-conf.yaml', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        if (checkClusterName(s) === undefined) assert.match(s, /^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$/);
        if (checkDnsLabel(s) === undefined) assert.match(s, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
        if (checkDirUri(s) === undefined) assert.ok(!/[\s#'"]/.test(s) && /^[a-zA-Z][\w+.-]*:\/\//.test(s), s);
        const mib = parseMemoryMiB(s);
        if (mib !== undefined) assert.ok(Number.isInteger(mib) && mib >= 0);
      }),
      { numRuns: 2000 },
    );
  });
});
