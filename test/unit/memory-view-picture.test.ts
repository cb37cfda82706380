// The memory layout picture and its CodeLens anchors, computed from manifests with Flink's memory
// model: standalone containers (ConfigMap + Deployments), a ConfigMap alone, a FlinkDeployment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lensTitle, mayHaveMemoryLens, memoryLayout } from '../../src/features/memory-view/picture';

const DEMO = readFileSync(join(__dirname, '..', 'fixtures', 'demo-workspace', 'session-cluster.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
const MIB = 2 ** 20;

describe('memory layout picture', () => {
  it('pictures each standalone container with its limit, and puts the lenses on the process sizes', () => {
    const l = memoryLayout(DEMO, '/ws/session-cluster.yaml');
    assert.equal(l.picture.file, 'session-cluster.yaml');
    const tm = l.picture.containers.find((c) => c.role === 'taskmanager')!;
    const jm = l.picture.containers.find((c) => c.role === 'jobmanager')!;
    assert.equal(tm.totalProcess, 1728 * MIB);
    assert.equal(tm.limit, 1728 * MIB);
    assert.equal(tm.limitText, '1728Mi');
    assert.equal(jm.totalProcess, 1600 * MIB);
    // The components add up to the process size, in Flink's order.
    assert.equal(
      tm.segments.reduce((a, s) => a + s.bytes, 0),
      tm.totalProcess,
    );
    assert.deepEqual(
      tm.segments.map((s) => s.label),
      [
        'Framework Heap',
        'Task Heap',
        'Managed Memory',
        'Framework Off-Heap',
        'Task Off-Heap',
        'Network',
        'JVM Metaspace',
        'JVM Overhead',
      ],
    );
    assert.equal(tm.segments.find((s) => s.label === 'Managed Memory')!.bytes, 536870920);
    assert.equal(tm.flinkVersion, '1.20');
    assert.equal(tm.versionAssumed, false);
    assert.deepEqual(
      l.anchors.map((a) => [a.line, a.role, a.ids]),
      [
        [lineOf(DEMO, 'jobmanager.memory.process.size'), 'jobmanager', [jm.id]],
        [lineOf(DEMO, 'taskmanager.memory.process.size'), 'taskmanager', [tm.id]],
      ],
    );
    assert.equal(tm.line, lineOf(DEMO, 'taskmanager.memory.process.size'));
    const tmAnchor = l.anchors.find((a) => a.role === 'taskmanager')!;
    assert.equal(lensTitle(l, tmAnchor), 'Memory layout: TaskManager 1728 MiB of 1728 MiB limit');
  });

  it('says by how much a container exceeds its limit, following an edit', () => {
    const l = memoryLayout(DEMO.replace('memory: 1728Mi', 'memory: 1328Mi'), '/ws/session-cluster.yaml');
    const a = l.anchors.find((x) => x.role === 'taskmanager')!;
    assert.equal(lensTitle(l, a), 'Memory layout: TaskManager exceeds its limit by 400 MiB');
    const edited = memoryLayout(
      DEMO.replace('taskmanager.memory.process.size: 1728m', 'taskmanager.memory.process.size: 1024m'),
      '/ws/session-cluster.yaml',
    );
    assert.equal(edited.picture.containers.find((c) => c.role === 'taskmanager')!.totalProcess, 1024 * MIB);
  });

  it('pictures a ConfigMap no container in the file reads, with no limit and the reason', () => {
    const cm = DEMO.split('\n---\n')[0]!;
    const l = memoryLayout(cm, '/ws/config.yaml');
    assert.equal(l.picture.containers.length, 2);
    for (const c of l.picture.containers) {
      assert.equal(c.limit, undefined);
      assert.match(c.limitMissing ?? '', /no container in this file reads this configuration/);
      assert.equal(c.versionAssumed, true, 'no image tells the version');
    }
    assert.equal(l.anchors.length, 2);
    assert.match(l.picture.containers[1]!.title, /TaskManager · ConfigMap demo-flink-config \(config\.yaml\)/);
  });

  it("takes a FlinkDeployment's resource.memory as the process size and the limit (times the limit factor)", () => {
    const doc = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic
spec:
  image: flink:2.2
  flinkVersion: v2_2
  flinkConfiguration:
    kubernetes.taskmanager.memory.limit-factor: "1.5"
  jobManager:
    resource:
      memory: "2048m"
  taskManager:
    resource:
      memory: "300m"
`;
    const l = memoryLayout(doc, '/ws/op.yaml');
    const jm = l.picture.containers.find((c) => c.role === 'jobmanager')!;
    const tm = l.picture.containers.find((c) => c.role === 'taskmanager')!;
    assert.equal(jm.totalProcess, 2048 * MIB);
    assert.equal(jm.limit, 2048 * MIB);
    assert.equal(jm.flinkVersion, '2.2');
    assert.equal(tm.limit, 450 * MIB);
    assert.match(tm.limitText ?? '', /300m × limit-factor 1.5/);
    assert.match(tm.error ?? '', /exceed configured Total Process Memory/);
    assert.deepEqual(tm.segments, []);
    assert.deepEqual(
      l.anchors.map((a) => a.line),
      [lineOf(doc, '  jobManager:') + 1, lineOf(doc, '  taskManager:') + 1],
    );
    assert.equal(lensTitle(l, l.anchors[1]!), 'Memory layout: TaskManager refused by Flink');
  });

  it('skips documents that cannot hold a lens before parsing them', () => {
    assert.equal(mayHaveMemoryLens('kind: Service\nspec:\n  ports: []\n'), false);
    assert.equal(mayHaveMemoryLens(DEMO), true);
    assert.deepEqual(memoryLayout('kind: Service\n: : bad yaml [', '/ws/x.yaml').anchors, []);
  });
});
