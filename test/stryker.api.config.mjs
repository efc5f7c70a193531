// `npm run mutate:api`: src/api against the in-process tests that drive it (see the vitest config).
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/api/**/*.ts'],
  vitest: { ...base.vitest, configFile: 'test/vitest.mutation-api.config.ts' },
  jsonReporter: { fileName: '.mutation/api.json' },
  htmlReporter: { fileName: '.mutation/api.html' },
  incrementalFile: '.mutation/api-incremental.json',
};
