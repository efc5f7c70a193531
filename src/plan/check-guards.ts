import type { Diagnostic } from '../errors/diagnostic.ts';
import { countNoun, pluralize } from '../model/count-noun.ts';
import type { Policy } from '../model/desired.ts';
import { createGlobMatcher } from '../model/glob.ts';
import { splitByScope } from '../model/scope.ts';
import type { CurrentNumber } from '../model/number.ts';
import { NORMAL_NUMBER_PRICE_MICROS } from '../model/account.ts';
import { formatDollars } from '../model/money.ts';
import { estimateCost, peakMonthlyMicros } from './estimate-cost.ts';
import type { Plan } from './plan-types.ts';

/** octoDNS's proven thresholds: more than 30% of at least 10 managed numbers. */
export const MASS_RELEASE_MIN_MANAGED = 10;
export const MASS_RELEASE_MAX_FRACTION = 0.3;

/** The threshold as people read it: `30%`. */
export const MASS_RELEASE_PERCENT = `${Math.round(MASS_RELEASE_MAX_FRACTION * 100)}%`;

/**
 * Checks a plan against the safety guards before anything is applied: protected numbers are never
 * released; releasing every managed number, releasing from a configuration that declares none, and
 * releasing more than 30% of at least 10 managed numbers need `--allow-mass-delete`; purchases are
 * capped by policy (`max_purchases`), and so is the monthly cost a plan that buys numbers leaves
 * (`max_monthly_cost`, which no flag lifts). Each broken rule is an error diagnostic that says how
 * to proceed. Pure.
 */
export function checkGuards(
  plan: Plan,
  current: readonly CurrentNumber[],
  policy: Policy,
  options: {
    allowMassDelete?: boolean;
    /** How many numbers the configuration declares (when known): none is a warning sign. */
    declared?: number;
  } = {},
): Diagnostic[] {
  const violations: Diagnostic[] = [];
  const deletes = plan.changes.filter((c) => c.action === 'delete');

  const isProtected = createGlobMatcher(policy.protect);
  const protectedReleases = deletes.filter((c) => isProtected(c.number)).map((c) => c.number);
  if (protectedReleases.length > 0) {
    violations.push({
      severity: 'error',
      code: 'PROTECTED_RELEASE',
      message: `The plan would release protected ${pluralize(protectedReleases.length, 'number')} ${protectedReleases.join(', ')} (policy.protect: ${policy.protect.join(', ')}).`,
      hint: 'Declare them in a file, list them in policy.unmanaged, or set policy.prune to false. numform never releases a protected number.',
    });
  }

  // The denominator is what this configuration manages: in its scope, and not unmanaged.
  const isUnmanaged = createGlobMatcher(policy.unmanaged);
  const managed = splitByScope(current, policy).inScope.filter((n) => !isUnmanaged(n.number)).length;
  const massHint =
    'If that is intended, run again with --allow-mass-delete. Released normal numbers may be lost for good.';
  // An empty, comment-only or truncated file (a failed `numform export > numbers.yaml`) must never
  // empty the account, however small it is.
  if (!options.allowMassDelete && options.declared === 0 && deletes.length > 0) {
    violations.push({
      severity: 'error',
      code: 'EMPTY_CONFIGURATION',
      message: `The configuration declares no numbers, so the plan would release ${countNoun(deletes.length, 'number')} of the account. An empty or truncated file (a failed export, say) reads like this.`,
      hint: `Check the files you passed. ${massHint}`,
    });
  } else if (!options.allowMassDelete && deletes.length > 0 && deletes.length >= managed) {
    violations.push({
      severity: 'error',
      code: 'RELEASE_ALL',
      message: `The plan would release every managed number ${policy.scope ? 'in policy.scope' : 'of the account'} (${deletes.length}).`,
      hint: massHint,
    });
  } else if (
    !options.allowMassDelete &&
    managed >= MASS_RELEASE_MIN_MANAGED &&
    deletes.length > managed * MASS_RELEASE_MAX_FRACTION
  ) {
    const percent = Math.round((deletes.length / managed) * 100);
    violations.push({
      severity: 'error',
      code: 'MASS_RELEASE',
      message: `The plan would release ${deletes.length} of ${countNoun(managed, 'managed number')} (${percent}%, more than ${MASS_RELEASE_PERCENT}).`,
      hint: massHint,
    });
  }

  const purchases = plan.changes.filter((c) => c.action === 'create' && c.type === 'normal').length;
  if (purchases > policy.maxPurchases) {
    violations.push({
      severity: 'error',
      code: 'TOO_MANY_PURCHASES',
      message: `The plan would buy ${countNoun(purchases, 'normal number')}; policy.max_purchases allows ${policy.maxPurchases}.`,
      hint: 'Raise policy.max_purchases if these purchases are intended (each costs money), or apply in steps with --target.',
    });
  }
  const maxMonthly = policy.maxMonthlyCostMicros;
  // Only purchases raise the monthly cost: a plan that buys nothing is never refused for a cost
  // the account already has (unmanaged numbers, say).
  if (maxMonthly !== undefined && purchases > 0) {
    // Releases wait for the purchases, which VoIPBIN may never confirm: hold the limit to the most
    // a month can cost, releases held or made.
    const cost = estimateCost(plan, current);
    const monthlyMicros = peakMonthlyMicros(cost);
    const waiting =
      monthlyMicros > cost.monthlyMicros ? ' while its releases wait for its purchases to be confirmed' : '';
    if (monthlyMicros > maxMonthly) {
      const numbers = monthlyMicros / NORMAL_NUMBER_PRICE_MICROS;
      violations.push({
        severity: 'error',
        code: 'MONTHLY_COST_LIMIT',
        message: `After this plan the account's ${countNoun(numbers, 'normal number')} would cost ${formatDollars(monthlyMicros)} a month${waiting}; policy.max_monthly_cost allows ${formatDollars(maxMonthly)}.`,
        hint: 'Raise policy.max_monthly_cost if these purchases are intended, release normal numbers you no longer need, or buy fewer (--target). --allow-mass-delete does not lift this limit.',
      });
    }
  }
  return violations;
}
