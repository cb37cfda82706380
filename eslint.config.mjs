import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// Feature folders never import one another; what two features share lives in features/shared.
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'shared')
  .map((e) => e.name);
const featureRules = features.map((name) => ({
  files: [`src/features/${name}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: features.filter((f) => f !== name).flatMap((f) => [`../${f}`, `../${f}/*`]),
            message: 'Feature folders do not import each other: move what they share to src/features/shared.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.testbed/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...featureRules,
  {
    files: ['src/features/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: features.flatMap((f) => [`../${f}`, `../${f}/*`]),
              message: 'features/shared is below the feature folders: it never imports one.',
            },
          ],
        },
      ],
    },
  },
  {
    // Promises that nobody awaits lose their errors; a promise where VS Code expects a plain callback
    // is never awaited either. Type-aware, for the extension's and the CLI's own code.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The layers below features/ are reused by the CLI and tested with plain Node.
    files: ['src/core/**', 'src/kube/**', 'src/flink/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'core/, kube/, flink/ and cli/ must not import vscode (see DESIGN.md layers).' },
          ],
          patterns: [
            {
              group: ['**/features/**', '**/extension'],
              message: 'Imports point down the layers: features import core, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'core/ is pure TypeScript.' }],
          patterns: [
            {
              group: ['**/features/**', '**/kube/**', '**/flink/**', 'node:*'],
              message: 'core/ is pure: no I/O, no upper layers.',
            },
          ],
        },
      ],
    },
  },
);
