/**
 * What VoIPBIN tells an access key about the account it acts for, as far as it decides whether a
 * plan can be applied and what it costs. Never the rest of those answers: GET /customer also holds
 * the webhook signing secret, which numform never keeps.
 */
export interface AccountFacts {
  customer: {
    id: string;
    name: string;
    /** `none`, `pending`, `verified` or `rejected`; only `verified` may buy normal numbers. */
    identityVerification: string;
  };
  /** Undefined when the customer has no billing account (409): every purchase would fail. */
  billing?: {
    /** `free`, `basic`, `professional` or `unlimited`; open, as the API does not promise the set. */
    planType: string;
    /** The balance in micros of a US dollar (may be negative). */
    balanceMicros: number;
  };
  /** This access key, found by its prefix in GET /accesskeys; undefined when it is not listed. */
  accessKey?: {
    /** When it expires (RFC 3339), or null when it does not. */
    expiresAt: string | null;
  };
}

/** A normal number costs $5.00 to buy and $5.00 per monthly renewal; virtual numbers are free. */
export const NORMAL_NUMBER_PRICE_MICROS = 5_000_000;

/** The most non-deleted virtual numbers each plan type allows; absent means no limit. */
export const VIRTUAL_NUMBER_LIMITS: Readonly<Record<string, number>> = {
  free: 5,
  basic: 50,
  professional: 500,
};

/** The limit on non-deleted virtual numbers of an account's plan type; undefined when none. */
export function virtualNumberLimit(facts: AccountFacts): number | undefined {
  return facts.billing === undefined ? undefined : VIRTUAL_NUMBER_LIMITS[facts.billing.planType];
}

/** True when VoIPBIN checks the balance before a purchase or renewal (every plan but `unlimited`). */
export function checksBalance(billing: NonNullable<AccountFacts['billing']>): boolean {
  return billing.planType !== 'unlimited';
}

/** A normal number is renewed once its last renewal (`tm_renew`) is this many days old. */
export const RENEWAL_AGE_DAYS = 28;

const DAY_MS = 86_400_000;

/**
 * When VoIPBIN's daily sweep renews a normal number next (ms since the epoch): 28 days after its
 * last renewal, and never twice in one calendar month (UTC), so not before the first day of the
 * month after it. Undefined without `tm_renew` (virtual numbers): the sweep never selects those.
 */
export function nextRenewalAt(tmRenew: string | null): number | undefined {
  if (tmRenew === null) return undefined;
  const last = Date.parse(tmRenew);
  if (Number.isNaN(last)) return undefined;
  const date = new Date(last);
  const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return Math.max(last + RENEWAL_AGE_DAYS * DAY_MS, nextMonth);
}
