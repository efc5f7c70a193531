// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { join } from 'node:path';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      '.stryker-tmp/**',
      '.mutation/**',
      'src/config/numbers-config.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: join(import.meta.dirname, '..') },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks a value destructured only to leave it out.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    // Dependencies point one way (design.md §7): the planner knows only model types,
    // and no product code outside the CLI reaches for the simulator.
    files: ['src/plan/**/*.ts', 'src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['../api/*', '../apply/*', '../cli/*', '../sim/*', '../config/*'] },
      ],
    },
  },
  {
    files: ['src/api/**/*.ts', 'src/apply/**/*.ts', 'src/config/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../sim/*', '../cli/*'] }] },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
