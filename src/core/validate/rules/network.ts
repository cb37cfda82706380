// Cross-object networking: workload selectors vs template labels, Service selectors vs pod templates,
// Flink ports vs containerPorts, Service targetPorts and probes, jobmanager.rpc.address vs Services.
import { lookup, named, selectTemplates, type EffectiveConfig } from '../../flinkconf/cluster';
import { KNOWN_KEYS } from '../../flinkconf/keys';
import type { ConfigEntry } from '../../flinkconf/parse-config';
import { fixedPort } from '../../flinkconf/values';
import { asArr, asObj, get, offsetsAt, str, type ManifestDoc, type PathSeg } from '../../model/parse';
import { sameNamespace, type Container, type PodTemplate, type Role } from '../../model/workloads';
import { edit, fix, type RuleContext } from '../context';
import { closest } from './strings';

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet']);

/** Conventional containerPort names of the Flink docs and native mode, and the option that sets each. */
const PORT_NAMES: Record<Role, Record<string, string>> = {
  jobmanager: {
    rpc: 'jobmanager.rpc.port',
    'jobmanager-rpc': 'jobmanager.rpc.port',
    'blob-server': 'blob.server.port',
    blob: 'blob.server.port',
    blobserver: 'blob.server.port',
    webui: 'rest.port',
    rest: 'rest.port',
    ui: 'rest.port',
  },
  taskmanager: {
    rpc: 'taskmanager.rpc.port',
    'taskmanager-rpc': 'taskmanager.rpc.port',
    'query-state': 'queryable-state.proxy.ports',
    metrics: 'metrics.internal.query-service.port',
  },
};
const LISTEN_KEYS: Record<Role, string[]> = {
  jobmanager: ['jobmanager.rpc.port', 'rest.port', 'blob.server.port', 'metrics.internal.query-service.port'],
  taskmanager: [
    'taskmanager.rpc.port',
    'queryable-state.proxy.ports',
    'taskmanager.data.port',
    'metrics.internal.query-service.port',
  ],
};

function configured(ec: EffectiveConfig, key: string): { value?: string; entry?: ConfigEntry } {
  const entry = lookup(ec.values, key);
  return { value: entry?.value ?? KNOWN_KEYS[key]?.default, entry };
}

/**
 * The container mounts a ConfigMap the set does not hold (linted without its partner): its Flink
 * configuration is unknown, so port rules stay quiet instead of assuming Flink's defaults.
 */
function configUnknown(ctx: RuleContext, ec: EffectiveConfig): boolean {
  if (ec.file) return false;
  const volumes = asArr(ec.template.spec.volumes).map(asObj);
  return asArr(ec.container.obj.volumeMounts).some((m) => {
    const vol = volumes.find((v) => v && str(v.name) === str(asObj(m)?.name));
    const cm = str(get(vol, ['configMap', 'name']));
    return !!cm && named(ctx.model, 'ConfigMap', cm, ec.template.namespace).length === 0;
  });
}

/** Fixed ports a Flink process of this config listens on. */
function listening(ec: EffectiveConfig, role: Role): Set<number> {
  const out = new Set<number>();
  for (const k of LISTEN_KEYS[role]) {
    const p = fixedPort(configured(ec, k).value);
    if (p) out.add(p);
  }
  return out;
}

export function checkNetwork(ctx: RuleContext): void {
  checkWorkloadSelectors(ctx);
  checkServices(ctx);
  checkContainerPorts(ctx);
  checkProbes(ctx);
  checkRpcAddress(ctx);
}

function checkWorkloadSelectors(ctx: RuleContext): void {
  for (const t of ctx.model.templates) {
    if (t.operator || !SELECTOR_KINDS.has(t.kind) || t.doc.apiVersion !== 'apps/v1') continue;
    const match = asObj(get(t.doc.object, ['spec', 'selector', 'matchLabels']));
    if (!match) continue;
    for (const [k, v] of Object.entries(match)) {
      if (t.labels[k] === str(v)) continue;
      ctx.report.at(
        t.doc,
        ['spec', 'selector', 'matchLabels', k],
        'key',
        'error',
        'selector-mismatch',
        `The selector requires ${k}=${str(v)} but the pod template ${t.labels[k] === undefined ? `has no label ${k}` : `labels it ${k}=${t.labels[k]}`}: the API server rejects this ${t.kind} ("selector does not match template labels"). Make spec.selector.matchLabels a subset of spec.template.metadata.labels.`,
      );
    }
  }
}

function selectorOf(svc: ManifestDoc): Record<string, string> | undefined {
  const selector = asObj(get(svc.object, ['spec', 'selector']));
  if (!selector || !Object.keys(selector).length) return undefined;
  const sel: Record<string, string> = {};
  for (const [k, v] of Object.entries(selector)) sel[k] = str(v) ?? '';
  return sel;
}

function checkServices(ctx: RuleContext): void {
  const plain = ctx.model.templates.filter((t) => !t.operator);
  const namespaces = new Set(plain.map((t) => t.namespace));
  // Services with the same selector select the same pods: compute their ports once (many clusters in one file).
  const bySelector = new Map<string, { selected: PodTemplate[]; ports?: SelectedPorts }>();
  for (const svc of ctx.model.byKind.get('Service') ?? []) {
    const sel = selectorOf(svc);
    if (!sel) continue;
    // Only when the manifests hold pod templates there: otherwise the pods come from elsewhere.
    if (!plain.length || (svc.namespace && !namespaces.has(svc.namespace) && !namespaces.has(''))) continue;
    const key = JSON.stringify([svc.namespace ?? '', Object.entries(sel).sort()]);
    let hit = bySelector.get(key);
    if (!hit) bySelector.set(key, (hit = { selected: selectTemplates(ctx.model, sel, svc.namespace) }));
    const selected = hit.selected;
    if (!selected.length) {
      ctx.report.at(
        svc,
        ['spec', 'selector'],
        'key',
        'warning',
        'service-selects-nothing',
        `Service ${svc.name ?? ''} selects ${Object.entries(sel)
          .map(([k, v]) => `${k}=${v}`)
          .join(
            ',',
          )}, which matches no pod template in these manifests: it gets no endpoints and connections to it fail. Make the selector match the labels of the pods it should reach.`,
      );
      continue;
    }
    hit.ports ??= portsOf(ctx, selected);
    checkServicePorts(ctx, svc, hit.ports);
  }
}

interface SelectedPorts {
  names: Set<string | undefined>;
  declared: Set<number>;
  flink: boolean;
  flinkPorts: Set<number>;
}

function portsOf(ctx: RuleContext, selected: PodTemplate[]): SelectedPorts {
  const containers = selected.flatMap((t) => t.containers.filter((c) => !c.init));
  const flink = selected.flatMap((t) =>
    (ctx.model.containersByTemplate.get(t) ?? []).filter((ec) => ec.container.role),
  );
  return {
    names: new Set(containers.flatMap((c) => c.ports.map((p) => p.name).filter(Boolean))),
    declared: new Set(containers.flatMap((c) => c.ports.map((p) => p.port))),
    flink: flink.length > 0 && !flink.some((ec) => configUnknown(ctx, ec)),
    flinkPorts: new Set(flink.flatMap((ec) => [...listening(ec, ec.container.role!)])),
  };
}

function checkServicePorts(ctx: RuleContext, svc: ManifestDoc, ports: SelectedPorts): void {
  const { names, declared, flinkPorts } = ports;
  asArr(get(svc.object, ['spec', 'ports'])).forEach((p, i) => {
    const po = asObj(p);
    if (!po) return;
    const target = po.targetPort ?? po.port;
    const field = po.targetPort !== undefined ? 'targetPort' : 'port';
    const path: PathSeg[] = ['spec', 'ports', i, field];
    if (typeof target === 'string' && !/^\d+$/.test(target)) {
      if (!names.has(target)) {
        const guess = closest(target, [...names] as string[]);
        ctx.report.at(
          svc,
          path,
          'value',
          'error',
          'service-target-port-name',
          `targetPort "${target}" names no containerPort of the selected pods, so the Service has no endpoint for this port and connections are refused.${guess ? ` Did you mean "${guess}"?` : ' Name the containerPort or use its number.'}`,
          guess ? [fix(`Change to ${guess}`, edit(svc, offsets(svc, path), guess))] : undefined,
        );
      }
      return;
    }
    const n = Number(target);
    if (!ports.flink || !Number.isInteger(n) || flinkPorts.has(n) || declared.has(n)) return;
    ctx.report.at(
      svc,
      path,
      'value',
      'warning',
      'service-port-not-listening',
      `Port ${n} of Service ${svc.name ?? ''} goes to Flink pods that neither listen on it (Flink's ports there: ${[...flinkPorts].join(', ') || 'none fixed'}) nor declare it as a containerPort: connections are refused. Point it at a Flink port.`,
    );
  });
}

function offsets(md: ManifestDoc, path: PathSeg[]): [number, number] {
  return offsetsAt(md, path, 'value');
}

function checkContainerPorts(ctx: RuleContext): void {
  for (const ec of ctx.model.containers) {
    const role = ec.container.role;
    if (!role || configUnknown(ctx, ec)) continue;
    for (const p of ec.container.ports) {
      const key = p.name ? PORT_NAMES[role][p.name] : undefined;
      if (!key) continue;
      const { value, entry } = configured(ec, key);
      const fixed = fixedPort(value);
      const path: PathSeg[] = [...ec.container.path, 'ports', p.index, 'containerPort'];
      if (fixed !== undefined && fixed !== p.port) {
        ctx.report.at(
          ec.container.doc,
          path,
          'value',
          'warning',
          'container-port-mismatch',
          `containerPort "${p.name}" is ${p.port} but Flink's ${key} is ${fixed}${entry ? '' : ' (the default)'}: Services and probes that target ${p.port} reach nothing. Use ${fixed} here or set ${key}: ${p.port}.`,
          [fix(`Change to ${fixed}`, edit(ec.container.doc, offsets(ec.container.doc, path), String(fixed)))],
        );
      } else if (fixed === undefined && value !== undefined && /^\s*0\s*$/.test(value) && ec.file) {
        ctx.report.at(
          ec.container.doc,
          path,
          'value',
          'warning',
          'flink-port-random',
          `${key} is not set, so Flink listens on a random port instead of ${p.port} ("${p.name}"): Services and probes on ${p.port} reach nothing. Set ${key}: ${p.port} in the Flink configuration, as the Flink docs do.`,
        );
      }
    }
  }
}

function checkProbes(ctx: RuleContext): void {
  for (const ec of ctx.model.containers) {
    const role = ec.container.role;
    if (!role) continue;
    const c: Container = ec.container;
    const flinkPorts = listening(ec, role);
    const declared = new Set(c.ports.map((p) => p.port));
    const names = new Set(c.ports.map((p) => p.name));
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      for (const kind of ['tcpSocket', 'httpGet']) {
        const path: PathSeg[] = [...c.path, probe, kind, 'port'];
        const port = get(c.doc.object, path);
        if (port === undefined) continue;
        if (typeof port === 'string' && !/^\d+$/.test(port)) {
          if (!names.has(port))
            ctx.report.at(
              c.doc,
              path,
              'value',
              'error',
              'probe-port-mismatch',
              `The ${probe} targets port "${port}", which no containerPort of ${c.name ?? 'this container'} is named: the probe fails and the kubelet ${probe === 'readinessProbe' ? 'never marks the pod ready' : 'restarts the container over and over (CrashLoopBackOff)'}.`,
            );
          continue;
        }
        const n = Number(port);
        if (flinkPorts.has(n) || declared.has(n) || configUnknown(ctx, ec)) continue;
        ctx.report.at(
          c.doc,
          path,
          'value',
          'error',
          'probe-port-mismatch',
          `The ${probe} connects to port ${n}, where the ${role} does not listen (Flink's ports: ${[...flinkPorts].join(', ') || 'none fixed'}): the probe fails and the kubelet ${probe === 'readinessProbe' ? 'never marks the pod ready' : 'restarts the container over and over (CrashLoopBackOff)'}.`,
        );
      }
    }
  }
}

function haEnabled(ec: EffectiveConfig): boolean {
  const v = lookup(ec.values, 'high-availability.type')?.value?.toLowerCase();
  return !!v && v !== 'none';
}

function checkRpcAddress(ctx: RuleContext): void {
  const seen = new Set<object>();
  const jmSelecting = new Set(
    (ctx.model.byKind.get('Service') ?? []).filter((s) => {
      const sel = selectorOf(s);
      return !!sel && selectTemplates(ctx.model, sel, s.namespace).some((t) => t.role === 'jobmanager');
    }),
  );
  const services = ctx.model.byKind.get('Service') ?? [];
  for (const ec of ctx.model.containers) {
    const e = ec.values.get('jobmanager.rpc.address');
    if (!e?.value || haEnabled(ec)) continue;
    if (seen.has(e)) continue;
    seen.add(e);
    const host = e.value.trim();
    if (/[$%{}]/.test(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host.includes(':'))
      continue;
    const name = host.split('.')[0];
    const ns = host.split('.')[1] ?? ec.template.namespace;
    if (!services.some((s) => sameNamespace(s.namespace, ns))) continue;
    const svc = named(ctx.model, 'Service', name, ns)[0];
    if (svc) {
      if (!jmSelecting.has(svc)) {
        const other = services.find((s) => jmSelecting.has(s) && sameNamespace(s.namespace, ns));
        if (other)
          ctx.report.atOffsets(
            e.doc,
            e.valueOffsets,
            'warning',
            'rpc-address-no-service',
            `jobmanager.rpc.address names Service ${name}, which does not select the JobManager pods: TaskManagers cannot register with the JobManager. Use ${other.name}.`,
          );
      }
      continue;
    }
    const guess = services.find((s) => jmSelecting.has(s) && sameNamespace(s.namespace, ns))?.name;
    ctx.report.atOffsets(
      e.doc,
      e.valueOffsets,
      'warning',
      'rpc-address-no-service',
      `jobmanager.rpc.address is ${host}, but no Service in these manifests is named ${name}: TaskManagers cannot resolve the JobManager and never register.${guess ? ` The JobManager Service is ${guess}.` : ' Create a Service of that name that selects the JobManager pods.'}`,
      guess && e.exactKey ? [fix(`Change to ${guess}`, edit(e.doc, e.valueOffsets, guess))] : undefined,
    );
  }
}
