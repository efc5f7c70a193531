import { internalError } from './sim-error.ts';
import type { SimBillingAccount, SimState } from './sim-types.ts';

/** The plan types of bin-billing-manager. */
export const PLAN_TYPES = ['free', 'basic', 'professional', 'unlimited'] as const;

/** The identity verification statuses of bin-customer-manager. */
export const IDENTITY_STATUSES = ['none', 'pending', 'verified', 'rejected'] as const;

/**
 * The billing manager's virtual-number limit per plan type; 0 means no limit. Kept apart from the
 * client's own table on purpose, so that a test comparing the two catches a drift.
 */
const VIRTUAL_LIMITS: Readonly<Record<string, number>> = {
  free: 5,
  basic: 50,
  professional: 500,
  unlimited: 0,
};

/** A normal number costs $5.00 (in micros), every country; virtual numbers are free. */
export const NORMAL_PRICE_MICROS = 5_000_000;

/** The balance of a fresh simulator: $1,000.00. */
export const DEFAULT_BALANCE_MICROS = 1_000_000_000;

/** Dollars, as older seeds and options give the balance, in integer micros. */
export function dollarsToMicros(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}

/**
 * The virtual-number limit check of a purchase: no billing account, or a plan type the billing
 * manager does not know, is an error (500), and so is a count at or above the limit.
 */
export function checkVirtualLimit(billing: SimBillingAccount | null, virtualCount: number): void {
  if (!billing) throw internalError();
  const limit = billing.virtualLimit ?? VIRTUAL_LIMITS[billing.planType];
  if (limit === undefined) throw internalError();
  if (limit > 0 && virtualCount >= limit) throw internalError();
}

/**
 * The balance check of a normal purchase: one price at a time, never summed over purchases in a
 * row (the charge arrives later by event), skipped for `unlimited`; no billing account is a 500.
 */
export function checkBalance(billing: SimBillingAccount | null): void {
  if (!billing) throw internalError();
  if (billing.planType !== 'unlimited' && billing.balanceMicros < NORMAL_PRICE_MICROS) throw internalError();
}

/**
 * Charges a normal purchase, at once. On the real server the charge comes a moment later, from the
 * billing manager's `number_created` event, so a quick burst of purchases may pass checks on a
 * balance that cannot pay them all; nothing promises that. Charging at once makes N purchases in a
 * row need N × $5.00, the most the real server can ask. An `unlimited` plan is charged too, with
 * no check, so its balance may go negative.
 */
export function chargePurchase(state: SimState): void {
  if (state.billing) state.billing.balanceMicros -= NORMAL_PRICE_MICROS;
}
