// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What each folder of src/ may import; anything else is a lint error. Dependencies point one way:
 * the planner knows only the model, the simulator only the wire types it shares with the client,
 * and only the CLI sees everything.
 */
const ALLOWED_IMPORTS = {
  model: [],
  errors: ['model'],
  clock: [],
  config: ['model', 'errors'],
  api: ['model', 'errors', 'clock'],
  plan: ['model', 'errors'],
  apply: ['api', 'plan', 'model', 'errors', 'clock'],
  reconcile: ['api', 'config', 'edit', 'plan', 'model', 'errors'],
  edit: ['config', 'plan', 'model', 'errors'],
  sim: ['api'],
  cli: ['api', 'apply', 'clock', 'config', 'edit', 'errors', 'model', 'plan', 'reconcile', 'sim'],
};

function folderBoundaries() {
  const folders = Object.keys(ALLOWED_IMPORTS);
  const src = join(import.meta.dirname, '..', 'src');
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    if (entry.isDirectory() && !folders.includes(entry.name))
      throw new Error(
        `src/${entry.name} has no entry in ALLOWED_IMPORTS (.ci/eslint.config.js): say what it may import.`,
      );
  }
  return Object.entries(ALLOWED_IMPORTS).map(([folder, allowed]) => {
    const forbidden = folders.filter((f) => f !== folder && !allowed.includes(f));
    return {
      files: [`src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: forbidden.map((f) => ({
              regex: `^(\\.\\./)+${f}(/|$)`,
              message: `src/${folder} may import only ${allowed.join(', ') || 'nothing from other folders'}.`,
            })),
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      '.stryker-tmp/**',
      '.mutation/**',
      'src/config/numbers-config.gen.ts',
      'src/config/numbers-schema.gen.ts',
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
  ...folderBoundaries(),
  { files: ['**/*.{js,mjs}'], ...tseslint.configs.disableTypeChecked },
);
