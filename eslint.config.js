// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Adapters and app code the pure core must never reach, by path. */
const outsideDomain = [
  '**/store/**',
  '**/gmail/**',
  '**/llm/**',
  '**/messaging/**',
  '**/components/**',
  '**/entrypoints/**',
  '**/replay/**',
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Adapters implement promise-returning ports with synchronous bodies (the in-memory store).
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The pure core: no browser, extension, storage, UI or network, and no clock of its own.
    files: ['lib/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['dexie', 'react', 'react-dom', 'openai', 'wxt', '#imports', 'webextension-polyfill'].map((name) => ({
            name,
            message: 'lib/domain is the pure core: pass adapters in instead.',
          })),
          patterns: [
            {
              group: ['node:*', 'wxt/*', '@inboxsdk/*', '@webext-core/*', 'react-dom/*', 'dexie/*'],
              message: 'lib/domain is the pure core: pass adapters in instead.',
            },
            { group: outsideDomain, message: 'lib/domain must not depend on adapters or app code.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'chrome',
          'browser',
          'fetch',
          'indexedDB',
          'localStorage',
          'navigator',
          'setTimeout',
          'setInterval',
          'process',
        ].map((name) => ({
          name,
          message: 'lib/domain is the pure core: pass adapters in instead.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'lib/domain takes time as a parameter.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'lib/domain takes time as a parameter.',
        },
      ],
    },
  },
  {
    // Libraries never import app code.
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['lib/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/components/**', '**/entrypoints/**'], message: 'lib/ never imports app code.' }] },
      ],
    },
  },
);
