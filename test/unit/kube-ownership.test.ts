// What a deploy marks as created and what delete removes (src/kube/ownership.ts), on plain objects;
// the calls around them (readLive, findDeployed) are the ones the integration suites exercise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEPLOY_ID_LABEL, MANAGED_BY_LABEL, type DeployObject } from '../../src/kube/manifests';
import {
  classifyForDelete,
  describeDeletePlan,
  deploySource,
  isUniqueDeployId,
  SOURCE_ANNOTATION,
  newDeployId,
  planLabels,
  type DeleteTarget,
} from '../../src/kube/ownership';

const obj = (kind: string, name: string, apiVersion = 'v1'): DeployObject => ({
  file: 'dev/flink.yaml',
  docIndex: 0,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  object: { apiVersion, kind, metadata: { name, namespace: 'ns' } },
  apiVersion,
  kind,
  name,
  namespace: 'ns',
});
const live = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({
  metadata: { name: 'x', labels, annotations },
});
const target = (kind: string, name: string, namespace: string | null = 'ns'): DeleteTarget => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  name,
  ...(namespace ? { namespace } : {}),
});
const labelsOf = (o: DeployObject) => (o.object.metadata?.labels ?? {}) as Record<string, string>;

describe('deploy ids and created objects', () => {
  it('makes unique ids that are valid label values, not file names', () => {
    const ids = new Set(Array.from({ length: 500 }, newDeployId));
    assert.equal(ids.size, 500);
    for (const id of ids) {
      assert.ok(isUniqueDeployId(id), id);
      assert.match(id, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    assert.equal(isUniqueDeployId('flink'), false);
  });

  it('labels only the objects it creates (or created before); adopted objects stay unmarked', () => {
    const objs = [
      obj('ConfigMap', 'new'),
      obj('Secret', 'theirs'),
      obj('Service', 'mine-before'),
      obj('Namespace', 'ns'),
    ];
    const source = deploySource(objs);
    const p = planLabels(objs, [
      undefined,
      live({ team: 'x' }),
      live({ [DEPLOY_ID_LABEL]: 'd-aaaaaaaaaaaa' }, { [SOURCE_ANNOTATION]: source }),
      live(),
    ]);
    assert.equal(p.deployId, 'd-aaaaaaaaaaaa'); // the id recorded on objects from the same files is reused
    assert.deepEqual(
      p.created.map((o) => o.name),
      ['new'],
    );
    assert.deepEqual(
      p.owned.map((o) => o.name),
      ['mine-before'],
    );
    assert.deepEqual(
      p.adopted.map((o) => o.name),
      ['theirs', 'ns'],
    );
    assert.equal(labelsOf(objs[0]!)[DEPLOY_ID_LABEL], 'd-aaaaaaaaaaaa');
    assert.equal(labelsOf(objs[0]!)[MANAGED_BY_LABEL], 'flink-vscode');
    assert.deepEqual(labelsOf(objs[1]!), {});
    assert.deepEqual(labelsOf(objs[3]!), {});
    assert.equal(objs[0]!.object.metadata?.annotations?.[SOURCE_ANNOTATION], source);

    // prod/flink.yaml adopts a Secret that dev/flink.yaml created: it neither reuses dev's id nor
    // drops dev's marks from the Secret (all deploys apply with one field manager).
    const dev = obj('Secret', 'shared');
    const prodObjs = [
      { ...obj('ConfigMap', 'prod'), file: 'prod/flink.yaml' },
      { ...obj('Secret', 'shared'), file: 'prod/flink.yaml' },
    ];
    const devMarks = live(
      { [DEPLOY_ID_LABEL]: 'd-dddddddddddd', [MANAGED_BY_LABEL]: 'flink-vscode' },
      { [SOURCE_ANNOTATION]: deploySource([dev]) },
    );
    const prod = planLabels(prodObjs, [undefined, devMarks]);
    assert.notEqual(prod.deployId, 'd-dddddddddddd');
    assert.deepEqual(
      prod.adopted.map((o) => o.name),
      ['shared'],
    );
    assert.equal(labelsOf(prodObjs[1]!)[DEPLOY_ID_LABEL], 'd-dddddddddddd');
    assert.equal(prodObjs[1]!.object.metadata?.annotations?.[SOURCE_ANNOTATION], deploySource([dev]));
    assert.equal(labelsOf(prodObjs[0]!)[DEPLOY_ID_LABEL], prod.deployId);

    // Nothing in the cluster yet: a fresh unique id, two deploys of files with the same name differ.
    const a = planLabels([obj('ConfigMap', 'c')], [undefined]);
    const b = planLabels([obj('ConfigMap', 'c')], [undefined]);
    assert.ok(isUniqueDeployId(a.deployId));
    assert.notEqual(a.deployId, b.deployId);
  });
});

describe('what delete removes', () => {
  const ID = 'd-0123456789ab';
  it('removes only objects carrying this deploy id; keeps adopted ones and protected kinds it did not create', () => {
    const targets = [
      target('Deployment', 'jm'),
      target('Secret', 'creds'),
      target('PersistentVolumeClaim', 'state'),
      target('ConfigMap', 'prod-conf'),
      target('Service', 'gone'),
      target('Namespace', 'ns', null),
    ];
    const lives = [
      live({ [DEPLOY_ID_LABEL]: ID }),
      live(), // a Secret that was there before the deploy
      live({ [DEPLOY_ID_LABEL]: ID }), // a PVC this deploy created
      live({ [DEPLOY_ID_LABEL]: 'd-zzzzzzzzzzzz' }), // another deploy's
      undefined,
      live({ [DEPLOY_ID_LABEL]: ID }),
    ];
    const leftover = { target: target('ConfigMap', 'renamed'), live: live({ [DEPLOY_ID_LABEL]: ID }) };
    const plan = classifyForDelete(targets, lives, [leftover, { target: targets[0]!, live: lives[0] }], [ID]);
    assert.deepEqual(
      plan.remove.map((t) => `${t.kind}/${t.name}`),
      ['Deployment/jm', 'PersistentVolumeClaim/state', 'ConfigMap/renamed'],
    );
    assert.deepEqual(
      plan.namespaces.map((t) => t.name),
      ['ns'],
    );
    assert.deepEqual(
      plan.keep.map((k) => `${k.target.kind}/${k.target.name}: ${k.reason}`),
      [
        'Secret/creds: a Secret not created by a deploy of this extension: it existed before, or was made elsewhere',
        'ConfigMap/prod-conf: created by another deploy, id d-zzzzzzzzzzzz',
      ],
    );
    assert.deepEqual(
      plan.absent.map((t) => t.name),
      ['gone'],
    );
    const text = describeDeletePlan(plan);
    assert.match(text, /^Delete: Deployment ns\/jm, PersistentVolumeClaim ns\/state, ConfigMap ns\/renamed\./);
    assert.match(text, /asked separately\): Namespace ns\./);
    assert.match(text, /Kept: Secret ns\/creds \(a Secret not created/);
  });

  it('with no deploy id found, deletes nothing', () => {
    const plan = classifyForDelete([target('Namespace', 'ns', null)], [live()], [], []);
    assert.deepEqual(plan.remove, []);
    assert.deepEqual(plan.namespaces, []);
    assert.equal(plan.keep.length, 1);
    assert.match(plan.keep[0]!.reason, /^a Namespace not created/);
  });
});
