import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const engineInternals = {
  group: ['**/engine/internals', '**/engine/internals/**'],
  message: "Use the engine's public surface (topologies/engine/index.ts), not its internals.",
};

/** `files` may import none of the top-level `folders`. */
function houseRule(files, folders, message, ignores = []) {
  const group = folders.flatMap((folder) => [`**/${folder}/**`, `../${folder}`, `../../${folder}`]);
  return {
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals, { group, message }] }] },
  };
}

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
  // The house's floors (docs/architecture.md): what a folder must never import. Each block repeats
  // the engine-internals pattern, since a later no-restricted-imports replaces an earlier one.
  houseRule(
    ['platform/**/*.ts'],
    ['api', 'app', 'billing', 'connectors', 'topologies'],
    'The ground floor imports no product folder.',
  ),
  houseRule(
    ['billing/**/*.ts'],
    ['api', 'app', 'connectors', 'topologies'],
    'The billing domain imports no role.',
  ),
  houseRule(
    ['connectors/**/*.ts'],
    ['api', 'app', 'topologies'],
    'Connectors never import the API, the processors or the composition root.',
  ),
  houseRule(
    ['topologies/**/*.ts'],
    ['api', 'app', 'connectors'],
    'Processors never import the API, the connectors or the composition root: topic records are contracts in schemas/, and the sinks they write through come from the composition root (topologies/sink-ports.ts).',
    ['topologies/engine/**', 'topologies/**/*.test.ts'],
  ),
  {
    files: ['platform/config.ts', 'test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
