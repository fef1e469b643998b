// The lint gate (`npm run lint`, run by .ci/run with --max-warnings 0): typescript-eslint's
// type-aware recommended rules on the TypeScript sources, the plain recommended rules on the
// panel's JSX components. Formatting is Prettier's job (`npm run format`), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-artifacts/', 'server/generated/', 'data/', 'media/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Tests read supertest's untyped `res.body`: asserting on it is their job, so the
    // no-unsafe-* family would only add casts that prove nothing.
    files: ['**/*.test.ts', 'server/test/**', 'admin/test/test-support.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['admin/components/**/*.{js,jsx}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser, AdminJS: 'readonly' },
    },
    // The classic JSX transform needs React in scope without naming it.
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^React$' }] },
  },
  {
    files: ['**/*.{js,cjs}'],
    ignores: ['admin/components/**'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
);
