import type { WireAccessKey, WireBillingAccount, WireCustomer } from '../api/wire-account.ts';
import { renderTime, type TimestampStyle } from './render.ts';
import type { SimAccessKey, SimBillingAccount, SimCustomer } from './sim-types.ts';

const NIL = '00000000-0000-0000-0000-000000000000';

/** GET /customer as the server answers it, webhook secret included (fields in the server's order). */
export function renderCustomer(
  c: SimCustomer,
  billing: SimBillingAccount | null,
  style: TimestampStyle,
): WireCustomer {
  return {
    id: c.id,
    ...(c.name && { name: c.name }),
    email: 'owner@example.com',
    billing_account_id: billing?.id ?? NIL,
    metadata: { rtp_debug: false },
    email_verified: true,
    status: 'active',
    identity_verification_status: c.identityVerification,
    tm_deletion_scheduled: renderTime(null, style),
    tm_create: renderTime(c.tmCreate, style),
    tm_update: renderTime(null, style),
    tm_delete: renderTime(null, style),
    webhook_secret: c.webhookSecret,
  };
}

/** GET /billing_account as the server answers it. */
export function renderBillingAccount(
  b: SimBillingAccount,
  customerId: string,
  style: TimestampStyle,
): WireBillingAccount {
  return {
    id: b.id,
    customer_id: customerId,
    name: '',
    detail: '',
    plan_type: b.planType,
    plan_status: 'active',
    balance_credit: b.balanceMicros,
    balance_token: 0,
    payment_type: 'prepaid',
    payment_method: '',
    tm_last_topup: renderTime(null, style),
    tm_next_topup: renderTime(null, style),
    tm_create: renderTime(b.tmCreate, style),
    tm_update: renderTime(null, style),
    tm_delete: renderTime(null, style),
  };
}

/** An entry of GET /accesskeys: the prefix, never the key or its hash. */
export function renderAccessKey(k: SimAccessKey, customerId: string, style: TimestampStyle): WireAccessKey {
  return {
    id: k.id,
    customer_id: customerId,
    ...(k.name && { name: k.name }),
    token_prefix: k.tokenPrefix,
    tm_expire: renderTime(k.tmExpire, style),
    tm_create: renderTime(k.tmCreate, style),
    tm_update: renderTime(null, style),
    tm_delete: renderTime(null, style),
  };
}
