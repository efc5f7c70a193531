/**
 * The code a plan is made and shown with. `plan` loads it once the account's first requests have
 * left: loading it takes tens of milliseconds, which every request would otherwise wait for, as
 * each one after the first burst waits for the one before it.
 */
export { colorsFor } from './colors.ts';
export { writeOutputFile } from './output-file.ts';
export { refusalError, renderPlan } from './plan-output.ts';
export { planHasDifferences } from '../plan/plan-types.ts';
export { preparePlan } from '../reconcile/prepare-plan.ts';
export { writeSavedPlan } from '../reconcile/saved-plan.ts';
