import { describe, expect, it } from 'vitest';
import {
  checksBalance,
  nextRenewalAt,
  virtualNumberLimit,
  type AccountFacts,
} from '../../src/model/account.ts';

const customer = {
  id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
  name: 'Acme',
  identityVerification: 'verified',
};

function facts(planType?: string): AccountFacts {
  return planType === undefined ? { customer } : { customer, billing: { planType, balanceMicros: 0 } };
}

describe('virtualNumberLimit', () => {
  it.each([
    ['free', 5],
    ['basic', 50],
    ['professional', 500],
  ])('is %s: %d', (planType, limit) => {
    expect(virtualNumberLimit(facts(planType))).toBe(limit);
  });

  it('is none on unlimited, on a plan type VoIPBIN may add, and without a billing account', () => {
    expect(virtualNumberLimit(facts('unlimited'))).toBeUndefined();
    expect(virtualNumberLimit(facts('enterprise'))).toBeUndefined();
    expect(virtualNumberLimit(facts())).toBeUndefined();
  });
});

describe('checksBalance', () => {
  it('is true for every plan type but unlimited', () => {
    expect(checksBalance({ planType: 'unlimited', balanceMicros: 0 })).toBe(false);
    expect(checksBalance({ planType: 'free', balanceMicros: 0 })).toBe(true);
    expect(checksBalance({ planType: 'professional', balanceMicros: 0 })).toBe(true);
  });
});

describe('nextRenewalAt', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is 28 days after the last renewal', () => {
    expect(nextRenewalAt('2026-02-10T08:00:00Z')).toBe(at('2026-03-10T08:00:00Z'));
    expect(nextRenewalAt('2026-01-31T23:59:59.5Z')).toBe(at('2026-02-28T23:59:59.5Z'));
  });

  it('is never in the calendar month (UTC) of the last renewal', () => {
    // 28 days after 1 January is 29 January: the sweep renews at most once a month.
    expect(nextRenewalAt('2026-01-01T00:00:00Z')).toBe(at('2026-02-01T00:00:00Z'));
    expect(nextRenewalAt('2026-03-03T12:00:00Z')).toBe(at('2026-04-01T00:00:00Z'));
    expect(nextRenewalAt('2026-12-02T00:00:00Z')).toBe(at('2027-01-01T00:00:00Z'));
  });

  it('is undefined without a renewal time, or with one that is not a time', () => {
    expect(nextRenewalAt(null)).toBeUndefined();
    expect(nextRenewalAt('soon')).toBeUndefined();
  });
});
