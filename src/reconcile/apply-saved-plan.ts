import type { NumbersApi } from '../api/client.ts';
import { invalidConfigError } from '../config/config-error.ts';
import { checkSources, readConfigTexts } from '../config/load-config.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { compareText } from '../model/compare-text.ts';
import { preparePlan, type PreparedPlan } from './prepare-plan.ts';
import { diffPlannedNumbers, readSavedPlan } from './saved-plan.ts';

/**
 * The files whose text differs between the configuration a plan was made from and the one given
 * now: changed, only in the plan, or only given now. Sorted by name.
 */
export function diffConfigurations(planned: readonly SourceText[], given: readonly SourceText[]): string[] {
  const plannedBy = new Map(planned.map((f) => [f.file, f.text]));
  const givenBy = new Map(given.map((f) => [f.file, f.text]));
  const names = [...new Set([...plannedBy.keys(), ...givenBy.keys()])].sort(compareText);
  return names.flatMap((name) => {
    if (!givenBy.has(name)) return [`${name} (only in the plan)`];
    if (!plannedBy.has(name)) return [`${name} (not in the plan)`];
    return plannedBy.get(name) === givenBy.get(name) ? [] : [`${name} (changed)`];
  });
}

/**
 * Applies what was reviewed, and only that: the configuration at the given paths must be exactly
 * the one the plan was made from (so an edited plan file cannot smuggle in a release), the endpoint
 * the same, and a fresh plan from it equal to the saved one (so a stale or replayed plan is refused).
 */
export async function prepareSavedPlan(
  api: NumbersApi,
  plan: { path: string; shownPath: string; endpoint: string },
  configuration: { paths: readonly string[]; cwd: string },
): Promise<PreparedPlan> {
  const { path, shownPath, endpoint } = plan;
  const saved = readSavedPlan(path, shownPath);
  const given = readConfigTexts(configuration.paths, configuration.cwd);
  const differing = diffConfigurations(saved.configuration.files, given);
  if (differing.length > 0) {
    throw new NumformError(
      'PLAN_CONFIG_MISMATCH',
      `The plan ${shownPath} was not made from the configuration given: ${differing.join(', ')}. Nothing was changed.`,
      {
        hint: 'Apply a plan only to the files it was made from (the merged commit in CI), or make and review a new plan: `numform plan --out FILE PATH…`.',
      },
    );
  }
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
    releaseWhilePending: saved.options?.release_while_pending === true,
    sources: checked.sources,
  });
  if (prepared.context.plan_digest !== saved.plan_digest) {
    const numbers = diffPlannedNumbers(saved.changes, prepared.plan.changes);
    throw new NumformError(
      'STALE_PLAN',
      `The saved plan is stale: the account changed since it was made (or it was already applied). Differing: ${numbers.join(', ') || 'the plan as a whole'}. Nothing was changed.`,
      { hint: 'Make and review a new plan with `numform plan --out FILE`, then apply that.' },
    );
  }
  return prepared;
}
