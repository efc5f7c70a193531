import { defineConfig, type ViteUserConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * Tests that run numform (or a CI kit) in a child process. Stryker sees only the process it runs the
 * tests in, so a mutant inside a child is never active there: these tests can kill no mutant and
 * would only cost minutes for each static mutant, which Stryker runs against every test.
 */
export const SPAWNING_TESTS = [
  'test/chaos/sigkill.test.ts',
  'test/e2e/process.test.ts',
  'test/e2e/sigterm.test.ts',
  'test/e2e/package.test.ts',
  'test/e2e/ci-examples.test.ts',
  'test/e2e/ci-comment.test.ts',
  'test/e2e/ci-kit-lint.test.ts',
];

/**
 * The suite of a mutation run: the tests in `include` (every test when left out), never a spawning
 * one. A narrower suite can only kill fewer mutants, so its score is a lower bound.
 */
export function defineMutationConfig(include?: string[]): ViteUserConfig {
  return defineConfig({
    ...base,
    test: { ...base.test, ...(include && { include }), exclude: SPAWNING_TESTS },
  });
}

export default defineMutationConfig();
