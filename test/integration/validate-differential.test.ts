// Differential test: every validator finding that says the API server rejects something, against the
// test bed's real kube-apiserver (server-side apply, dryRun=All, fieldValidation=Strict, the operator's
// CRDs installed). Over the corpus (read in place), every scaffold output and a few thousand fast-check
// mutations of them. Both directions must agree:
//  - the validator says "rejects" => the server rejects;
//  - the server rejects for a reason a schema can judge (strict decoding: unknown or mistyped fields;
//    a custom resource's OpenAPI schema; an apiVersion it does not serve) => the validator says so.
// The server's own validation code for built-in kinds (name formats, value ranges, fields its Go code
// requires but the published schema does not) is a class the validator does not claim: those cases
// are counted and printed, not compared (docs/rules.md, "What the API server judges alone").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { validate } from '../../src/core';
import { createKubeClient, type KubeClient } from '../../src/kube/client';
import { loadKubeConfig } from '../../src/kube/config';
import { serverSideApply } from '../../src/kube/ssa';
import { testbedState } from '../support/testbed';
import { corpusCases, mutationCases, scaffoldCases, type Case, type Obj } from './validate-differential-cases';

const MUTATIONS = Number(process.env.DIFF_MUTATIONS ?? 1500);
/** Fixed per Flink version of the test bed (npm test runs the suite once per version: two samples). */
const seedFor = (flinkVersion: string) => Number(process.env.DIFF_SEED ?? 20261206 + Number.parseInt(flinkVersion, 10));
const CONCURRENCY = 8;
/** A finding "says the API server rejects" when its message says so (kubectl's client-side refusals are not asked). */
const SAYS_SERVER_REJECTS = /API server rejects/;

interface ServerVerdict {
  rejected: boolean;
  /** A rejection a schema can judge (see the header). */
  schemaClass: boolean;
  reason: string;
}

function bodyOf(e: unknown): { message?: string; details?: { causes?: { field?: string; message?: string }[] } } {
  const b = (e as { body?: unknown }).body;
  if (typeof b === 'string') {
    try {
      return JSON.parse(b) as ReturnType<typeof bodyOf>;
    } catch {
      return { message: b };
    }
  }
  return (b ?? {}) as ReturnType<typeof bodyOf>;
}

/** No HTTP answer at all (timeout, reset on a loaded machine): asked again, never counted as a verdict. */
async function askServer(client: KubeClient, object: Obj): Promise<ServerVerdict> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await askOnce(client, object);
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

async function askOnce(client: KubeClient, object: Obj): Promise<ServerVerdict> {
  try {
    await serverSideApply(client.objects, object as never, { dryRun: true });
    return { rejected: false, schemaClass: false, reason: 'accepted' };
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    if (/Unrecognized API version and kind/.test(msg))
      return { rejected: true, schemaClass: true, reason: `not served: ${object.apiVersion} ${object.kind}` };
    const code = (e as { code?: number }).code;
    if (typeof code !== 'number') throw e;
    const body = bodyOf(e);
    const reason = `${code}: ${body.message ?? msg.split('\n')[0]}`;
    if (code === 409) return { rejected: false, schemaClass: false, reason }; // validated, then exists
    if (code === 400) return { rejected: true, schemaClass: true, reason };
    // Server-side apply answers 500 when the object does not convert to the kind's typed schema (unknown
    // field, wrong type): a verdict on the object, not a server fault.
    if (code === 500 && /failed to create typed patch object|unable to convert unstructured/.test(reason))
      return { rejected: true, schemaClass: true, reason };
    if (code === 422) {
      const custom = String(object.apiVersion).startsWith('flink.apache.org/');
      const causes = body.details?.causes ?? [];
      const schemaClass = custom && causes.some((c) => !String(c.field ?? '').startsWith('metadata'));
      return { rejected: true, schemaClass, reason };
    }
    return { rejected: true, schemaClass: true, reason: `unexpected answer ${reason}` };
  }
}

function validatorVerdict(object: Obj): string[] {
  const text = stringify(object, { lineWidth: 0 });
  return validate([{ path: '/diff/case.yaml', text }])
    .filter((f) => f.severity === 'error' && SAYS_SERVER_REJECTS.test(f.message))
    .map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`);
}

async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

describe('validator findings against the real API server (differential)', () => {
  const state = testbedState();
  const home = mkdtempSync(join(tmpdir(), 'validate-diff-kubectl-'));
  const namespace = `validate-diff-${process.pid}`;
  let client: KubeClient;
  let installedCrds = false;

  function kubectl(...args: string[]) {
    return spawnSync(String(state.kubectl), ['--kubeconfig', state.kubeconfig, '--context', state.context, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, HOME: home },
    });
  }

  before(async () => {
    const crds = ['flinkdeployments', 'flinksessionjobs', 'flinkstatesnapshots', 'flinkbluegreendeployments'].map(
      (p) => `${p}.flink.apache.org`,
    );
    const have = kubectl('get', 'crd', ...crds, '--ignore-not-found', '-o', 'name');
    assert.equal(have.status, 0, have.stderr);
    if (have.stdout.trim().split('\n').filter(Boolean).length < crds.length) {
      const a = kubectl('apply', '--server-side', '-f', state.operatorCrdsDir);
      assert.equal(a.status, 0, a.stderr);
      installedCrds = !have.stdout.trim();
    }
    const w = kubectl('wait', '--for=condition=Established', '--timeout=60s', ...crds.map((c) => `crd/${c}`));
    assert.equal(w.status, 0, w.stderr);
    const ns = kubectl('create', 'namespace', namespace);
    assert.equal(ns.status, 0, ns.stderr);
    const kc = loadKubeConfig({ kubeconfigPath: state.kubeconfig, context: state.context });
    client = createKubeClient(kc, { timeoutMs: 60_000 });
  });

  after(() => {
    kubectl('delete', 'namespace', namespace, '--wait=false', '--ignore-not-found');
    if (installedCrds) kubectl('delete', '--ignore-not-found', '--wait=false', '-f', state.operatorCrdsDir);
    rmSync(home, { recursive: true, force: true });
  });

  it('agrees on the corpus, every scaffold output and fast-check mutations of them', { timeout: 600_000 }, async () => {
    const t0 = Date.now();
    const corpus = corpusCases();
    const scaffolds = scaffoldCases();
    // CRDs are seeds to compare, not to mutate (4,000 lines of schema each).
    const seeds = [...corpus, ...scaffolds].filter((c) => c.object.kind !== 'CustomResourceDefinition');
    const seed = seedFor(state.flinkVersion);
    const mutations = mutationCases(seeds, MUTATIONS, seed);
    const cases: Case[] = [...corpus, ...scaffolds, ...mutations];
    let clusterScoped = 0;
    const prepared = cases.map((c) => {
      const object = JSON.parse(JSON.stringify(c.object)) as Obj;
      const meta = (object.metadata ?? {}) as Obj;
      if (typeof meta === 'object' && meta && !Array.isArray(meta)) {
        // Namespaced objects go to this test's empty namespace; the server ignores it on cluster-scoped ones.
        meta.namespace = namespace;
        object.metadata = meta;
      }
      if (['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition'].includes(String(object.kind)))
        clusterScoped++;
      return { ...c, object };
    });
    const results = await pool(prepared, CONCURRENCY, async (c) => {
      const v = validatorVerdict(c.object);
      const s = await askServer(client, c.object);
      return { c, v, s };
    });
    const disagreements: string[] = [];
    const outside = new Map<string, number>();
    let rejectedBoth = 0;
    let acceptedBoth = 0;
    for (const { c, v, s } of results) {
      if (v.length && !s.rejected)
        disagreements.push(`${c.origin}\n  validator: ${v.join('\n             ')}\n  server: accepted`);
      else if (!v.length && s.rejected && s.schemaClass)
        disagreements.push(`${c.origin}\n  validator: no rejection\n  server: ${s.reason}`);
      else if (v.length) rejectedBoth++;
      else if (s.rejected) {
        const key = s.reason.replace(/"[^"]*"/g, '"…"').slice(0, 160);
        outside.set(key, (outside.get(key) ?? 0) + 1);
      } else acceptedBoth++;
    }
    const outsideCount = [...outside.values()].reduce((a, b) => a + b, 0);
    console.log(
      `differential: ${results.length} cases compared (${corpus.length} corpus, ${scaffolds.length} scaffold, ` +
        `${mutations.length} mutations, seed ${seed}; ${clusterScoped} cluster-scoped) in ${Date.now() - t0} ms: ` +
        `${acceptedBoth} accepted by both, ${rejectedBoth} rejected by both, ${outsideCount} rejected by the ` +
        `server's own validation code only (not compared), ${disagreements.length} disagreements`,
    );
    for (const [k, n] of [...outside].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`  server-only x${n}: ${k}`);
    // The comparison is not vacuous: the mutations produce rejections of both kinds.
    assert.ok(rejectedBoth > MUTATIONS / 10, `only ${rejectedBoth} cases rejected by both`);
    assert.ok(acceptedBoth > corpus.length, `only ${acceptedBoth} cases accepted by both`);
    assert.deepEqual(disagreements.slice(0, 30), [], `${disagreements.length} disagreements`);
  });
});
