// Why a pod does not come up: container states and Kubernetes events, classified into the causes
// a Flink user acts on. Pure functions over plain pod/event JSON.

export type Cause =
  | 'OOMKilled'
  | 'ImagePullBackOff'
  | 'ErrImagePull'
  | 'InvalidImageName'
  | 'CrashLoopBackOff'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'FailedScheduling'
  | 'FailedMount'
  | 'FailedCreate'
  | 'Error';

export interface Problem {
  cause: Cause;
  /** `Pod ns/name` or `ReplicaSet ns/name`. */
  object: string;
  pod?: string;
  container?: string;
  message: string;
  /** A clear failure (the rollout will not succeed without a change) vs. one that may resolve. */
  fatal: boolean;
  /** What the user should do. */
  hint: string;
}

const HINTS: Record<Cause, string> = {
  OOMKilled:
    'The container used more memory than its limit: raise resources.limits.memory or lower taskmanager/jobmanager.memory.process.size so that Flink fits under the limit.',
  ImagePullBackOff:
    'The image cannot be pulled: check the image name and tag, and imagePullSecrets for a private registry.',
  ErrImagePull:
    'The image cannot be pulled: check the image name and tag, and imagePullSecrets for a private registry.',
  InvalidImageName: 'The image reference is malformed: fix the image field.',
  CrashLoopBackOff: 'The container keeps exiting: open its logs (including the previous container) to see why.',
  CreateContainerConfigError:
    'The container cannot be configured: a referenced ConfigMap, Secret or key is missing. Create it or fix the reference.',
  CreateContainerError: 'The container runtime could not create the container: see the events.',
  FailedScheduling:
    'No node can take the pod: lower resources.requests, add nodes, or fix nodeSelector/affinity/tolerations.',
  FailedMount: 'A volume cannot be mounted: check that the ConfigMap/Secret/PVC exists and is bound.',
  FailedCreate: 'The controller cannot create pods: check quotas, admission policies and the ServiceAccount.',
  Error: 'The container failed: open its logs.',
};

export function hintFor(cause: Cause): string {
  return HINTS[cause];
}

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

const WAITING_FATAL = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** Problems visible in a pod's own status (container states, unschedulable condition). */
export function classifyPod(pod: unknown): Problem[] {
  const p = o(pod);
  const meta = o(p.metadata);
  const name = s(meta.name);
  const ref = `Pod ${meta.namespace ? `${s(meta.namespace)}/` : ''}${name}`;
  const status = o(p.status);
  const out: Problem[] = [];
  const statuses = [
    ...((status.initContainerStatuses as unknown[]) ?? []),
    ...((status.containerStatuses as unknown[]) ?? []),
  ];
  for (const cs of statuses.map(o)) {
    const container = s(cs.name);
    const state = o(cs.state);
    const waiting = o(state.waiting);
    const terminated = o(state.terminated);
    const last = o(o(cs.lastState).terminated);
    const reason = s(waiting.reason);
    if (s(terminated.reason) === 'OOMKilled' || s(last.reason) === 'OOMKilled') {
      out.push({
        cause: 'OOMKilled',
        object: ref,
        pod: name,
        container,
        fatal: true,
        hint: HINTS.OOMKilled,
        message: `Container "${container}" of pod ${name} was OOMKilled (exit code ${String(terminated.exitCode ?? last.exitCode ?? 137)}, restarts: ${String(cs.restartCount ?? 0)}).`,
      });
      continue;
    }
    if (reason && WAITING_FATAL.has(reason)) {
      const cause = reason as Cause;
      out.push({
        cause,
        object: ref,
        pod: name,
        container,
        fatal: true,
        hint: HINTS[cause],
        message: `Container "${container}" of pod ${name} is waiting: ${reason}${s(waiting.message) ? ` (${s(waiting.message)})` : ''}.`,
      });
      continue;
    }
    if (s(terminated.reason) === 'Error' && !cs.ready) {
      out.push({
        cause: 'Error',
        object: ref,
        pod: name,
        container,
        fatal: false,
        hint: HINTS.Error,
        message: `Container "${container}" of pod ${name} exited with code ${String(terminated.exitCode ?? '?')}.`,
      });
    }
  }
  for (const c of ((status.conditions as unknown[]) ?? []).map(o)) {
    if (s(c.type) === 'PodScheduled' && s(c.status) === 'False' && s(c.reason) === 'Unschedulable') {
      out.push({
        cause: 'FailedScheduling',
        object: ref,
        pod: name,
        fatal: false,
        hint: HINTS.FailedScheduling,
        message: `Pod ${name} cannot be scheduled: ${s(c.message) || 'no node fits'}.`,
      });
    }
  }
  return out;
}

/** Problems told by an event (core/v1 Event JSON). Normal events give none. */
export function classifyEvent(event: unknown): Problem | undefined {
  const e = o(event);
  const reason = s(e.reason);
  const message = s(e.message) || s(e.note);
  const inv = o(e.involvedObject ?? e.regarding);
  const kind = s(inv.kind);
  const name = s(inv.name);
  const ref = `${kind} ${inv.namespace ? `${s(inv.namespace)}/` : ''}${name}`;
  const container = /spec\.(?:initContainers|containers)\{([^}]+)\}/.exec(s(inv.fieldPath))?.[1];
  const pod = kind === 'Pod' ? name : undefined;
  const mk = (cause: Cause, fatal: boolean): Problem => ({
    cause,
    object: ref,
    pod,
    container,
    fatal,
    hint: HINTS[cause],
    message: `${ref}: ${reason}: ${message}`,
  });
  if (s(e.type) !== 'Warning' && reason !== 'OOMKilling') return undefined;
  switch (reason) {
    case 'FailedScheduling':
      return mk('FailedScheduling', false);
    case 'FailedMount':
    case 'FailedAttachVolume':
      return mk('FailedMount', false);
    case 'FailedCreate':
      return mk('FailedCreate', true);
    case 'OOMKilling':
      return mk('OOMKilled', true);
    case 'InspectFailed':
    case 'InvalidImageName':
      return mk('InvalidImageName', true);
    case 'BackOff':
      if (/pulling image/i.test(message)) return mk('ImagePullBackOff', true);
      return mk('CrashLoopBackOff', true);
    case 'Failed':
      // kubelet: `Error: configmap "x" not found` (config) vs `Failed to pull image "x": ... not found` (image).
      if (/CreateContainerConfigError|^Error: (configmap|secret) |couldn't find key/i.test(message))
        return mk('CreateContainerConfigError', true);
      if (/ImagePullBackOff/.test(message)) return mk('ImagePullBackOff', true);
      if (/ErrImagePull|pull image|pulling image|manifest unknown/i.test(message)) return mk('ErrImagePull', true);
      if (/CreateContainerError/.test(message)) return mk('CreateContainerError', true);
      return mk('Error', false);
    default:
      return undefined;
  }
}

/** The most useful problem first: fatal before transient, container causes before scheduling. */
export function mainProblem(problems: Problem[]): Problem | undefined {
  const order: Cause[] = [
    'OOMKilled',
    'CreateContainerConfigError',
    'InvalidImageName',
    'ImagePullBackOff',
    'ErrImagePull',
    'CrashLoopBackOff',
    'CreateContainerError',
    'FailedCreate',
    'FailedMount',
    'FailedScheduling',
    'Error',
  ];
  return [...problems].sort(
    (a, b) => Number(b.fatal) - Number(a.fatal) || order.indexOf(a.cause) - order.indexOf(b.cause),
  )[0];
}

/** Events as lines for the output channel: `time type reason object: message`, oldest first. */
export function formatEvents(events: unknown[], podNames?: Set<string>): string[] {
  return events
    .map(o)
    .filter((e) => !podNames || podNames.has(s(o(e.involvedObject).name)) || s(o(e.involvedObject).kind) !== 'Pod')
    .map((e) => ({ t: s(e.lastTimestamp) || s(e.eventTime) || s(o(e.metadata).creationTimestamp), e }))
    .sort((a, b) => a.t.localeCompare(b.t))
    .map(
      ({ t, e }) =>
        `${t} ${s(e.type)} ${s(e.reason)} ${s(o(e.involvedObject).kind)}/${s(o(e.involvedObject).name)}: ${s(e.message)}`,
    );
}
