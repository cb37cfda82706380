// Bundles the extension host code, the CLI and the webview scripts with esbuild.
// `--production` minifies (for packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// Webview front-ends: one bundle per page, browser platform.
for (const page of ['logs', 'jobgraph']) {
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

const present = builds.filter((b) => b.entryPoints.every((e) => existsSync(e)));
if (watch) {
  for (const b of present) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(present.map((b) => esbuild.build(b)));
}
