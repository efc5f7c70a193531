import { randomUUID } from 'node:crypto';
import { parseTimestampMicros } from '../api/timestamps.ts';
import { ensureAccessKey } from './access-keys.ts';
import { DEFAULT_BALANCE_MICROS, dollarsToMicros } from './billing.ts';
import type { SimState } from './sim-types.ts';

/** What the customer, its billing account and its access key look like; each overrides the seed. */
export interface AccountOptions {
  /** The customer's name (default `Simulated customer`). */
  customerName?: string;
  /** `none`, `pending`, `verified` (the default, so that purchases work) or `rejected`. */
  identityVerification?: string;
  /** The older form: false is `none`, true `verified`; `identityVerification` wins. */
  identityVerified?: boolean;
  /** The webhook signing secret GET /customer answers (default: random for each fresh account). */
  webhookSecret?: string;
  /** `free` (the default), `basic`, `professional` or `unlimited`. */
  planType?: string;
  /** The balance in micros of a US dollar (default 1,000,000,000: $1,000.00). */
  balanceMicros?: number;
  /** The older form: the balance in dollars; `balanceMicros` wins. */
  balance?: number;
  /** No billing account: GET /billing_account answers 409 STATE_INVALID and every purchase 500. */
  noBillingAccount?: boolean;
  /**
   * Overrides the plan type's virtual-number limit (0: no limit). The API does not show it, so the
   * simulator then disagrees with the plan type it shows: for tests of the purchase path only.
   */
  virtualLimit?: number;
  /** When the simulator's access key expires, RFC 3339; null or absent: never (unless the seed says). */
  accessKeyExpiresAt?: string | null;
}

/**
 * Applies the options to a fresh or loaded account, and makes sure it holds the simulator's access
 * key. A billing option on an account without a billing account gives it one, unless
 * `noBillingAccount` is set.
 */
export function applyAccountOptions(
  state: SimState,
  options: AccountOptions,
  accessKey: string,
  nowMicros: number,
): void {
  const c = state.customer;
  if (options.customerName !== undefined) c.name = options.customerName;
  if (options.identityVerified !== undefined)
    c.identityVerification = options.identityVerified ? 'verified' : 'none';
  if (options.identityVerification !== undefined) c.identityVerification = options.identityVerification;
  if (options.webhookSecret !== undefined) c.webhookSecret = options.webhookSecret;
  if (options.noBillingAccount) {
    state.billing = null;
  } else {
    const given =
      options.planType !== undefined ||
      options.balanceMicros !== undefined ||
      options.balance !== undefined ||
      options.virtualLimit !== undefined;
    if (given && !state.billing) {
      state.billing = {
        id: randomUUID(),
        planType: 'free',
        balanceMicros: DEFAULT_BALANCE_MICROS,
        tmCreate: nowMicros,
      };
    }
    const b = state.billing;
    if (b) {
      if (options.planType !== undefined) b.planType = options.planType;
      if (options.balance !== undefined) b.balanceMicros = dollarsToMicros(options.balance);
      if (options.balanceMicros !== undefined) b.balanceMicros = options.balanceMicros;
      if (options.virtualLimit !== undefined) b.virtualLimit = options.virtualLimit;
    }
  }
  const expiresAt =
    options.accessKeyExpiresAt === undefined ? undefined : parseTimestampMicros(options.accessKeyExpiresAt);
  ensureAccessKey(state, accessKey, nowMicros, expiresAt);
}
