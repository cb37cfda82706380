// Bundles the extension host code, the CLI and the webview scripts with esbuild.
// `--production` minifies (for packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // flink-lint: a tiny bin that enables the compile cache, then the minified linter. ajv's compiler is
  // a separate file, loaded only if a schema lacks a precompiled validator (see buildValidators).
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    external: ['./lint.js'],
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
    plugins: [
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
 * Precompiled schema validators for flink-lint's cold start: ajv standalone code per shipped kind,
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
    const entryPoints = modules.map((m, i) => {
      const src = join(work, `v${i}.js`);
      writeFileSync(src, m.code);
      kinds[m.key] = `v${i}.js`;
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
