import type { Linter } from 'eslint';

/**
 * Architecture boundaries, as ESLint config blocks: the pure core reaches no adapter, browser,
 * clock or network, and libraries never import app code. tests/lint/boundaries.test.ts proves
 * each block fires.
 */

const PURE_CORE = 'lib/domain is the pure core: pass adapters in instead.';

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

export const pureCore: Linter.Config = {
  files: ['lib/domain/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: ['dexie', 'react', 'react-dom', 'openai', 'wxt', '#imports', 'webextension-polyfill'].map((name) => ({
          name,
          message: PURE_CORE,
        })),
        patterns: [
          {
            group: ['node:*', 'wxt/*', '@inboxsdk/*', '@webext-core/*', 'react-dom/*', 'dexie/*'],
            message: PURE_CORE,
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
      ].map((name) => ({ name, message: PURE_CORE })),
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
};

export const librariesStayLibraries: Linter.Config = {
  files: ['lib/**/*.ts', 'lib/**/*.tsx'],
  ignores: ['lib/domain/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: ['**/components/**', '**/entrypoints/**'], message: 'lib/ never imports app code.' }] },
    ],
  },
};
