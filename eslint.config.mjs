// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import ledgerRules from './scripts/eslint/boundaries.cjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '.tmp/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { ledger: ledgerRules },
    rules: {
      // Apps never import each other; libraries never import apps (scripts/eslint/boundaries.cjs).
      'ledger/boundaries': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Read time from the injected Clock.' },
      ],
    },
  },
  {
    // Tests and infrastructure may construct Dates (e.g. an event's `created`); business code may not.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'libs/event-store/**',
      'libs/common/src/clock.ts',
      'test/**',
      'bench/**',
      'scripts/**',
    ],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The domain is a pure decider: no framework, no I/O, no ambient time or randomness (STYLE.md).
    files: ['libs/ledger/**/*.ts', 'libs/limits/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@eventstore/*',
                'node:*',
                'better-sqlite3',
                '@lib/*',
                '!@lib/limits',
                '../../*',
              ],
              message: 'libs/ledger is pure: no framework, no I/O, no other lib but libs/limits.',
            },
          ],
          paths: [
            'fs',
            'path',
            'crypto',
            'os',
            'child_process',
            'http',
            'https',
            'net',
            'events',
            'util',
          ].map((name) => ({ name, message: 'libs/ledger is pure: no I/O.' })),
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Ids and randomness arrive through the context.',
        },
        { object: 'DateTime', property: 'now', message: 'Time arrives through the context.' },
        { object: 'DateTime', property: 'local', message: 'Time arrives through the context.' },
      ],
    },
  },
  {
    // Only libs/event-store speaks to EventStoreDB (STYLE.md).
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@eventstore/*'],
              message: 'Only libs/event-store imports the EventStoreDB client.',
            },
          ],
        },
      ],
    },
  },
  {
    // Import boundaries: libraries never reach into the apps, and the event store knows no domain.
    files: ['libs/!(event-store|ledger)/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@eventstore/*'],
              message: 'Only libs/event-store imports the EventStoreDB client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/event-store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@lib/*', '!@lib/event-store'],
              message: 'The event store is domain-agnostic: it imports no other lib and no app.',
            },
          ],
        },
      ],
    },
  },
);
