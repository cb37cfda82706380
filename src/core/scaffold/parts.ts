// Pieces shared by standalone and operator output: HA RBAC, the credentials Secret and env, the state
// volume, and the Dockerfile that bakes the job jar into the image.
import { names, STATE_MOUNT_PATH } from './flinkConfig';
import { fsPluginsOf } from './fs-plugins';
import type { ScaffoldOptions } from './options';
import type { YamlDoc } from './render';

export const FLINK_UID = 9999; // user `flink` of the official image

export function labels(o: ScaffoldOptions, component?: 'jobmanager' | 'taskmanager'): Record<string, string> {
  return component ? { app: o.name, component } : { app: o.name };
}

function meta(o: ScaffoldOptions, name: string, component?: 'jobmanager' | 'taskmanager') {
  return { name, namespace: o.namespace, labels: labels(o, component) };
}
export { meta as metadata };

/** ServiceAccount, Role and RoleBinding for Kubernetes HA (standalone clusters). */
export function haRbacDocs(o: ScaffoldOptions): YamlDoc[] {
  const n = names(o);
  return [
    {
      header:
        'Kubernetes HA: JobManagers and TaskManagers run with this service account. Leader election and\nleader discovery use ConfigMaps, so it needs to create, read, watch, update and delete them.',
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(o, n.serviceAccount) },
    },
    {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta(o, n.serviceAccount),
        rules: [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
          },
        ],
      },
    },
    {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(o, n.serviceAccount),
        subjects: [{ kind: 'ServiceAccount', name: n.serviceAccount, namespace: o.namespace }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n.serviceAccount },
      },
    },
  ];
}

/** Env entries reading each credential from the Secret; never the values themselves. */
export function credentialEnv(o: ScaffoldOptions): object[] {
  return (o.credentials ?? []).map((key) => ({
    name: key,
    valueFrom: { secretKeyRef: { name: names(o).secret, key } },
  }));
}

/** The Secret template, in its own file so real values never land next to the manifests. */
export function secretDoc(o: ScaffoldOptions): YamlDoc {
  const keys = o.credentials ?? [];
  return {
    header:
      'Connector credentials, read by the pods through secretKeyRef env vars.\n' +
      'Never put real values in this file or commit them: create the Secret out of band instead of applying it, e.g.\n' +
      `  kubectl -n ${o.namespace} create secret generic ${names(o).secret} ${keys.map((k) => `--from-literal=${k}=...`).join(' ')}\n` +
      'This template holds placeholders and documents the keys the pods expect.',
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(o, names(o).secret),
      type: 'Opaque',
      stringData: Object.fromEntries(keys.map((k) => [k, `<${k.toLowerCase().replace(/_/g, '-')}>`])),
    },
  };
}

export interface StateVolumeParts {
  readonly volume: object;
  readonly mount: object;
  /** Comment for the volume entry. */
  readonly comment: string;
  /** hostPath only: makes the node directory writable for the flink user. */
  readonly initContainer?: object;
}

/** The TaskManager volume holding RocksDB's working directory, when one was asked for. */
export function stateVolumeParts(o: ScaffoldOptions, image: string): StateVolumeParts | undefined {
  const v = o.stateVolume;
  if (!v || !o.rocksdb) return undefined;
  const mount = { name: 'flink-state', mountPath: STATE_MOUNT_PATH };
  if (v.type === 'hostPath') {
    return {
      mount,
      volume: { name: 'flink-state', hostPath: { path: v.path, type: 'DirectoryOrCreate' } },
      comment:
        'hostPath: RocksDB working files stay on whichever node the pod lands on; a pod rescheduled to another\n' +
        'node starts without them (state is restored from checkpoints). Pin TaskManagers with node affinity to\n' +
        `reuse the disk. Kubernetes creates the directory as root: the init container hands it to uid ${FLINK_UID}.`,
      initContainer: {
        name: 'state-dir-permissions',
        image,
        command: ['sh', '-c', `chown ${FLINK_UID}:${FLINK_UID} ${STATE_MOUNT_PATH}`],
        securityContext: { runAsUser: 0 },
        volumeMounts: [mount],
      },
    };
  }
  return {
    mount,
    volume: {
      name: 'flink-state',
      ephemeral: {
        volumeClaimTemplate: {
          metadata: { labels: labels(o, 'taskmanager') },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(v.storageClassName ? { storageClassName: v.storageClassName } : {}),
            resources: { requests: { storage: v.size } },
          },
        },
      },
    },
    comment:
      'One PersistentVolumeClaim per TaskManager pod (a generic ephemeral volume): a single ReadWriteOnce\n' +
      'claim cannot be shared by several TaskManagers on different nodes. It is deleted with its pod;\n' +
      'state survives in checkpoints, RocksDB only needs fast local working space.',
  };
}

/** Dockerfile for application clusters: the cluster's Flink image with the job jar in /opt/flink/usrlib. */
export function dockerfile(o: ScaffoldOptions): string {
  const jar = o.job.jarPath.split('/').pop() ?? 'job.jar';
  const lines = [
    '# Job image for application mode: the Flink image the cluster runs, plus the job jar in',
    '# /opt/flink/usrlib, where Flink looks for user code in application mode.',
    `# Build and push it as the image the manifests use:  docker build -t ${o.jobImage} . && docker push ${o.jobImage}`,
    `FROM ${o.image}`,
  ];
  const plugins = fsPluginsOf(o);
  if (plugins.length) {
    lines.push(
      '',
      '# The checkpoint/HA file systems are plugins: copy them from opt/ into plugins/ or Flink cannot open the dirs.',
    );
    for (const p of plugins)
      lines.push(`RUN mkdir -p /opt/flink/plugins/${p} && cp /opt/flink/opt/flink-${p}-*.jar /opt/flink/plugins/${p}/`);
  }
  lines.push('', `COPY --chown=flink:flink ${o.job.jarPath} /opt/flink/usrlib/${jar}`, '');
  return lines.join('\n');
}

export function jarFileName(o: ScaffoldOptions): string {
  return o.job.jarPath.split('/').pop() ?? 'job.jar';
}
