import type { Diagnostic } from '../errors/diagnostic.ts';
import { quoteOutside } from '../errors/redact.ts';
import {
  checksBalance,
  NORMAL_NUMBER_PRICE_MICROS,
  nextRenewalAt,
  RENEWAL_AGE_DAYS,
  virtualNumberLimit,
  type AccountFacts,
} from '../model/account.ts';
import { compareText } from '../model/compare-text.ts';
import { countNoun, listSome, pluralize } from '../model/count-noun.ts';
import { formatAge } from '../model/format-age.ts';
import { formatDollars } from '../model/money.ts';
import type { CurrentNumber } from '../model/number.ts';
import { classifyStatus } from '../model/number-status.ts';
import { countVirtualNumbers, releasableFirst, virtualCreates } from './order-for-limits.ts';
import type { Plan } from './plan-types.ts';

/** An access key that expires within this many days is a warning. */
export const KEY_EXPIRY_WARNING_DAYS = 14;

/** Renewals due within this many days that the balance cannot cover are a warning. */
export const RENEWAL_WARNING_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * What VoIPBIN would refuse when the plan is applied, told before anything is sent, from the
 * facts an access key can read about its account (GET /customer, /billing_account, /accesskeys):
 *
 * - errors: normal purchases while the customer's identity is not `verified`; normal purchases
 *   the balance cannot cover, at $5.00 each (VoIPBIN checks before each purchase and charges
 *   after it, so N purchases need N × $5.00; not on the `unlimited` plan type); any purchase
 *   without a billing account; virtual creates beyond the plan type's limit, counted in apply's
 *   order (releases marked `RELEASED_FIRST` by orderForLimits run before the creates); an access
 *   key that has expired;
 * - warnings: an access key that expires within 14 days; normal numbers renewed within 7 days
 *   (at $5.00 each) that the balance left after the plan's purchases cannot cover, since VoIPBIN
 *   deletes a number whose renewal the balance cannot pay.
 *
 * The checks on time need `now` (ms since the epoch) and are left out without it. Pure; the
 * errors stop the plan, the warnings are printed with it and are no change (see
 * planHasDifferences).
 */
export function predictFailures(
  plan: Plan,
  current: readonly CurrentNumber[],
  facts: AccountFacts,
  now?: number,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const creates = plan.changes.filter((c) => c.action === 'create');
  const purchases = creates.filter((c) => c.type === 'normal').map((c) => c.number);
  const { billing } = facts;

  if (billing === undefined && creates.length > 0) {
    out.push({
      severity: 'error',
      code: 'NO_BILLING_ACCOUNT',
      message: `The account has no billing account, so VoIPBIN refuses every purchase: the plan would add ${countNoun(creates.length, 'number')} (${listSome(creates.map((c) => c.number))}).`,
      hint: 'Set up billing for the account in the VoIPBIN console, then plan again.',
    });
  }

  const identity = facts.customer.identityVerification;
  if (purchases.length > 0 && identity !== 'verified') {
    out.push({
      severity: 'error',
      code: 'IDENTITY_NOT_VERIFIED',
      message: `The plan buys ${countNoun(purchases.length, 'normal number')} (${listSome(purchases)}), but the account's identity verification is ${JSON.stringify(quoteOutside(identity, [], 40))}: VoIPBIN sells normal numbers only to verified customers.`,
      hint: 'Complete identity verification in the VoIPBIN console, or leave the normal numbers out of this apply (--target the others). Virtual numbers need no verification.',
    });
  }

  if (billing !== undefined && checksBalance(billing) && purchases.length > 0) {
    const need = purchases.length * NORMAL_NUMBER_PRICE_MICROS;
    if (billing.balanceMicros < need) {
      const short = need - billing.balanceMicros;
      out.push({
        severity: 'error',
        code: 'INSUFFICIENT_BALANCE',
        message: `The plan buys ${countNoun(purchases.length, 'normal number')} at ${formatDollars(NORMAL_NUMBER_PRICE_MICROS)} each, which needs a balance of ${formatDollars(need)}; the balance is ${formatDollars(billing.balanceMicros)}, ${formatDollars(short)} short.`,
        hint: `Add at least ${formatDollars(short)} to the balance in the VoIPBIN console, or buy fewer numbers in this apply (--target). VoIPBIN checks the balance before each purchase and charges it after.`,
      });
    }
  }

  const overLimit = checkVirtualLimit(plan, current, facts);
  if (overLimit) out.push(overLimit);

  if (now !== undefined) {
    const expiry = checkKeyExpiry(facts, now);
    if (expiry) out.push(expiry);
    const renewals = checkRenewals(plan, current, facts, now);
    if (renewals) out.push(renewals);
  }
  return out;
}

/** The virtual creates against the plan type's limit, with the releases apply runs first. */
function checkVirtualLimit(
  plan: Plan,
  current: readonly CurrentNumber[],
  facts: AccountFacts,
): Diagnostic | undefined {
  const limit = virtualNumberLimit(facts);
  const creates = virtualCreates(plan).length;
  if (limit === undefined || creates === 0) return undefined;
  const holds = countVirtualNumbers(current);
  const first = plan.changes.filter((c) => c.reason?.code === 'RELEASED_FIRST').length;
  const peak = holds - first + creates;
  if (peak <= limit) return undefined;
  const planType = facts.billing!.planType;
  const releases = plan.changes.filter((c) => c.action === 'delete' && c.type === 'virtual').length;
  const held = releases - releasableFirst(plan).length;
  const after = first > 0 ? ` after releasing ${first}` : '';
  const hints = [
    held > 0
      ? `${countNoun(held, 'virtual release')} of the plan ${held === 1 ? 'is' : 'are'} held while purchases are unconfirmed, so ${held === 1 ? 'it cannot' : 'they cannot'} make room (--release-while-pending releases anyway).`
      : '',
    `Release virtual numbers the configuration no longer needs, create fewer (--target), or move the account to a plan type with a higher limit.`,
  ];
  return {
    severity: 'error',
    code: 'VIRTUAL_NUMBER_LIMIT',
    message: `The ${planType} plan allows ${countNoun(limit, 'virtual number')}; the account holds ${holds} and the plan creates ${creates}${after}, which makes ${peak}: ${peak - limit} over the limit, so VoIPBIN would refuse ${peak - limit === 1 ? 'a create' : `${peak - limit} creates`}.`,
    hint: hints.filter((h) => h !== '').join(' '),
  };
}

/** An expired access key (error) or one that expires within 14 days (warning). */
function checkKeyExpiry(facts: AccountFacts, now: number): Diagnostic | undefined {
  const expiresAt = facts.accessKey?.expiresAt;
  const at = expiresAt == null ? NaN : Date.parse(expiresAt);
  if (Number.isNaN(at)) return undefined;
  const when = new Date(at).toISOString();
  const renew =
    'Create a new access key in the VoIPBIN admin console and give it to numform (VOIPBIN_ACCESSKEY or --accesskey) wherever it runs.';
  if (at <= now) {
    return {
      severity: 'error',
      code: 'ACCESS_KEY_EXPIRED',
      message: `The access key expired at ${when} (${formatAge(now - at)} ago): VoIPBIN refuses it, so apply would fail.`,
      hint: renew,
    };
  }
  if (at - now > KEY_EXPIRY_WARNING_DAYS * DAY_MS) return undefined;
  return {
    severity: 'warning',
    code: 'ACCESS_KEY_EXPIRING',
    message: `The access key expires at ${when} (in ${formatAge(at - now)}); from then on every plan and apply with it fails.`,
    hint: renew,
  };
}

/**
 * Normal numbers renewed within 7 days that the balance cannot all pay for once the plan's
 * purchases are charged. VoIPBIN skips a renewal whose balance check fails to answer, so without a
 * billing account no number is lost this way (and every purchase is an error anyway).
 */
function checkRenewals(
  plan: Plan,
  current: readonly CurrentNumber[],
  facts: AccountFacts,
  now: number,
): Diagnostic | undefined {
  const { billing } = facts;
  if (billing === undefined || !checksBalance(billing)) return undefined;
  const released = new Set(
    plan.changes.filter((c) => c.action === 'delete' && c.reason?.code !== 'HELD').map((c) => c.number),
  );
  const horizon = now + RENEWAL_WARNING_DAYS * DAY_MS;
  const due: { number: string; at: number }[] = [];
  for (const n of current) {
    if (n.type !== 'normal' || n.tmRenew === null || released.has(n.number)) continue;
    // Never sooner than RENEWAL_AGE_DAYS after the last renewal: most numbers are ruled out by
    // that, without the calendar arithmetic of nextRenewalAt.
    if (!(Date.parse(n.tmRenew) + RENEWAL_AGE_DAYS * DAY_MS <= horizon)) continue;
    const at = nextRenewalAt(n.tmRenew);
    if (at === undefined || at > horizon || classifyStatus(n.status) === 'deleted') continue;
    due.push({ number: n.number, at });
  }
  due.sort((a, b) => a.at - b.at || compareText(a.number, b.number));
  if (due.length === 0) return undefined;
  const purchases = plan.changes.filter((c) => c.action === 'create' && c.type === 'normal').length;
  const balance = billing.balanceMicros - purchases * NORMAL_NUMBER_PRICE_MICROS;
  const need = due.length * NORMAL_NUMBER_PRICE_MICROS;
  if (balance >= need) return undefined;
  const covered = Math.max(0, Math.floor(balance / NORMAL_NUMBER_PRICE_MICROS));
  const afterPurchases =
    purchases > 0
      ? ` once this plan's ${pluralize(purchases, 'purchase')} ${purchases === 1 ? 'is' : 'are'} charged`
      : '';
  const list = listSome(due.map((d) => `${d.number} on ${new Date(d.at).toISOString().slice(0, 10)}`));
  return {
    severity: 'warning',
    code: 'RENEWAL_AT_RISK',
    message: `${countNoun(due.length, 'normal number')} ${due.length === 1 ? 'renews' : 'renew'} within ${RENEWAL_WARNING_DAYS} days at ${formatDollars(NORMAL_NUMBER_PRICE_MICROS)} each (${list}), which needs ${formatDollars(need)}; the balance is ${formatDollars(balance)}${afterPurchases}, enough for ${covered}. VoIPBIN deletes a number whose renewal the balance cannot pay, and it is lost.`,
    hint: `Add at least ${formatDollars(need - balance)} to the balance in the VoIPBIN console before the renewals, or release the numbers you no longer need.`,
  };
}
