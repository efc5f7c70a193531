// Mutation testing of the rules that protect money, numbers and the key: `npm run mutate`.
// Not part of `npm test` or CI (tens of minutes on two cores). One folder at a time:
// `npm run mutate -- --mutate 'src/api/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 15_000,
  timeoutFactor: 2,
  mutate: [
    'src/plan/**/*.ts',
    'src/apply/**/*.ts',
    'src/api/**/*.ts',
    'src/reconcile/**/*.ts',
    'src/errors/**/*.ts',
  ],
  // Vitest strips types without checking them, so the sandbox needs no `// @ts-nocheck` headers;
  // adding them would also change the generated config types a test compares byte for byte.
  disableTypeChecks: false,
  ignorePatterns: ['.mutation', 'dist', 'coverage'],
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: '.mutation/mutation.json' },
  htmlReporter: { fileName: '.mutation/index.html' },
  thresholds: { high: 90, low: 85, break: null },
};
