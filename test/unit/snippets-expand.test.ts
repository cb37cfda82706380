// Every snippet expands (defaults, mirrors, choices) to YAML that parses, and the snippets that belong
// together form consistent clusters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validate } from '../../src/core/validate';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS: Record<string, Snippet> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'snippets', 'flink.code-snippets'), 'utf8'),
);
const byPrefix = (prefix: string): Snippet => {
  const s = Object.values(SNIPPETS).find((x) => x.prefix === prefix);
  assert.ok(s, `no snippet ${prefix}`);
  return s;
};

/**
 * Expands VS Code snippet syntax as accepting every default would: `${n:default}`, `$n`/`${n}` (mirror),
 * `${n|a,b|}` (first choice unless `choices[n]` names another), `\$` (literal). Nested placeholders and
 * variables are not used by our snippets and are rejected.
 */
function expand(body: string[], choices: Record<number, string> = {}): string {
  const text = body.join('\n');
  const values = new Map<number, string>();
  // First pass: the defaults of the defining occurrences.
  const def = /\\\$|\$\{(\d+):([^}]*)\}|\$\{(\d+)\|([^|]*)\|\}/g;
  for (let m = def.exec(text); m; m = def.exec(text)) {
    if (m[1] !== undefined) {
      const n = Number(m[1]);
      assert.ok(!m[2].includes('${'), 'nested placeholders are not supported');
      if (values.has(n)) assert.equal(values.get(n), m[2], `placeholder ${n} has two different defaults`);
      else values.set(n, m[2]);
    } else if (m[3] !== undefined) {
      const n = Number(m[3]);
      const options = m[4].split(',');
      const chosen = choices[n] ?? options[0];
      assert.ok(options.includes(chosen), `choice ${chosen} not among ${options.join(',')}`);
      values.set(n, chosen);
    }
  }
  return text.replace(/\\\$|\$\{(\d+)(?::[^}]*|\|[^|]*\|)?\}|\$(\d+)|\$([A-Z_]+|\{[A-Z_])/g, (all, a, b, variable) => {
    if (all === '\\$') return '$';
    assert.equal(variable, undefined, `unescaped $ or snippet variable in ${all}`);
    const n = Number(a ?? b);
    if (n === 0) return '';
    assert.ok(values.has(n), `placeholder $${n} has no default`);
    return values.get(n) as string;
  });
}

function docs(text: string): Obj[] {
  const parsed = parseAllDocuments(text);
  assert.ok(Array.isArray(parsed));
  for (const d of parsed)
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
    );
  return parsed.map((d) => d.toJS() as Obj);
}

describe('snippets', () => {
  const expected = [
    'flink-configmap-1x',
    'flink-configmap-2x',
    'flink-jobmanager-deployment',
    'flink-taskmanager-deployment',
    'flink-jobmanager-service',
    'flink-rest-service',
    'flink-application-job',
    'flink-deployment-session',
    'flink-deployment-application',
    'flink-session-job',
    'flink-ha-rbac',
    'flink-state-pvc',
  ];
  it('has one snippet per resource, all prefixed flink-', () => {
    assert.deepEqual(
      Object.values(SNIPPETS)
        .map((s) => s.prefix)
        .sort(),
      [...expected].sort(),
    );
    for (const s of Object.values(SNIPPETS)) assert.ok(s.description.length > 10);
  });

  for (const prefix of expected) {
    it(`${prefix} expands with its defaults to YAML that parses`, () => {
      const s = byPrefix(prefix);
      const out = docs(expand(s.body));
      assert.ok(out.length >= 1);
      for (const d of out) assert.ok(d.apiVersion && d.kind && d.metadata?.name, JSON.stringify(d).slice(0, 80));
      assert.ok(/\$\{1:/.test(s.body.join('\n')), 'the first tab stop is the name');
    });
  }

  it('expander resolves mirrors, choices and escapes (and rejects bad syntax)', () => {
    assert.equal(expand(['${1:a}-$1 ${2|x,y|} \\$(POD_IP) $0']), 'a-a x $(POD_IP) ');
    assert.equal(expand(['${2|x,y|}'], { 2: 'y' }), 'y');
    assert.throws(() => expand(['$1']));
    assert.throws(() => expand(['$HOME']));
  });

  it('standalone snippets fit together: names, selectors, ports, ConfigMap keys, memory limits', () => {
    for (const [cm, key] of [
      ['flink-configmap-2x', 'config.yaml'],
      ['flink-configmap-1x', 'flink-conf.yaml'],
    ] as const) {
      const all = [
        cm,
        'flink-jobmanager-service',
        'flink-rest-service',
        'flink-jobmanager-deployment',
        'flink-taskmanager-deployment',
      ].flatMap((p) => docs(expand(byPrefix(p).body, key === 'flink-conf.yaml' ? { 5: key, 6: key } : {})));
      const configMap = all.find((d) => d.kind === 'ConfigMap') as Obj;
      const conf = Object.fromEntries(
        (configMap.data[key] as string)
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => l.split(': ')),
      );
      const deployments = all.filter((d) => d.kind === 'Deployment');
      const jm = deployments.find((d) => d.metadata.name === conf['jobmanager.rpc.address']) as Obj;
      assert.ok(jm, 'jobmanager.rpc.address names the JobManager');
      assert.ok(all.some((d) => d.kind === 'Service' && d.metadata.name === conf['jobmanager.rpc.address']));
      const tm = deployments.find((d) => d !== jm) as Obj;
      assert.equal(
        Number(conf['parallelism.default']),
        tm.spec.replicas * Number(conf['taskmanager.numberOfTaskSlots']),
      );
      for (const d of deployments) {
        const c = d.spec.template.spec.containers[0];
        const role = d.spec.template.metadata.labels.component;
        assert.deepEqual(d.spec.selector.matchLabels, d.spec.template.metadata.labels);
        assert.equal(c.resources.limits.memory, `${parseInt(conf[`${role}.memory.process.size`], 10)}Mi`);
        const vol = d.spec.template.spec.volumes[0].configMap;
        assert.equal(vol.name, configMap.metadata.name);
        for (const it of vol.items) assert.ok(it.key in configMap.data, it.key);
      }
      for (const svc of all.filter((d) => d.kind === 'Service')) {
        assert.deepEqual(svc.spec.selector, jm.spec.template.metadata.labels);
        for (const p of svc.spec.ports)
          assert.ok(jm.spec.template.spec.containers[0].ports.some((cp: Obj) => cp.containerPort === p.targetPort));
      }
    }
  });
});

/** Snippet sets a user combines into one cluster; each validates with zero findings. */
const SETS: { name: string; prefixes: string[]; choices?: Record<number, string> }[] = [
  {
    name: 'standalone session, config.yaml',
    prefixes: [
      'flink-configmap-2x',
      'flink-jobmanager-service',
      'flink-rest-service',
      'flink-jobmanager-deployment',
      'flink-taskmanager-deployment',
    ],
  },
  {
    name: 'standalone session, flink-conf.yaml',
    prefixes: [
      'flink-configmap-1x',
      'flink-jobmanager-service',
      'flink-rest-service',
      'flink-jobmanager-deployment',
      'flink-taskmanager-deployment',
    ],
    choices: { 5: 'flink-conf.yaml', 6: 'flink-conf.yaml' },
  },
  {
    name: 'standalone application',
    prefixes: [
      'flink-configmap-2x',
      'flink-jobmanager-service',
      'flink-rest-service',
      'flink-application-job',
      'flink-taskmanager-deployment',
    ],
  },
  { name: 'operator session cluster and job', prefixes: ['flink-deployment-session', 'flink-session-job'] },
  { name: 'operator application', prefixes: ['flink-deployment-application'] },
  { name: 'operator session cluster', prefixes: ['flink-deployment-session'] },
  { name: 'HA RBAC', prefixes: ['flink-ha-rbac'] },
  { name: 'state PVC', prefixes: ['flink-state-pvc'] },
];

describe('snippets validate clean', () => {
  it('every snippet is in at least one validated set', () => {
    const covered = new Set(SETS.flatMap((s) => s.prefixes));
    for (const s of Object.values(SNIPPETS)) assert.ok(covered.has(s.prefix), s.prefix);
  });
  for (const set of SETS) {
    it(set.name, () => {
      // One file per snippet, as a user would keep them, validated as one set.
      const files = set.prefixes.map((p) => ({
        path: `${p}.yaml`,
        text: `${expand(byPrefix(p).body, set.choices)}\n`,
      }));
      const findings = validate(files);
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.range.start.line + 1}: ${f.severity} ${f.code}: ${f.message}`),
        [],
      );
    });
  }
  it('every choice of the flinkVersion and Service type tab stops validates clean', () => {
    for (const prefix of ['flink-deployment-session', 'flink-deployment-application']) {
      const body = byPrefix(prefix).body;
      const options = /\$\{3\|([^|]*)\|\}/.exec(body.join('\n'))?.[1].split(',') ?? [];
      assert.ok(options.length >= 7, prefix);
      for (const v of options) {
        // The image tag follows the chosen version, as a user would set it.
        const image = `flink:${v.slice(1).replace('_', '.')}-scala_2.12-java17`;
        const text = expand(body, { 3: v }).replace(/^ {2}image: .*$/m, `  image: ${image}`);
        assert.deepEqual(
          validate([{ path: 'fd.yaml', text }]).map((f) => `${f.code}: ${f.message}`),
          [],
          `${prefix} ${v}`,
        );
      }
    }
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer']) {
      const files = [
        'flink-configmap-2x',
        'flink-jobmanager-service',
        'flink-rest-service',
        'flink-jobmanager-deployment',
        'flink-taskmanager-deployment',
      ].map((p) => ({ path: `${p}.yaml`, text: expand(byPrefix(p).body, { 2: type }) }));
      assert.deepEqual(
        validate(files).map((f) => f.code),
        [],
        type,
      );
    }
  });
});
