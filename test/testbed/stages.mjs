// kwok pod Stages for the test bed: kwok's own fast stages of the same tag (pod-ready,
// pod-complete, pod-delete), except that a pod with a "bad" image is never made Running: it gets
// ImagePullBackOff (phase Pending, container waiting) and a Warning event instead, like a kubelet
// that cannot pull. Once --config holds any pod Stage, kwok uses no built-in pod stages, so all
// of them are listed here. Node stages stay kwok's built-in defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { kwokStagesDir } from './versions.mjs';

/** Images that "cannot be pulled": any registry host under the reserved .invalid TLD, or tag :does-not-exist. */
export const BAD_IMAGE_RULE =
  'registry host ending in ".invalid" (e.g. registry.invalid/flink:1.20) or tag ":does-not-exist"';
export const BAD_IMAGE_EXAMPLE = 'registry.invalid/flink:1.20';
// jq over the pod: true for each container whose image is bad (kwok compares booleans as "true").
const BAD_IMAGE_JQ = '.spec.containers[].image | (split("/")[0] | endswith(".invalid")) or endswith(":does-not-exist")';

const imagePullBackOff = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  metadata: { name: 'pod-image-pull-backoff' },
  spec: {
    resourceRef: { apiGroup: 'v1', kind: 'Pod' },
    selector: {
      matchExpressions: [
        { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
        { key: '.status.containerStatuses', operator: 'DoesNotExist' },
        { key: BAD_IMAGE_JQ, operator: 'In', values: ['true'] },
      ],
    },
    next: {
      event: {
        type: 'Warning',
        reason: 'Failed',
        message: 'Failed to pull image: not found (simulated by the test bed)',
      },
      statusTemplate: `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  reason: ContainersNotReady
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  reason: ContainersNotReady
  type: ContainersReady
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  started: false
  restartCount: 0
  state:
    waiting:
      reason: ImagePullBackOff
      message: {{ printf "Back-off pulling image %q" .image | Quote }}
{{ end }}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
phase: Pending
startTime: {{ $now | Quote }}
`,
    },
  },
};

export function podStagesYaml() {
  const load = (f) => parse(readFileSync(join(kwokStagesDir, f), 'utf8'));
  const ready = load('pod-ready.yaml');
  ready.spec.selector.matchExpressions.push({ key: BAD_IMAGE_JQ, operator: 'NotIn', values: ['true'] });
  return [ready, load('pod-complete.yaml'), load('pod-delete.yaml'), imagePullBackOff]
    .map((d) => stringify(d))
    .join('---\n');
}
