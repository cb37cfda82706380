// The quick-pick flow driven by a scripted (fake) prompter: VS Code's QuickInput cannot run in plain Node,
// the step logic (order, skipping, Back, prefilled defaults, validation) is what is tested here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkOptions, scaffold, type ScaffoldOptions } from '../../src/core/scaffold';
import { runScaffoldFlow, type FlowSettings } from '../../src/features/scaffold/flow';
import {
  BACK,
  type Back,
  type InputRequest,
  type PickManyRequest,
  type PickRequest,
  type Prompter,
} from '../../src/features/scaffold/prompter';

type Req =
  | ({ type: 'pick' } & PickRequest<unknown>)
  | ({ type: 'pickMany' } & PickManyRequest<unknown>)
  | ({ type: 'input' } & InputRequest);
/** Returns the answer; `undefined` accepts the prefilled default. */
type Responder = (req: Req) => unknown;
const DEFAULT = undefined;
const CANCEL = Symbol('cancel');

class ScriptedPrompter implements Prompter {
  readonly seen: Req[] = [];
  constructor(private readonly respond: Responder) {}
  private answer(req: Req): unknown {
    this.seen.push(req);
    assert.ok(this.seen.length < 200, 'flow does not end');
    assert.ok(req.step >= 1 && req.step <= req.totalSteps, `step ${req.step}/${req.totalSteps}`);
    const a = this.respond(req);
    if (a === CANCEL) return undefined;
    if (a !== DEFAULT) return a;
    if (req.type === 'pick') return req.active ?? req.items[0].value;
    if (req.type === 'pickMany') return [...req.selected];
    assert.equal(req.validate(req.value), undefined, `default of "${req.prompt}" is invalid: ${req.value}`);
    return req.value;
  }
  async pick<T>(req: PickRequest<T>): Promise<T | Back | undefined> {
    return this.answer({ type: 'pick', ...req } as Req) as T | Back | undefined;
  }
  async pickMany<T>(req: PickManyRequest<T>): Promise<T[] | Back | undefined> {
    return this.answer({ type: 'pickMany', ...req } as Req) as T[] | Back | undefined;
  }
  async input(req: InputRequest): Promise<string | Back | undefined> {
    return this.answer({ type: 'input', ...req }) as string | Back | undefined;
  }
}

const settings: FlowSettings = {
  defaultFlinkVersion: '1.20',
  flinkImageRegistry: '',
  jobImageRegistry: 'registry.example.com/team',
};
const label = (r: Req) => (r.type === 'input' ? r.prompt : r.placeholder);

describe('scaffold flow (fake prompter)', () => {
  it('accepting every default yields a valid standalone session cluster for the default version', async () => {
    const p = new ScriptedPrompter(() => DEFAULT);
    const o = await runScaffoldFlow(p, settings);
    assert.ok(o);
    assert.equal(o.kind, 'standalone-session');
    assert.equal(o.flinkVersion, '1.20');
    assert.equal(o.configFile, 'config.yaml');
    assert.equal(o.image, 'flink:1.20-scala_2.12-java17');
    assert.deepEqual(checkOptions(o), []);
    assert.ok(
      p.seen.some((r) => r.type === 'pick' && r.placeholder.startsWith('Configuration file')),
      'asks config file for 1.20',
    );
  });

  for (const kind of [
    'standalone-session',
    'standalone-application',
    'operator-session',
    'operator-application',
    'operator-session-job',
  ]) {
    it(`${kind}: selecting every option gives valid options and generates files`, async () => {
      const p = new ScriptedPrompter((r) => {
        if (r.type === 'pick' && r.placeholder === 'What to create') return kind;
        if (r.type === 'pickMany') return r.items.map((i) => i.value);
        if (r.type === 'pick' && r.placeholder.startsWith('Where RocksDB')) return 'pvc';
        if (r.type === 'pick' && r.placeholder.startsWith('Upgrade mode')) return r.items[r.items.length - 1].value;
        return DEFAULT;
      });
      const o = (await runScaffoldFlow(p, settings)) as ScaffoldOptions;
      assert.deepEqual(checkOptions(o), []);
      assert.equal(o.kind, kind);
      assert.equal(o.checkpointDir, 's3://my-bucket/flink/checkpoints');
      assert.equal(o.savepointDir, 's3://my-bucket/flink/savepoints');
      if (kind === 'operator-session-job') {
        assert.equal(o.sessionJob.upgradeMode, 'savepoint');
        assert.equal(o.sessionJob.deploymentName, 'flink-session');
        assert.ok(
          p.seen.some((r) => label(r) === 'Flink version of the session cluster'),
          'asks the session cluster version (checkpoint key names)',
        );
        assert.ok(!p.seen.some((r) => label(r).startsWith('Flink image')), 'no image question for a session job');
      } else {
        assert.equal(o.haStorageDir, 's3://my-bucket/flink/ha');
        assert.equal(o.rocksdb, true);
        assert.deepEqual(o.stateVolume, { type: 'pvc', size: '10Gi' });
        assert.deepEqual(o.credentials, ['CONNECTOR_USERNAME', 'CONNECTOR_PASSWORD']);
      }
      if (kind.endsWith('application')) {
        assert.equal(o.job.upgradeMode, 'savepoint');
        assert.equal(o.jobImage, 'registry.example.com/team/flink-job:1.0');
      }
      assert.equal(
        p.seen.some((r) => label(r) === 'Number of TaskManagers'),
        kind !== 'operator-session' && kind !== 'operator-session-job',
      );
      assert.ok(scaffold(o).length >= 1);
    });
  }

  it('Back returns to the previous question with the answer prefilled, and derived defaults follow the name', async () => {
    let backs = 0;
    const p = new ScriptedPrompter((r) => {
      if (r.type === 'pick' && r.placeholder === 'What to create') return 'standalone-application';
      if (r.type === 'input' && r.prompt.startsWith('Name (')) return backs === 0 ? 'first' : 'second';
      if (r.type === 'input' && r.prompt === 'Namespace' && backs === 0) {
        backs++;
        return BACK;
      }
      return DEFAULT;
    });
    const o = await runScaffoldFlow(p, settings);
    assert.ok(o);
    const names = p.seen.filter((r) => r.type === 'input' && r.prompt.startsWith('Name (')) as InputRequest[];
    assert.equal(names.length, 2);
    assert.equal(names[1].value, 'first', 'the earlier answer is prefilled after Back');
    assert.equal(names[1].step, names[0].step);
    assert.equal(o.name, 'second');
    assert.equal(o.jobImage, 'registry.example.com/team/second-job:1.0');
    assert.equal(o.job.jarPath, 'target/second.jar');
  });

  it('Back on a later step after changing the version updates the default image', async () => {
    let visits = 0;
    const p = new ScriptedPrompter((r) => {
      if (r.type === 'pick' && r.placeholder === 'Flink version') return visits++ === 0 ? '1.18' : '2.1';
      if (r.type === 'input' && r.prompt.startsWith('Flink image') && visits === 1) return BACK;
      if (r.type === 'input' && r.prompt.startsWith('Namespace') && visits === 1) return BACK;
      if (r.type === 'input' && r.prompt.startsWith('Name (') && visits === 1) return BACK;
      return DEFAULT;
    });
    const o = await runScaffoldFlow(p, settings);
    assert.ok(o);
    assert.equal(o.flinkVersion, '2.1');
    assert.equal(o.image, 'flink:2.1-scala_2.12-java17');
    assert.equal(o.configFile, 'config.yaml');
  });

  it('validates input: names as DNS-1123 labels, memory sizes, dirs', async () => {
    const p = new ScriptedPrompter(() => DEFAULT);
    await runScaffoldFlow(p, settings);
    const input = (prefix: string) =>
      p.seen.find((r) => r.type === 'input' && r.prompt.startsWith(prefix)) as InputRequest;
    assert.match(input('Name (').validate('My_Cluster') ?? '', /DNS-1123/);
    assert.equal(input('Name (').validate('my-cluster'), undefined);
    assert.match(input('Namespace').validate('-x') ?? '', /DNS-1123/);
    assert.match(input('TaskManager process memory').validate('512m') ?? '', /at least 1024m/);
    assert.match(input('TaskManager process memory').validate('two gigs') ?? '', /1600m or 2g/);
    assert.equal(input('TaskManager process memory').validate('4g'), undefined);
    assert.match(input('Number of TaskManagers').validate('0') ?? '', /at least 1/);
    assert.match(input('Number of TaskManagers').validate('x') ?? '', /whole number/);
  });

  it('refuses an hdfs:// dir on the official image with the next step; accepts it on a custom image and for a session job', async () => {
    const dirsOf = async (kind: string, image?: string) => {
      const p = new ScriptedPrompter((r) => {
        if (r.type === 'pick' && r.placeholder === 'What to create') return kind;
        if (r.type === 'pickMany') return r.items.map((i) => i.value);
        if (r.type === 'input' && r.prompt.startsWith('Flink image') && image) return image;
        return DEFAULT;
      });
      assert.ok(await runScaffoldFlow(p, settings));
      const input = (prompt: string) =>
        p.seen.find((r) => r.type === 'input' && r.prompt.startsWith(prompt)) as InputRequest | undefined;
      return ['HA storage dir', 'Checkpoint dir', 'Savepoint dir'].map((d) => input(d));
    };
    for (const kind of ['standalone-session', 'standalone-application', 'operator-session', 'operator-application']) {
      const [ha, cp, sp] = await dirsOf(kind);
      assert.match(
        ha?.validate('hdfs://namenode:8020/flink/ha') ?? '',
        /^The HA storage dir is on hdfs:\/\/, but flink:1\.20-scala_2\.12-java17 is the official Flink image, which has no Hadoop/,
      );
      assert.match(cp?.validate(' hdfs:///flink/cp ') ?? '', /^The checkpoint dir is on hdfs:\/\/.*HADOOP_CLASSPATH/);
      assert.match(
        sp?.validate('hdfs:///flink/sp') ?? '',
        /^The savepoint dir is on hdfs:\/\/.*go back and enter a custom image/,
      );
      assert.equal(cp?.validate('gs://bucket/cp'), undefined, `${kind}: other schemes still pass`);
      assert.match(cp?.validate('no-scheme') ?? '', /Use a URI with a scheme/, 'the URI check comes first');
    }
    const [, custom] = await dirsOf('standalone-session', 'registry.example.com/team/flink-hadoop:1.20');
    assert.equal(custom?.validate('hdfs:///flink/cp'), undefined, 'a custom image may bring Hadoop');
    const [noHa, job] = await dirsOf('operator-session-job');
    assert.equal(noHa, undefined);
    assert.equal(
      job?.validate('hdfs:///flink/cp'),
      undefined,
      "a session job: the session cluster's image is not known",
    );
  });

  it('Escape at any step cancels the whole flow', async () => {
    let n = 0;
    const p = new ScriptedPrompter(() => (++n === 4 ? CANCEL : DEFAULT));
    assert.equal(await runScaffoldFlow(p, settings), undefined);
    assert.equal(p.seen.length, 4);
  });
});
