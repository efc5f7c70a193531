import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The folder boundaries are only worth something if `npm run lint` really fails on a crossing.
const root = fileURLToPath(new URL('../..', import.meta.url));
// Type-aware rules need files on disk; the import rule does not, so they are off for these snippets.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: '.ci/eslint.config.js',
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
    { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
  ],
});

async function lintImport(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${specifier}';\n`, { filePath: `${root}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('folder boundaries', () => {
  it.each([
    ['src/plan/x.ts', '../apply/apply-plan.ts'],
    ['src/plan/x.ts', '../api/client.ts'],
    ['src/model/x.ts', '../plan/plan-types.ts'],
    ['src/api/x.ts', '../sim/server.ts'],
    ['src/apply/x.ts', '../cli/run.ts'],
    ['src/config/x.ts', '../reconcile/saved-plan.ts'],
    ['src/sim/x.ts', '../plan/plan-types.ts'],
    ['src/reconcile/x.ts', '../cli/context.ts'],
    ['src/errors/x.ts', '../plan/plan-types.ts'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await lintImport(file, specifier)).toEqual([expect.stringContaining('may import only')]);
  });

  it.each([
    ['src/apply/x.ts', '../plan/plan-types.ts'],
    ['src/cli/commands/x.ts', '../../sim/server.ts'],
    ['src/reconcile/x.ts', '../config/load-config.ts'],
    ['src/plan/x.ts', './build-plan.ts'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await lintImport(file, specifier)).toEqual([]);
  });
});
