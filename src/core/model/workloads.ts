// Pod templates and containers of the workloads in a manifest set, with their Flink role.
import { imageVersion, type FlinkVersion } from '../flinkconf/version';
import { asArr, asObj, get, own, str, type ManifestDoc, type Obj, type PathSeg } from './parse';

export type Role = 'jobmanager' | 'taskmanager';

export interface ContainerPort {
  port: number;
  name?: string;
  index: number;
}

export interface Container {
  doc: ManifestDoc;
  /** Path of the container object. */
  path: PathSeg[];
  obj: Obj;
  name?: string;
  image?: string;
  role?: Role;
  version?: FlinkVersion;
  ports: ContainerPort[];
  init: boolean;
}

export interface PodTemplate {
  doc: ManifestDoc;
  kind: string;
  /** Path of the pod spec. */
  specPath: PathSeg[];
  spec: Obj;
  labels: Record<string, string>;
  labelsPath: PathSeg[];
  namespace: string;
  replicas?: number;
  containers: Container[];
  role?: Role;
  /** A pod template inside a FlinkDeployment (the operator adds its own labels and containers). */
  operator: boolean;
}

const TEMPLATE_PATHS: Record<string, PathSeg[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** The role named by a command line (first matching word, options skipped) or a label/name. */
export function roleOf(text: string): Role | undefined {
  for (const raw of text.split(/[\s;"',]+/)) {
    if (!raw || raw.startsWith('-')) continue;
    const t = raw.slice(raw.lastIndexOf('/') + 1).toLowerCase();
    if (t === 'jobmanager' || t === 'jobmanager.sh' || t === 'standalone-job' || t === 'standalone-job.sh')
      return 'jobmanager';
    if (t === 'taskmanager' || t === 'taskmanager.sh') return 'taskmanager';
  }
  return undefined;
}

function roleOfName(text: string): Role | undefined {
  const t = text.toLowerCase();
  return t.includes('jobmanager') ? 'jobmanager' : t.includes('taskmanager') ? 'taskmanager' : undefined;
}

function labelMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asObj(v) ?? {})) {
    const s = str(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function containersOf(doc: ManifestDoc, specPath: PathSeg[], spec: Obj, fallbackRole?: Role): Container[] {
  const out: Container[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    asArr(spec[field]).forEach((c, i) => {
      const obj = asObj(c);
      if (!obj) return;
      const command = [...asArr(obj.command), ...asArr(obj.args)].filter((x) => typeof x === 'string').join(' ');
      const image = str(obj.image);
      const ports: ContainerPort[] = [];
      asArr(obj.ports).forEach((p, pi) => {
        const po = asObj(p);
        const n = po?.containerPort;
        if (typeof n === 'number') ports.push({ port: n, name: str(po?.name), index: pi });
      });
      out.push({
        doc,
        path: [...specPath, field, i],
        obj,
        name: str(obj.name),
        image,
        ports,
        init: field === 'initContainers',
        role: field === 'containers' ? (roleOf(command) ?? fallbackRole) : undefined,
        version: imageVersion(image),
      });
    });
  }
  return out;
}

export function podTemplates(docs: ManifestDoc[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const doc of docs) {
    const o = doc.object;
    if (!o || !doc.kind) continue;
    const ns = doc.namespace ?? '';
    const tp = own(TEMPLATE_PATHS, doc.kind);
    if (tp && doc.apiVersion && !doc.apiVersion.startsWith('flink.apache.org')) {
      const tmpl = asObj(tp.length ? get(o, tp) : o);
      const spec = asObj(tmpl?.spec);
      if (!tmpl || !spec) continue;
      const labels = labelMap(get(tmpl, ['metadata', 'labels']));
      const roleHint = roleOfName(`${labels.component ?? ''} ${doc.name ?? ''}`);
      const containers = containersOf(doc, [...tp, 'spec'], spec, roleHint);
      const main = containers.find((c) => c.role);
      const replicas = doc.kind === 'Job' ? get(o, ['spec', 'parallelism']) : get(o, ['spec', 'replicas']);
      out.push({
        doc,
        kind: doc.kind,
        specPath: [...tp, 'spec'],
        spec,
        labels,
        labelsPath: [...tp, 'metadata', 'labels'],
        namespace: ns,
        replicas:
          typeof replicas === 'number' ? replicas : replicas === undefined && doc.kind !== 'DaemonSet' ? 1 : undefined,
        containers,
        role: main?.role ?? roleHint,
        operator: false,
      });
    } else if (doc.kind === 'FlinkDeployment' || doc.kind === 'FlinkBlueGreenDeployment') {
      const base: PathSeg[] = doc.kind === 'FlinkBlueGreenDeployment' ? ['spec', 'template', 'spec'] : ['spec'];
      const parts: [PathSeg[], Role | undefined][] = [
        [[...base, 'podTemplate'], undefined],
        [[...base, 'jobManager', 'podTemplate'], 'jobmanager'],
        [[...base, 'taskManager', 'podTemplate'], 'taskmanager'],
      ];
      for (const [p, role] of parts) {
        const tmpl = asObj(get(o, p));
        const spec = asObj(tmpl?.spec);
        if (!spec) continue;
        const containers = containersOf(doc, [...p, 'spec'], spec, undefined);
        for (const c of containers) if (c.name === 'flink-main-container') c.role = role;
        out.push({
          doc,
          kind: doc.kind,
          specPath: [...p, 'spec'],
          spec,
          labels: labelMap(get(tmpl, ['metadata', 'labels'])),
          labelsPath: [...p, 'metadata', 'labels'],
          namespace: ns,
          containers,
          role,
          operator: true,
        });
      }
    }
  }
  return out;
}

export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return !a || !b || a === b;
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
