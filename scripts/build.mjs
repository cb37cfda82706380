// Bundles the extension host code, the CLI and the webview scripts with esbuild.
// `--production` minifies (for packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// flink-lint keeps its large data (the Flink option catalog, the shipped schemas) beside the bundle in
// dist/lint-data/, read by Node's JSON loader when a run first needs it (core requires them lazily):
// inlined, they were a third of the bundle, and a V8 code cache holds every string literal again.
const LINT_DATA = {
  'options.json': 'src/core/flinkconf/catalog/options.json',
  'kubernetes.json': 'schemas/kubernetes.json',
  'flink-operator.json': 'schemas/flink-operator.json',
};
const lintDataApart = {
  name: 'lint-data-apart',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(options|kubernetes|flink-operator)\.json$/ }, (args) => {
      const name = args.path.slice(args.path.lastIndexOf('/') + 1);
      return { path: `./lint-data/${name}`, external: true };
    });
    b.onEnd(() => {
      mkdirSync('dist/lint-data', { recursive: true });
      for (const [name, from] of Object.entries(LINT_DATA)) copyFileSync(from, join('dist', 'lint-data', name));
    });
  },
};

const undiciApart = {
  name: 'undici-apart',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

// The shipped schemas' id as src/core/schema/shipped.ts derives it, for flink-lint's check that its
// precompiled validators match (src/cli/precompiled.ts) without parsing the schemas at run time.
// Should the two ever differ, the CLI compiles with ajv (slow, still right; a unit test notices).
function shippedSchemasId() {
  const bundles = ['schemas/kubernetes.json', 'schemas/flink-operator.json']
    .map((f) => JSON.parse(readFileSync(f, 'utf8')))
    .filter((b) => Object.keys(b.kinds ?? {}).length > 0);
  return `shipped:${bundles.map((b) => `${b.$id}@${b.version ?? '0'}`).join(',')}`;
}

// @kubernetes/client-node (about 5 MB bundled) stays out of activation: it is its own bundle,
// dist/client-node.js, and the extension's imports of it go through a shim whose exports are
// getters that load it on first use (the first kube feature a user touches).
const CLIENT_NODE = join('dist', 'client-node.js');
function clientNodeShim(names) {
  return {
    name: 'client-node-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: 'client-node', namespace: 'lazy' }));
      b.onResolve({ filter: /^\.\/client-node\.js$/, namespace: 'lazy' }, (a) => ({ path: a.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        loader: 'js',
        contents: `let m;
const load = () => (m ??= require('./client-node.js'));
for (const k of ${JSON.stringify(names)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });`,
      }));
    },
  };
}
/** The value imports of @kubernetes/client-node in src/ (all of it, unshaken, would be 14 MB). */
function clientNodeImports(dir = 'src', out = new Set()) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) clientNodeImports(p, out);
    else if (p.endsWith('.ts'))
      for (const m of readFileSync(p, 'utf8').matchAll(/^import\s*\{([^}]*)\}\s*from\s*'@kubernetes\/client-node'/gm))
        for (const n of (m[1] ?? '').split(',').map((x) => x.trim()))
          if (n && !n.startsWith('type ')) out.add(n.split(/\s+as\s+/)[0]);
  }
  return [...out].sort();
}
async function buildClientNode() {
  await esbuild.build({
    ...common,
    stdin: {
      contents: `export { ${clientNodeImports().join(', ')} } from '@kubernetes/client-node';`,
      resolveDir: resolve('.'),
    },
    outfile: CLIENT_NODE,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  // Its export names, for the shim (require in a child: loading it here would hold the build's memory).
  const r = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(resolve(CLIENT_NODE))}))))`],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`cannot read ${CLIENT_NODE}'s exports: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const clientNodeNames = await buildClientNode();

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    banner: { js: 'var __flinkLoadStart = performance.now();' },
    // Activation parses the whole bundle: the option catalog and schemas are read from dist/lint-data/
    // on first use, and undici (only for a cluster's caFile) is its own bundle, dist/undici.js.
    plugins: [clientNodeShim(clientNodeNames), lintDataApart, undiciApart],
  },
  {
    ...common,
    entryPoints: ['node_modules/undici/index.js'],
    outfile: 'dist/undici.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
  // The log viewer's whole-log search runs in a worker thread (src/features/logs/search-all.ts).
  {
    ...common,
    entryPoints: ['src/features/logs/search-worker.ts'],
    outfile: 'dist/log-search-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // flink-lint: a tiny bin that loads the minified linter through a code cache (src/cli/code-cache.ts).
  // ajv's compiler is a separate file, loaded only if a schema lacks a precompiled validator (see buildValidators).
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/lint.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    define: { FLINK_SHIPPED_SCHEMAS_ID: JSON.stringify(shippedSchemasId()) },
    plugins: [
      lintDataApart,
      {
        name: 'ajv-apart',
        setup(b) {
          b.onResolve({ filter: /^ajv$/ }, () => ({ path: './ajv-compiler.js', external: true }));
        },
      },
    ],
  },
  {
    ...common,
    entryPoints: ['node_modules/ajv/dist/ajv.js'],
    outfile: 'dist/ajv-compiler.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: false,
  },
];

// Webview front-ends: one bundle per page, browser platform.
for (const page of ['logs', 'jobgraph', 'memory']) {
  const entry = `media/src/${page}/main.ts`;
  if (existsSync(entry)) {
    builds.push({
      ...common,
      entryPoints: [entry],
      outfile: `dist/media/${page}.js`,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    });
  }
}

/**
 * Precompiled schema validators for flink-lint's cold start: ajv standalone code per shipped kind
 * (kinds with a pod spec share one module),
 * each bundled with the ajv runtime helpers it requires, into dist/validators/ (never committed).
 * dist/validators/index.json maps apiVersion/kind to its module and names the schema set it was built from.
 */
async function buildValidators() {
  const root = resolve('.');
  const work = mkdtempSync(join(tmpdir(), 'flink-validators-'));
  try {
    const generator = join(work, 'precompile.cjs');
    await esbuild.build({
      entryPoints: ['src/core/schema/precompile.ts'],
      outfile: generator,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    const { providerId, modules } = createRequire(import.meta.url)(generator).precompileShipped();
    const kinds = {};
    // index.json: apiVersion/kind -> `file` (the module is the validator) or `file#export`.
    const entryPoints = modules.map((m, i) => {
      const src = join(work, `v${i}.js`);
      writeFileSync(src, m.code);
      for (const [key, name] of Object.entries(m.kinds)) kinds[key] = name ? `v${i}.js#${name}` : `v${i}.js`;
      return src;
    });
    const out = join(root, 'dist', 'validators');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    await esbuild.build({
      entryPoints,
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      nodePaths: [join(root, 'node_modules')],
    });
    writeFileSync(join(out, 'index.json'), JSON.stringify({ providerId, kinds }, null, 1) + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const present = builds.filter((b) => b.entryPoints.every((e) => existsSync(e)));
if (watch) {
  for (const b of present) await (await esbuild.context(b)).watch();
} else {
  await Promise.all([...present.map((b) => esbuild.build(b)), buildValidators()]);
}
