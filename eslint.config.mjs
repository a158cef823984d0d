import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.stack/', 'node_modules/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through platform/config.ts.' },
      ],
    },
  },
  {
    // The engine is a library: it imports nothing from the product (its tests included).
    files: ['topologies/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/**', '**/connectors/**', '**/api/**', '**/schemas/**', '**/test/**'],
              message: 'The stream engine is a library: it imports nothing from the product.',
            },
          ],
        },
      ],
    },
  },
  {
    // The product uses the engine's public surface (topologies/engine/index.ts) only.
    files: ['**/*.ts'],
    ignores: ['topologies/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/internals', '**/engine/internals/**'],
              message: "Use the engine's public surface (topologies/engine/index.ts), not its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['platform/config.ts', 'test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
