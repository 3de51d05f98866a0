import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const apps = [
  'api-gateway',
  'auth-svc',
  'financial-svc',
  'trading-svc',
  'comm-svc',
  'ai-core',
  'worker-financial',
  'worker-trading',
];

const crossAppMessage = 'Apps never import other apps: use packages/contracts clients and events.';

// Service boundaries: an app reaches another app only through packages/contracts.
const noAppImports = {
  patterns: [
    { regex: `(^|/)apps/|^@ai-service/(${apps.join('|')})(/|$)|^(\\.\\./)+(${apps.join('|')})/`, message: crossAppMessage },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.runtime/**', '.data/**', '**/generated/**', 'apps/web/dist/**', '**/drizzle/meta/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      'no-restricted-imports': ['error', noAppImports],
    },
  },
  {
    // Configuration is parsed once at boot (packages/config); everything else receives it.
    files: ['apps/**/*.ts', 'packages/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/*/src/main.ts', 'packages/testing/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from the parsed config object passed in.' }],
    },
  },
);
