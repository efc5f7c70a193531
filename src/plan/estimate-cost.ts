import { NORMAL_NUMBER_PRICE_MICROS } from '../model/account.ts';
import { formatDollars } from '../model/money.ts';
import type { CurrentNumber } from '../model/number.ts';
import { classifyStatus } from '../model/number-status.ts';
import type { Plan } from './plan-types.ts';

/** What a plan costs, in integer micros of a US dollar. */
export interface PlanCost {
  /** The purchases apply makes: $5.00 per normal number bought. */
  nowMicros: number;
  /** The renewals of every normal number the account holds once the plan is applied, per month. */
  monthlyMicros: number;
  /**
   * Per month while the plan's releases of normal numbers wait for its purchases to be confirmed
   * (VoIPBIN may never confirm one, and apply then holds the releases): every number bought, none
   * released. Present only when it differs from `monthlyMicros`.
   */
  untilReleasedMicros?: number;
}

/**
 * What applying a plan costs: each normal number bought costs $5.00 now, and every normal number
 * the account then holds (declared, unmanaged or not targeted alike) $5.00 a month. Virtual
 * numbers are free, a release refunds nothing, and a held release is not made by this apply, so
 * its number still costs. Pure; needs no facts about the account, as VoIPBIN's prices are the
 * same for every plan type and country.
 */
export function estimateCost(plan: Plan, current: readonly CurrentNumber[]): PlanCost {
  const isNormal = (type: string): boolean => type === 'normal';
  const bought = plan.changes.filter((c) => c.action === 'create' && isNormal(c.type)).length;
  const released = plan.changes.filter(
    (c) => c.action === 'delete' && isNormal(c.type) && c.reason?.code !== 'HELD',
  ).length;
  const held = current.filter((n) => isNormal(n.type) && classifyStatus(n.status) !== 'deleted').length;
  const monthlyMicros = (held - released + bought) * NORMAL_NUMBER_PRICE_MICROS;
  const untilReleasedMicros = (held + bought) * NORMAL_NUMBER_PRICE_MICROS;
  return {
    nowMicros: bought * NORMAL_NUMBER_PRICE_MICROS,
    monthlyMicros,
    ...(bought > 0 && released > 0 && { untilReleasedMicros }),
  };
}

/** The most a month costs once the plan is applied, releases held or made. */
export function peakMonthlyMicros(cost: PlanCost): number {
  return Math.max(cost.monthlyMicros, cost.untilReleasedMicros ?? 0);
}

/**
 * `Cost: $10.00 now, then $15.00 a month.`, and what a month costs while releases wait for the
 * purchases: `Cost: $5.00 now, then $15.00 a month ($20.00 a month until the releases run, which
 * wait for the purchases to be confirmed).`
 */
export function formatCost(cost: PlanCost): string {
  const now = `Cost: ${formatDollars(cost.nowMicros)} now, then ${formatDollars(cost.monthlyMicros)} a month`;
  if (cost.untilReleasedMicros === undefined) return `${now}.`;
  return `${now} (${formatDollars(cost.untilReleasedMicros)} a month until the releases run, which wait for the purchases to be confirmed).`;
}
