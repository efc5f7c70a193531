import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/model/account.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

function facts(planType: string | undefined): AccountFacts {
  const customer = {
    id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
    name: 'Acme',
    identityVerification: 'verified',
  };
  return planType === undefined
    ? { customer }
    : { customer, billing: { planType, balanceMicros: 100_000_000 } };
}

const virtual = (i: number, block = 1) => `+899${block}00${String(i).padStart(6, '0')}`;
const held = (count: number) => Array.from({ length: count }, (_, i) => currentNumber(virtual(i + 1)));

/** The plan as `action number [reason code: after]`, in its order. */
function steps(plan: Plan): string[] {
  return plan.changes.map((c) => {
    const why = c.reason ? ` ${c.reason.code}${c.reason.after ? `: ${c.reason.after.join(' ')}` : ''}` : '';
    return `${c.action} ${c.number}${why}`;
  });
}

/** Keeps the account's virtual numbers `keep` (by position) and declares `add` new ones. */
function swap(current: CurrentNumber[], keep: number, add: number, extra: ResolvedNumber[] = []): Plan {
  const numbers = [
    ...current.slice(0, keep).map((n) => desiredNumber(n.number)),
    ...Array.from({ length: add }, (_, i) => desiredNumber(virtual(i + 1, 2))),
    ...extra,
  ];
  return buildPlan({ numbers, policy: policy() }, current);
}

describe('orderForLimits', () => {
  it('releases first, one for each create, when the account is at its limit', () => {
    const current = held(5);
    const plan = orderForLimits(swap(current, 3, 2), current, facts('free'));
    expect(steps(plan)).toEqual([
      'delete +899100000004 RELEASED_FIRST',
      'delete +899100000005 RELEASED_FIRST',
      'create +899200000001 AFTER_RELEASE: +899100000004',
      'create +899200000002 AFTER_RELEASE: +899100000005',
    ]);
    expect(plan.changes[0]!.reason!.message).toBe(
      "released first to stay within the free plan's 5 virtual numbers",
    );
    expect(plan.changes[2]!.reason!.message).toBe(
      "created once +899100000004 is released, to stay within the free plan's 5 virtual numbers",
    );
  });

  it('releases just enough first: the room left goes to the first creates, which wait for nothing', () => {
    const current = held(4);
    const plan = orderForLimits(swap(current, 2, 3), current, facts('free'));
    // 4 held + 3 created = 7: 2 over the limit of 5, so 2 of the 2 releases go first.
    expect(steps(plan)).toEqual([
      'delete +899100000003 RELEASED_FIRST',
      'delete +899100000004 RELEASED_FIRST',
      'create +899200000001',
      'create +899200000002 AFTER_RELEASE: +899100000003',
      'create +899200000003 AFTER_RELEASE: +899100000004',
    ]);
    const one = orderForLimits(swap(current, 1, 2), current, facts('free'));
    // 4 + 2 = 6: one release of three goes first; the others stay at the end.
    expect(steps(one)).toEqual([
      'delete +899100000002 RELEASED_FIRST',
      'create +899200000001',
      'create +899200000002 AFTER_RELEASE: +899100000002',
      'delete +899100000003',
      'delete +899100000004',
    ]);
  });

  it('makes every create wait for the releases that bring an account over its limit back under it', () => {
    const current = held(7);
    const plan = orderForLimits(swap(current, 4, 1), current, facts('free'));
    expect(steps(plan)).toEqual([
      'delete +899100000005 RELEASED_FIRST',
      'delete +899100000006 RELEASED_FIRST',
      'delete +899100000007 RELEASED_FIRST',
      'create +899200000001 AFTER_RELEASE: +899100000005 +899100000006 +899100000007',
    ]);
    expect(plan.changes[3]!.reason!.message).toBe(
      "created once +899100000005, +899100000006, +899100000007 are released, to stay within the free plan's 5 virtual numbers",
    );
  });

  it('leaves a plan that fits, or has no virtual creates, or no limit, as it is', () => {
    const current = held(3);
    const fits = swap(current, 2, 2);
    expect(orderForLimits(fits, current, facts('free'))).toBe(fits);
    const big = held(6);
    const releasesOnly = swap(big, 3, 0);
    expect(orderForLimits(releasesOnly, big, facts('free'))).toBe(releasesOnly);
    const over = swap(big, 3, 2);
    expect(orderForLimits(over, big, facts('unlimited'))).toBe(over);
    expect(orderForLimits(over, big, facts('enterprise'))).toBe(over);
    expect(orderForLimits(over, big, facts(undefined))).toBe(over);
  });

  it('never releases first a normal number or a held release, and leaves a plan that cannot fit as it is', () => {
    const current = [...held(5), currentNumber('+15550000001')];
    const normalOnly = swap(current, 5, 1);
    expect(steps(normalOnly)).toEqual(['create +899200000001', 'delete +15550000001']);
    expect(orderForLimits(normalOnly, current, facts('free'))).toBe(normalOnly);

    const pending = [...held(5), currentNumber('+15559999999', { status: 'purchase-pending' })];
    const heldPlan = swap(pending, 3, 2, [desiredNumber('+15559999999')]);
    expect(heldPlan.changes.filter((c) => c.action === 'delete').map((c) => c.reason?.code)).toEqual([
      'HELD',
      'HELD',
    ]);
    expect(orderForLimits(heldPlan, pending, facts('free'))).toBe(heldPlan);
  });

  it('counts deleted rows out, and creates of normal numbers never wait', () => {
    const current = [...held(5), currentNumber('+899100000099', { status: 'deleted' })];
    const plan = orderForLimits(
      swap(current.slice(0, 5), 4, 1, [desiredNumber('+15551234567')]),
      current,
      facts('free'),
    );
    expect(steps(plan)).toEqual([
      'delete +899100000005 RELEASED_FIRST',
      'create +15551234567',
      'create +899200000001 AFTER_RELEASE: +899100000005',
    ]);
  });

  it('keeps the diagnostics, and gives the same plan when run twice', () => {
    const current = [...held(5), currentNumber('+15550000001', { status: 'weird' })];
    const first = orderForLimits(
      swap(current, 3, 2, [desiredNumber('+15550000001')]),
      current,
      facts('free'),
    );
    expect(first.diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_STATUS']);
    expect(orderForLimits(first, current, facts('free'))).toEqual(first);
  });
});
