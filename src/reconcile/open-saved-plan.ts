import { checkSources } from '../config/load-config.ts';
import { NumformError } from '../errors/numform-error.ts';
import { digestOf } from '../plan/digest.ts';
import type { Plan } from '../plan/plan-types.ts';
import { readPlanDocument } from '../plan/read-plan-document.ts';
import { toChangeDocument, type PlanContext } from '../plan/render-json.ts';
import { digestConfig } from './prepare-plan.ts';
import { readSavedPlan } from './saved-plan.ts';

const HINT =
  'Pass a file written by `numform plan --out FILE`, as it was written; make a new plan if in doubt.';

/**
 * Reads a saved plan to show it, offline: the same checks as `apply --plan` makes of the file
 * (format, shape), then its digests: the changes must be the ones the plan digest was made of, and
 * the configuration it carries the one the config digest names. A plan edited by hand fails here
 * rather than being shown as if numform had made it.
 */
export function openSavedPlan(path: string, shownPath: string): { plan: Plan; context: PlanContext } {
  // Cost, warnings, account and options are shown as the file says: reading it checks the
  // document digest, which catches an edit of any of them.
  const saved = readSavedPlan(path, shownPath);
  const read = readPlanDocument(saved);
  if (!read.ok) {
    throw new NumformError('BAD_PLAN_FILE', `${shownPath} is not a numform plan: ${read.problem}.`, {
      hint: HINT,
    });
  }
  const { plan, context } = read;
  const planDigest = digestOf({ changes: plan.changes.map(toChangeDocument), targets: context.targets });
  const checked = checkSources(saved.configuration.files);
  if (
    planDigest !== saved.plan_digest ||
    !checked.desired ||
    digestConfig(checked.desired) !== saved.config_digest
  ) {
    throw new NumformError(
      'TAMPERED_PLAN',
      `${shownPath} was changed after numform wrote it: its digests do not match its content.`,
      { hint: HINT },
    );
  }
  return { plan, context };
}
