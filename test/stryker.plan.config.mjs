// `npm run mutate:plan`: src/plan against the in-process tests that drive it (see the vitest config).
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/plan/**/*.ts'],
  vitest: { ...base.vitest, configFile: 'test/vitest.mutation-plan.config.ts' },
  jsonReporter: { fileName: '.mutation/plan.json' },
  htmlReporter: { fileName: '.mutation/plan.html' },
  incrementalFile: '.mutation/plan-incremental.json',
};
