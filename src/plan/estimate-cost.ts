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
  return {
    nowMicros: bought * NORMAL_NUMBER_PRICE_MICROS,
    monthlyMicros: (held - released + bought) * NORMAL_NUMBER_PRICE_MICROS,
  };
}

/** `Cost: $10.00 now, then $15.00 a month.` */
export function formatCost(cost: PlanCost): string {
  return `Cost: ${formatDollars(cost.nowMicros)} now, then ${formatDollars(cost.monthlyMicros)} a month.`;
}
