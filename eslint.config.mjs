import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`, `${name}/*`, `node:${name}/*`]);

/** What deterministic code (workflows, domain) may never import. */
const deterministicBans = {
  paths: [
    ...nodeBuiltins.map((name) => ({
      name,
      message: 'Node built-ins are not deterministic; keep I/O in activities.',
    })),
    { name: 'pg', message: 'Only src/db imports pg.' },
    { name: 'express', message: 'HTTP belongs to src/api.' },
    { name: '@temporalio/client', message: 'Workflows and domain code never use the client.' },
    { name: '@temporalio/worker', message: 'Workflows and domain code never use the worker.' },
    { name: '@temporalio/activity', message: 'Activity context is not available in workflows.' },
  ],
  patterns: [
    {
      group: ['**/activities', '**/activities/*', '**/activities/**'],
      allowTypeImports: true,
      message:
        'Workflows see activities only as types (proxyActivities<ReturnType<typeof createActivities>>).',
    },
    {
      group: ['**/db', '**/db/*', '**/payers', '**/payers/*', '**/api', '**/api/*'],
      message: 'Adapters and edges are not deterministic.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/workflows/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', deterministicBans],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment access in deterministic code.' },
        { name: 'setTimeout', message: 'Use workflow sleep/condition; domain code has no clock.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code has no clock: take the time as an argument.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code has no clock: take the time as an argument.',
        },
      ],
    },
  },
  {
    // HTTP bodies in tests are untyped JSON; assertions check their shape.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.mts'], ...tseslint.configs.disableTypeChecked },
);
