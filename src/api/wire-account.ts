/**
 * The account endpoints' answers, as the server's code marshals them. The simulator renders them
 * whole; the client reads only the few fields it needs and never keeps the rest.
 */

/**
 * GET /customer: the caller's customer (`SelfWebhookMessage`). Fields with `omitempty` are absent
 * when empty. It carries `webhook_secret`, the customer's webhook signing secret, which numform
 * must never print, log or save.
 */
export interface WireCustomer {
  id: string;
  name?: string;
  detail?: string;
  email?: string;
  phone_number?: string;
  address?: string;
  webhook_method?: string;
  webhook_uri?: string;
  /** The nil UUID when the customer has no billing account. */
  billing_account_id: string;
  metadata: { rtp_debug: boolean };
  email_verified: boolean;
  status: string;
  /** `none`, `pending`, `verified` or `rejected`. */
  identity_verification_status: string;
  tm_deletion_scheduled: string | null;
  tm_create: string | null;
  tm_update: string | null;
  tm_delete: string | null;
  webhook_secret?: string;
}

/** GET /billing_account: the customer's billing account. */
export interface WireBillingAccount {
  id: string;
  customer_id: string;
  name: string;
  detail: string;
  /** `free`, `basic`, `professional` or `unlimited`. */
  plan_type: string;
  plan_status: string;
  /** Micros of a US dollar (int64); may be negative. */
  balance_credit: number;
  balance_token: number;
  payment_type: string;
  payment_method: string;
  paddle_subscription_id?: string;
  paddle_customer_id?: string;
  tm_last_topup: string | null;
  tm_next_topup: string | null;
  tm_create: string | null;
  tm_update: string | null;
  tm_delete: string | null;
}

/** An entry of GET /accesskeys: never the key itself, only its first 11 characters. */
export interface WireAccessKey {
  id: string;
  customer_id: string;
  name?: string;
  detail?: string;
  /** The key itself: only in the answer that creates it, never in a list. */
  token?: string;
  token_prefix?: string;
  /** Null when it never expires. */
  tm_expire: string | null;
  tm_create: string | null;
  tm_update: string | null;
  tm_delete: string | null;
}
