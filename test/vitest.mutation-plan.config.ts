import { defineMutationConfig } from './vitest.mutation.config.ts';

/**
 * `npm run mutate:plan`: the tests that drive the planner in-process. The CLI's end-to-end tests
 * plan too, but each covers most of the planner and takes seconds, which made the folder's run
 * hours long; they are left out, so the score is a lower bound. `show` is the one reader of a saved
 * plan's JSON (`read-plan-document.ts`), so its tests stay.
 */
export default defineMutationConfig([
  'test/plan/**/*.test.ts',
  'test/laws/**/*.test.ts',
  'test/reconcile/**/*.test.ts',
  'test/apply/**/*.test.ts',
  'test/edit/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/e2e/show.test.ts',
]);
