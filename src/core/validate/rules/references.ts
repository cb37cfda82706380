// References between objects: ConfigMap/Secret volumes and their items, secretKeyRef/configMapKeyRef,
// envFrom; and hostPath volumes holding Flink state.
import { lookup, named } from '../../flinkconf/cluster';
import { asArr, asObj, offsetsAt, str, type ManifestDoc, type PathSeg } from '../../model/parse';
import { sameNamespace, type PodTemplate } from '../../model/workloads';
import { edit, fix, type RuleContext } from '../context';
import { closest } from './strings';

type RefKind = 'ConfigMap' | 'Secret';

function keysOf(doc: ManifestDoc): string[] {
  return [
    ...Object.keys(asObj(doc.object?.data) ?? {}),
    ...Object.keys(asObj(doc.object?.binaryData) ?? {}),
    ...Object.keys(asObj(doc.object?.stringData) ?? {}),
  ];
}

export function checkReferences(ctx: RuleContext): void {
  for (const t of ctx.model.templates) {
    const check = (
      kind: RefKind,
      name: string | undefined,
      namePath: PathSeg[],
      key: string | undefined,
      keyPath: PathSeg[] | undefined,
      optional: boolean,
      what: string,
    ) => {
      if (!name || optional) return;
      const obj = named(ctx.model, kind, name, t.namespace).find((d) => d.apiVersion === 'v1');
      if (!obj) {
        // Only when the manifests hold objects of this kind: otherwise they are likely created elsewhere.
        const all = (ctx.model.byKind.get(kind) ?? []).filter(
          (d) => d.apiVersion === 'v1' && sameNamespace(d.namespace, t.namespace),
        );
        if (!all.length) return;
        const guess = closest(
          name,
          all.map((d) => d.name ?? ''),
        );
        ctx.report.at(
          t.doc,
          namePath,
          'value',
          'error',
          kind === 'ConfigMap' ? 'configmap-missing' : 'secret-missing',
          `${what} names ${kind} ${name}, which is not in these manifests: the pod stays in ContainerCreating ("${kind.toLowerCase()} \\"${name}\\" not found").${guess ? ` Did you mean ${guess}?` : ` Create the ${kind} or fix the name.`}`,
          guess ? [fix(`Change to ${guess}`, edit(t.doc, offsetsAt(t.doc, namePath), guess))] : undefined,
        );
        return;
      }
      if (key === undefined || !keyPath) return;
      const keys = keysOf(obj);
      if (keys.includes(key)) return;
      const guess = closest(key, keys);
      ctx.report.at(
        t.doc,
        keyPath,
        'value',
        'error',
        kind === 'ConfigMap' ? 'configmap-key-missing' : 'secret-key-missing',
        `${kind} ${name} has no key ${key} (it has ${keys.join(', ') || 'no keys'}): the pod cannot start ("couldn't find key ${key}").${guess ? ` Did you mean ${guess}?` : ''}`,
        guess ? [fix(`Change to ${guess}`, edit(t.doc, offsetsAt(t.doc, keyPath), guess))] : undefined,
      );
    };
    const sp = t.specPath;
    asArr(t.spec.volumes).forEach((v, i) => {
      const vo = asObj(v);
      const cm = asObj(vo?.configMap);
      const sec = asObj(vo?.secret);
      const src = cm ?? sec;
      if (!src) return;
      const kind: RefKind = cm ? 'ConfigMap' : 'Secret';
      const field = cm ? 'configMap' : 'secret';
      const nameField = cm ? 'name' : 'secretName';
      const base: PathSeg[] = [...sp, 'volumes', i, field];
      const name = str(src[nameField]);
      const optional = src.optional === true;
      check(kind, name, [...base, nameField], undefined, undefined, optional, `Volume ${str(vo?.name) ?? ''}`);
      asArr(src.items).forEach((it, j) => {
        check(
          kind,
          name,
          [...base, nameField],
          str(asObj(it)?.key),
          [...base, 'items', j, 'key'],
          optional,
          `Volume ${str(vo?.name) ?? ''}`,
        );
      });
    });
    for (const c of t.containers) {
      asArr(c.obj.env).forEach((e, i) => {
        const vf = asObj(asObj(e)?.valueFrom);
        for (const [field, kind] of [
          ['secretKeyRef', 'Secret'],
          ['configMapKeyRef', 'ConfigMap'],
        ] as const) {
          const ref = asObj(vf?.[field]);
          if (!ref) continue;
          const base: PathSeg[] = [...c.path, 'env', i, 'valueFrom', field];
          check(
            kind,
            str(ref.name),
            [...base, 'name'],
            str(ref.key),
            [...base, 'key'],
            ref.optional === true,
            `Environment variable ${str(asObj(e)?.name) ?? ''}`,
          );
        }
      });
      asArr(c.obj.envFrom).forEach((e, i) => {
        for (const [field, kind] of [
          ['secretRef', 'Secret'],
          ['configMapRef', 'ConfigMap'],
        ] as const) {
          const ref = asObj(asObj(e)?.[field]);
          if (ref)
            check(
              kind,
              str(ref.name),
              [...c.path, 'envFrom', i, field, 'name'],
              undefined,
              undefined,
              ref.optional === true,
              'envFrom',
            );
        }
      });
    }
    checkHostPath(ctx, t);
  }
}

// Durable state (must survive the pod) vs local working state (restored from checkpoints when lost).
const DURABLE_KEYS = [
  'execution.checkpointing.dir',
  'execution.checkpointing.savepoint-dir',
  'high-availability.storageDir',
];
const LOCAL_KEYS = ['state.backend.rocksdb.localdir', 'io.tmp.dirs', 'process.taskmanager.working-dir'];

/** Directories the Flink processes of a pod template keep state in (file:// stripped). */
export function stateDirs(ctx: RuleContext, t: PodTemplate): { durable: string[]; local: string[] } {
  const durable: string[] = [];
  const local: string[] = [];
  const strip = (v: string) => v.replace(/^file:\/\//, '');
  for (const ec of ctx.model.containersByTemplate.get(t) ?? []) {
    for (const k of DURABLE_KEYS) {
      const v = lookup(ec.values, k)?.value;
      if (v) durable.push(strip(v));
    }
    for (const k of LOCAL_KEYS) {
      const v = lookup(ec.values, k)?.value;
      if (v) local.push(strip(v));
    }
  }
  const conf = t.operator ? ctx.model.operatorConfigs.get(t.doc) : undefined;
  for (const e of conf?.entries ?? []) {
    if (!e.value) continue;
    if (/checkpoints?\.dir|savepoints?\.dir|savepoint-dir|storageDir/i.test(e.key)) durable.push(strip(e.value));
    else if (/localdir|tmp\.dirs|working-dir/i.test(e.key)) local.push(strip(e.value));
  }
  return { durable, local };
}

/** A mount path holds one of `dirs` (or is one). */
export function under(dirs: string[], mp: string): boolean {
  return dirs.some((d) => d === mp || d.startsWith(mp.endsWith('/') ? mp : mp + '/'));
}

/** hostPath volumes used for Flink state: tied to one node, and must be writable by the flink user (UID 9999). */
function checkHostPath(ctx: RuleContext, t: PodTemplate): void {
  const { durable, local } = stateDirs(ctx, t);
  asArr(t.spec.volumes).forEach((v, i) => {
    const vo = asObj(v);
    const hp = asObj(vo?.hostPath);
    if (!hp) return;
    const vname = str(vo?.name);
    const mounts = t.containers
      .filter((c) => !c.init)
      .flatMap((c) =>
        asArr(c.obj.volumeMounts)
          .map(asObj)
          .filter((m) => str(m?.name) === vname)
          .map((m) => str(m?.mountPath) ?? ''),
      );
    const holdsDurable = mounts.some(
      (mp) => mp && (under(durable, mp) || /checkpoint|savepoint|(^|\/)ha($|\/)/i.test(mp)),
    );
    const holdsLocal = mounts.some((mp) => mp && (under(local, mp) || /state|rocksdb/i.test(mp)));
    if (!holdsDurable && !holdsLocal) return;
    // Local RocksDB files are rebuilt from checkpoints on another node; durable state is lost unless pods are pinned.
    const pinned =
      !!asObj(t.spec.nodeSelector) ||
      !!asObj(asObj(t.spec.affinity)?.nodeAffinity) ||
      typeof t.spec.nodeName === 'string';
    const prepared = t.containers.some(
      (c) => c.init && asArr(c.obj.volumeMounts).some((m) => str(asObj(m)?.name) === vname),
    );
    const risks = [
      holdsDurable &&
        !pinned &&
        'checkpoints, savepoints or HA data on it stay on one node, so a pod rescheduled elsewhere cannot recover (use shared or remote storage, or pin the pods with node affinity)',
      !prepared &&
        'Kubernetes creates hostPath directories owned by root, so the flink user (UID 9999) cannot write there (prepare the directory with an init container that runs chown 9999)',
    ].filter(Boolean);
    if (!risks.length) return;
    ctx.report.at(
      t.doc,
      [...t.specPath, 'volumes', i, 'hostPath'],
      'key',
      'warning',
      'hostpath-state-volume',
      `Volume ${vname ?? ''} keeps Flink state on a hostPath (${str(hp.path) ?? ''}): ${risks.join('; and ')}. Prefer a PersistentVolumeClaim.`,
    );
  });
}
