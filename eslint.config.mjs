import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
