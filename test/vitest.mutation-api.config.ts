import { defineMutationConfig } from './vitest.mutation.config.ts';

/**
 * `npm run mutate:api`: the tests of the client, the transport and the simulator it is checked
 * against, in-process. The CLI's end-to-end tests are left out (each covers most of the client and
 * takes seconds), so the score is a lower bound.
 */
export default defineMutationConfig([
  'test/api/**/*.test.ts',
  'test/sim/**/*.test.ts',
  'test/unit/**/*.test.ts',
  'test/apply/**/*.test.ts',
  'test/reconcile/**/*.test.ts',
  'test/laws/**/*.test.ts',
  'test/hostile/server-answers.test.ts',
]);
