import type { NumbersApi } from '../api/client.ts';
import { invalidConfigError } from '../config/config-error.ts';
import { checkSources } from '../config/load-config.ts';
import { NumformError } from '../errors/numform-error.ts';
import { preparePlan, type PreparedPlan } from './prepare-plan.ts';
import { diffPlannedNumbers, readSavedPlan } from './saved-plan.ts';

/** Re-plans from a saved plan's configuration and accepts it only if the plan is unchanged. */
export async function prepareSavedPlan(
  api: NumbersApi,
  path: string,
  shownPath: string,
  endpoint: string,
): Promise<PreparedPlan> {
  const saved = readSavedPlan(path, shownPath);
  if (saved.endpoint !== endpoint) {
    throw new NumformError(
      'PLAN_ENDPOINT_MISMATCH',
      `The plan was made for ${saved.endpoint}, not ${endpoint}.`,
      {
        hint: 'Apply it against the endpoint it was made for, or make a new plan.',
      },
    );
  }
  const checked = checkSources(saved.configuration.files);
  if (!checked.desired) throw invalidConfigError(checked.issues, checked.sources);
  const desired = checked.desired;
  const prepared = await preparePlan(api, desired, {
    endpoint,
    targets: saved.targets,
    allowMassDelete: saved.options?.allow_mass_delete === true,
    sources: checked.sources,
  });
  if (prepared.context.plan_digest !== saved.plan_digest) {
    const differing = diffPlannedNumbers(saved.changes, prepared.plan.changes);
    throw new NumformError(
      'STALE_PLAN',
      `The saved plan is stale: the account changed since it was made (or it was already applied). Differing: ${differing.join(', ') || 'the plan as a whole'}. Nothing was changed.`,
      { hint: 'Make and review a new plan with `numform plan --out FILE`, then apply that.' },
    );
  }
  return prepared;
}
