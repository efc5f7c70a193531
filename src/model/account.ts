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
