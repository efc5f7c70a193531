import { UnusableAnswer } from './check-answer.ts';
import { parseTimestampMicros } from './timestamps.ts';
import type { WireAccessKey } from './wire-account.ts';
import type { AccountFacts } from '../model/account.ts';

/** Who the key acts for: all numform ever reads of GET /customer. */
export type CustomerFacts = AccountFacts['customer'];

/** The plan type and balance: all numform reads of GET /billing_account. */
export type BillingFacts = NonNullable<AccountFacts['billing']>;

/** The kind of a JSON value, for messages that must not quote the value itself. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UnusableAnswer(`is not ${what} but ${kindOf(body)}`);
  }
  return body as Record<string, unknown>;
}

/**
 * GET /customer, reduced to the id, the name and the identity verification status. The answer also
 * holds the customer's webhook signing secret: nothing else is copied out of it, and no problem
 * found here quotes a value (only its kind), so no error can carry the secret either.
 */
export function checkCustomer(body: unknown): CustomerFacts {
  const c = asObject(body, 'a customer');
  const text = (key: string, required: boolean): string => {
    const value = c[key];
    if (value === undefined && !required) return '';
    if (typeof value !== 'string' || (required && value === '')) {
      throw new UnusableAnswer(`is a customer whose "${key}" is not usable text (it is ${kindOf(value)})`);
    }
    return value;
  };
  // `name` is left out when empty (omitempty); the other two are always sent.
  return {
    id: text('id', true),
    name: text('name', false),
    identityVerification: text('identity_verification_status', true),
  };
}

/** GET /billing_account, reduced to the plan type and the balance (integer micros). */
export function checkBillingAccount(body: unknown): BillingFacts {
  const b = asObject(body, 'a billing account');
  const planType = b.plan_type;
  if (typeof planType !== 'string' || planType === '') {
    throw new UnusableAnswer(`is a billing account without a "plan_type" (it is ${kindOf(planType)})`);
  }
  const balance = b.balance_credit;
  if (typeof balance !== 'number' || !Number.isSafeInteger(balance)) {
    throw new UnusableAnswer(
      `is a billing account whose "balance_credit" is not a whole number of micros (it is ${kindOf(balance)}` +
        `${typeof balance === 'number' ? ` ${balance}` : ''})`,
    );
  }
  return { planType, balanceMicros: balance };
}

/** An entry of GET /accesskeys the client can use: an id, a prefix when given, times that parse. */
export function checkWireAccessKey(value: unknown, where: string): WireAccessKey {
  const key = asObject(value, `an access key (${where})`);
  const who = `lists an access key (${where})`;
  if (typeof key.id !== 'string' || key.id === '') throw new UnusableAnswer(`${who} without an "id"`);
  if (key.token_prefix !== undefined && typeof key.token_prefix !== 'string') {
    throw new UnusableAnswer(`${who} whose "token_prefix" is not text`);
  }
  for (const time of ['tm_expire', 'tm_create'] as const) {
    const t = key[time];
    if (t === undefined || t === null) continue;
    let ok = typeof t === 'string';
    try {
      if (ok) parseTimestampMicros(t as string);
    } catch {
      ok = false;
    }
    if (!ok) throw new UnusableAnswer(`${who} whose ${time} is not a time`);
  }
  return key as unknown as WireAccessKey;
}
